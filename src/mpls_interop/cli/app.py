"""The ``interop`` command line (typer + rich): one module per command group, assembled here.

Exit codes: 0 success, 1 findings or failed checks, 2 bad input or usage.
"""

from __future__ import annotations

import sys
import warnings

import typer

from mpls_interop.cli import intent_cmds, lab_cmds, net, ownership_cmds
from mpls_interop.cli.common import err
from mpls_interop.core.intent import IntentDeprecation
from mpls_interop.sdk.errors import InputError
from mpls_interop.sdk.quiet import quiet_libraries
from mpls_interop.sdk.secrets import scrub

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


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
    """Deprecations and other warnings for people: one ``warning:`` line, no source location."""
    if issubclass(category, IntentDeprecation):
        err.print(f"warning: {message}", markup=False, highlight=False, soft_wrap=True)
    else:
        _default_showwarning(message, category, filename, lineno, file, line)


_default_showwarning = warnings.showwarning


def main() -> None:
    quiet_libraries()
    warnings.showwarning = _one_line_warning
    warnings.simplefilter("once", IntentDeprecation)
    try:
        app()  # standalone: usage errors print click's message and exit 2
    except InputError as exc:
        err.print(f"error: {scrub(exc)}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("aborted")
        sys.exit(130)
