"""The ``interop`` command line (typer + rich): one module per command group, assembled here.

Exit codes: 0 success, 1 findings or failed checks, 2 bad input or usage.
"""

from __future__ import annotations

import sys
import warnings

import typer

from mpls_interop.cli import intent_cmds
from mpls_interop.cli.common import err
from mpls_interop.core.intent import IntentDeprecation
from mpls_interop.sdk.errors import InputError
from mpls_interop.sdk.quiet import quiet_libraries
from mpls_interop.sdk.secrets import scrub

#: commands that read the intent or files only: they run without importing the device side
#: (drivers, Nornir, deploy, the lab starter), a fifth of a ``render``'s CPU at 100 routers
INTENT_COMMANDS = frozenset(
    (c.name or c.callback.__name__).replace("_", "-")  # type: ignore[union-attr]
    for c in intent_cmds.app.registered_commands
)


def build_app(intent_only: bool = False) -> typer.Typer:
    """The ``interop`` application: every command group, or only the intent commands."""
    app = typer.Typer(
        add_completion=False,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        help="Render, lint, deploy and verify Junos + NetIron MPLS interop from one intent.",
    )
    app.add_typer(intent_cmds.app)
    if not intent_only:
        from mpls_interop.cli import lab_cmds, net, ownership_cmds

        app.add_typer(net.app)
        app.add_typer(lab_cmds.lab_app, name="lab")
        app.add_typer(ownership_cmds.app)
    return app


def __getattr__(name: str) -> typer.Typer:
    if name == "app":  # the whole application, built on first use (documentation, tests)
        globals()["app"] = full = build_app()
        return full
    raise AttributeError(name)


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
        command = sys.argv[1] if len(sys.argv) > 1 else ""
        build_app(intent_only=command in INTENT_COMMANDS)()  # standalone: usage errors exit 2
    except InputError as exc:
        err.print(f"error: {scrub(exc)}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("aborted")
        sys.exit(130)
