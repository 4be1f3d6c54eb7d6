"""What NetIron lets one change on an RSVP LSP while it is enabled.

An enabled LSP's parameters cannot be changed: the change is refused until the LSP is disabled
(``disable``, change, ``enable``). An ``adaptive`` LSP accepts the change while up (make before
break): the running config shows it at once, the LSP keeps its signalled instance until it is
re-enabled (the new instance is then signalled). The destination (``to``) of an enabled LSP never
changes, adaptive or not. The reply texts are best knowledge (no real transcript found).
"""

from __future__ import annotations

from mpls_interop_lab.netiron.tokens import error
from mpls_interop_lab.netiron.tree import CNode


def _lines(node: CNode) -> list[tuple[int, str]]:
    return [(d, n.line) for d, n in node.walk()]


class LspGuard:
    """Taken before a line runs in an LSP (or its ``frr``/secondary sub-mode); ``check`` after."""

    def __init__(self, lsp: CNode) -> None:
        self.lsp = lsp
        self.before = lsp.clone()
        # the nodes themselves are kept (the session's mode chain points at them)
        self._snap = [(n, list(n.children), n.line) for n in [lsp, *(c for _, c in lsp.walk())]]
        self.enabled = lsp.child("enable") is not None
        self.adaptive = lsp.child("adaptive") is not None

    def check(self) -> None:
        """Refuse (and undo) a parameter change the LSP's state does not allow."""
        old, new = _lines(self.before), _lines(self.lsp)
        if old == new:
            return
        name = self.lsp.words()[1]
        admin_only = [x for x in old if x != (0, "enable")] == [x for x in new if x != (0, "enable")]
        if admin_only:
            # disable/enable: a re-enabled LSP is signalled with what the config says now
            self.lsp.signalled = None
            return
        if not self.enabled:
            return
        to_changed = [x for x in old if x[1].startswith("to ")] != [
            x for x in new if x[1].startswith("to ")
        ]
        if self.adaptive and not to_changed:
            if self.lsp.signalled is None:
                self.lsp.signalled = self.before
            return
        for node, children, line in self._snap:
            node.children, node.line = children, line
        if to_changed:
            raise error(f"LSP {name} is enabled, its destination cannot be changed; disable it first")
        raise error(
            f"LSP {name} is enabled, disable it before changing its parameters "
            "(or configure it adaptive)"
        )
