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

    def __init__(self, *errors: RpcErrorInfo, wrapper: str | None = None) -> None:
        self.errors = list(errors)
        self.wrapper = wrapper
        super().__init__("; ".join(e.message for e in self.errors))


def syntax_rpc_error(exc: JunosSyntaxError, wrapper: str | None = None) -> JunosRpcError:
    return JunosRpcError(
        RpcErrorInfo(
            message=str(exc),
            path=exc.edit_path,
            bad_element=exc.statement,
        ),
        wrapper=wrapper,
    )
