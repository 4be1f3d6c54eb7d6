"""The ``interop`` command line (typer + rich): one module per command group, assembled here.

Exit codes: 0 success, 1 findings or failed checks, 2 bad input or usage.
"""

from __future__ import annotations

import sys

import typer

from mpls_interop.cli import intent_cmds, lab_cmds, net, ownership_cmds
from mpls_interop.cli.common import err
from mpls_interop.sdk.errors import InputError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Render, lint, deploy and verify Junos + NetIron MPLS interop from one intent.",
)
app.add_typer(intent_cmds.app)
app.add_typer(net.app)
app.add_typer(lab_cmds.lab_app, name="lab")
app.add_typer(ownership_cmds.app)


def main() -> None:
    try:
        app()  # standalone: usage errors print click's message and exit 2
    except InputError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("aborted")
        sys.exit(130)
