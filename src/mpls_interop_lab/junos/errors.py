"""Errors the emulated device reports, rendered by the NETCONF layer as ``<rpc-error>``."""

from __future__ import annotations

from dataclasses import dataclass, field

from mpls_interop_lab.junos.tree import JunosSyntaxError


@dataclass
class RpcErrorInfo:
    """One ``<rpc-error>``: type, tag, severity, message, plus Junos's path and bad element."""

    message: str
    error_type: str = "protocol"
    tag: str = "operation-failed"
    severity: str = "error"
    path: str | None = None
    bad_element: str | None = None
    info: dict[str, str] = field(default_factory=dict)


class JunosRpcError(Exception):
    """An RPC failed; ``errors`` become ``<rpc-error>`` elements.

    ``wrapper`` names the results element Junos puts the errors in (``load-configuration-results``,
    ``commit-results``), None for errors directly in ``<rpc-reply>``.
    """

    def __init__(
        self, *errors: RpcErrorInfo, wrapper: str | None = None, load_error_count: int | None = None
    ) -> None:
        self.errors = list(errors)
        self.wrapper = wrapper
        self.load_error_count = load_error_count  # ``<load-error-count>`` after the errors
        super().__init__("; ".join(e.message for e in self.errors))


def syntax_rpc_error(exc: JunosSyntaxError, wrapper: str | None = None) -> JunosRpcError:
    """One ``<rpc-error>`` per refused statement, then (in ``<load-configuration-results>``)
    ``<load-error-count>``, as Junos does."""
    infos = []
    for err in exc.errors:
        bad = err.statement
        if err.value is not None and bad is not None:
            bad = f"{bad} {err.value}"
        infos.append(RpcErrorInfo(message=err.message, path=err.edit_path, bad_element=bad))
    count = len(infos) if wrapper == "load-configuration-results" else None
    return JunosRpcError(*infos, wrapper=wrapper, load_error_count=count)
