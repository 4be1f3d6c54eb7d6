"""NetIron running configuration: a tree of canonical lines, fed one CLI line at a time.

The network model reads the tree (``root.find("interface")``, ``node.first("ip mtu")``, ...);
the CLI feeds it with :meth:`NetIronConfig.execute`. Canonical lines follow what NetIron shows in
``show running-config``: ``interface ethernet 1/1``, ``tagged ethe 1/5 to 1/7`` (VLAN and VPLS),
``tagged e 2/1`` (VLL), ``mpls-interface e1/1`` / ``mpls-interface ve100``, ``primary-path P`` and
``secondary-path S`` in an LSP (``primary``/``secondary`` are accepted abbreviations).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mpls_interop_lab.netiron import grammar
from mpls_interop_lab.netiron.ports import expand_port_list
from mpls_interop_lab.netiron.tokens import ConfigError, Tokens, invalid
from mpls_interop_lab.netiron.tree import CNode

__all__ = ["CNode", "ConfigError", "ExecResult", "NetIronConfig", "expand_port_list"]


@dataclass
class ExecResult:
    """What one line did in the CLI session."""

    #: the mode chain after the line (blocks below the root; [] = global config)
    context: list[CNode]
    #: "end" (leave config mode), "show" / "write" (an exec command typed in config mode)
    action: str | None = None
    #: notice NetIron prints for an accepted line
    message: str = ""
    #: the line's words, for ``show``/``write``
    words: list[str] = field(default_factory=list)
    changed: bool = False


class NetIronConfig:
    """A device's configuration (running or saved)."""

    def __init__(self) -> None:
        self.root = CNode("", kind="root")
        #: lines the device writes itself at the top (``ver ...``, ``module ...``)
        self.header: list[str] = []

    @classmethod
    def factory(
        cls, hostname: str, mgmt_address: str = "192.0.2.1/24", header: list[str] | None = None
    ) -> NetIronConfig:
        """Factory-default configuration: hostname and an addressed management port."""
        cfg = cls()
        cfg.header = list(header or [])
        for ctx, line in (
            ([], f"hostname {hostname}"),
            ([], "interface management 1"),
            (["interface management 1"], f"ip address {mgmt_address}"),
            (["interface management 1"], "enable"),
        ):
            cfg.apply(ctx, line)
        return cfg

    # -- reading ---------------------------------------------------------------------------

    @property
    def hostname(self) -> str | None:
        node = self.root.child("hostname")
        return node.words()[1] if node else None

    @property
    def frame_size(self) -> int:
        """``default-max-frame-size`` (FCS included); 1518 when not configured."""
        node = self.root.child("default-max-frame-size")
        return int(node.words()[1]) if node else grammar.DEFAULT_FRAME

    def ve_bound(self, ve: int) -> bool:
        """A VLAN or VPLS VLAN names ``ve`` as its router-interface."""
        line = f"router-interface ve {ve}"
        return any(n.line == line for _, n in self.root.walk())

    def signature(self) -> tuple[tuple[int, str], ...]:
        return tuple((d, n.line) for d, n in self.root.walk())

    # -- changing --------------------------------------------------------------------------

    def execute(self, context: list[CNode], line: str, strict: bool = True) -> ExecResult:
        """Run one config-mode line in the mode ``context``; raises :class:`ConfigError`.

        A command the current mode does not know is tried in the enclosing modes, as NetIron
        does, so pasted configs work without ``exit`` lines; leading spaces are ignored.
        """
        text = line.strip()
        if not text or text.startswith("!"):
            return ExecResult(list(context))
        toks = Tokens(text)
        chain = [self.root, *context]
        for depth in range(len(chain) - 1, -1, -1):
            found = grammar.lookup(chain[depth].kind, toks)
            if found is not None:
                break
        else:
            at = grammar.unknown_at(chain[-1].kind, toks)
            raise invalid(" ".join(toks.words[at:]))
        handler, negate = found
        mode = grammar.Mode(self, chain[depth], strict)
        before = self.signature()
        outcome = handler(mode, toks, negate) or grammar.Outcome()
        ctx = chain[1 : depth + 1]
        action = outcome.action
        if outcome.enter is not None:
            ctx = [*ctx, outcome.enter]
        elif action in ("show", "write"):
            ctx = list(context)  # exec commands typed in a sub-mode leave it as it is
        elif action == "exit":
            if ctx:
                ctx = ctx[:-1]
                action = None
            else:
                action = "end"
        return ExecResult(
            ctx, action, outcome.message, list(toks.words), self.signature() != before
        )

    def apply(self, context: list[str], line: str) -> None:
        """Apply one config line in the mode reached by the parent lines ``context``."""
        ctx: list[CNode] = []
        for entry in context:
            res = self.execute(ctx, entry)
            if len(res.context) != len(ctx) + 1 or res.context[:-1] != ctx:
                raise invalid(entry.strip())
            ctx = res.context
        self.execute(ctx, line)

    def copy(self) -> NetIronConfig:
        other = NetIronConfig()
        other.root = self.root.clone()
        other.header = list(self.header)
        return other

    # -- text ------------------------------------------------------------------------------

    def running_config(self) -> str:
        """``show running-config`` text."""
        return self.render("Current configuration")

    def render(self, title: str) -> str:
        out = [f"!{title}:", "!"]
        if self.header:
            out += [*self.header, "!"]
        shown = [c for c in self.root.children if not _hidden(c)]
        for i, node in enumerate(shown):
            out.append(node.line)
            _render_block(node, 1, out)
            nxt = shown[i + 1] if i + 1 < len(shown) else None
            if node.kind or nxt is None or nxt.kind:
                out.append("!")
        out += ["!", "end"]
        return "\n".join(out) + "\n"

    @classmethod
    def from_text(cls, text: str) -> NetIronConfig:
        """Parse a running/startup config (as :meth:`running_config` prints it) back."""
        cfg = cls()
        stack: list[tuple[int, CNode]] = []
        for raw in text.splitlines():
            stripped = raw.strip()
            if not stripped or stripped.startswith("!") or stripped == "end":
                continue
            if stripped.startswith("Startup-config data location"):
                continue
            indent = len(raw) - len(raw.lstrip(" "))
            if indent == 0 and stripped.split()[0] in ("ver", "module"):
                cfg.header.append(stripped)
                continue
            while stack and stack[-1][0] >= indent:
                stack.pop()
            ctx = [n for _, n in stack]
            res = cfg.execute(ctx, stripped, strict=False)
            if res.action is not None:
                raise invalid(stripped)
            if len(res.context) > len(ctx) and res.context[:-1] == ctx:
                stack.append((indent, res.context[-1]))
            elif res.context != ctx:
                stack = [(-1, n) for n in res.context[:-1]] + [(indent, n) for n in res.context[-1:]]
        return cfg


def _hidden(node: CNode) -> bool:
    """NetIron does not list ethernet ports that carry no configuration."""
    return node.line.startswith("interface ethernet") and not node.children


def _render_block(node: CNode, depth: int, out: list[str]) -> None:
    for child in node.children:
        out.append(" " * depth + child.line)
        _render_block(child, depth + 1, out)
        if node.kind == "mpls":
            out.append("")
