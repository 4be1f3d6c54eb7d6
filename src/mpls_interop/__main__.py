from mpls_interop.cli.app import main

main()
