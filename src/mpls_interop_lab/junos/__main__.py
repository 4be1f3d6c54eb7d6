"""Run one emulated Junos device for manual checks.

    JUNOS_LAB_PASSWORD=... python -m mpls_interop_lab.junos --hostname pe1 --port 8830 [--config pe1.conf]

The password comes from the environment so it never shows in the process list or the output.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
from pathlib import Path

from mpls_interop_lab.junos.device import JunosDevice
from mpls_interop_lab.junos.netconf import start_netconf_server


async def _serve(args: argparse.Namespace, password: str) -> None:
    config = Path(args.config).read_text() if args.config else None
    device = JunosDevice(args.hostname, model=args.model, config=config)
    acceptor = await start_netconf_server(device, args.host, args.port, args.user, password)
    print(f"{args.hostname}: NETCONF on {args.host}:{acceptor.get_port()} (user {args.user})", flush=True)
    await acceptor.wait_closed()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mpls_interop_lab.junos", description=__doc__.splitlines()[0])
    parser.add_argument("--hostname", default="pe1")
    parser.add_argument("--model", default="MX80")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--user", default="lab")
    parser.add_argument("--config", help="initial committed configuration (curly text)")
    args = parser.parse_args(argv)
    password = os.environ.get("JUNOS_LAB_PASSWORD")
    if not password:
        print("set JUNOS_LAB_PASSWORD", file=sys.stderr)
        return 2
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args, password))
    return 0


if __name__ == "__main__":
    sys.exit(main())
