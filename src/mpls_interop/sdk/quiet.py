"""The one place that keeps library threads and loggers off the terminal.

paramiko's transport thread logs a traceback at ERROR level when a server closes before its
banner or sends junk; ncclient's session thread logs the same way; an exception escaping any
other library thread would print Python's thread traceback. The drivers turn every such failure
into one line naming the device, so the libraries' own reports are redundant noise: their
loggers and warnings are silenced, and an exception escaping a thread becomes one scrubbed
``warning:`` line.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import warnings

from mpls_interop.sdk.secrets import scrub

LIBRARY_LOGGERS = ("paramiko", "netmiko", "ncclient", "jnpr", "nornir", "asyncssh")
_done = False


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else "thread"
    text = " ".join(str(args.exc_value).split())
    with contextlib.suppress(Exception):  # stderr gone at exit
        sys.stderr.write(f"warning: {name}: {args.exc_type.__name__}: {scrub(text)}\n")


def quiet_libraries() -> None:
    """Silence the libraries' loggers and one-line thread exceptions (idempotent)."""
    global _done
    # PyEZ warns "An unknown exception occurred - please report." before raising what the
    # driver reports anyway (filters are per process and may be reset: always (re)install)
    for module in LIBRARY_LOGGERS:
        warnings.filterwarnings("ignore", module=rf"{module}(\.|$)")
    if _done:
        return
    _done = True
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.CRITICAL + 1)
        logger.propagate = False
        logger.addHandler(logging.NullHandler())
    threading.excepthook = _thread_hook
