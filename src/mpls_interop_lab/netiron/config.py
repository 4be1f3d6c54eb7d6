"""NetIron running configuration: a tree of canonical lines, fed one CLI line at a time.

The network model reads the tree (``root.find("interface")``, ``node.first("ip mtu")``, ...);
the CLI feeds it with :meth:`NetIronConfig.execute`. Canonical lines follow what NetIron shows in
``show running-config``: ``interface ethernet 1/1``, ``tagged ethe 1/5 to 1/7`` (VLAN and VPLS),
``tagged e 2/1`` (VLL), ``mpls-interface e1/1`` / ``mpls-interface ve100``, ``primary-path P`` and
``secondary-path S`` in an LSP (``primary``/``secondary`` are accepted abbreviations).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mpls_interop_lab.netiron import grammar, known, lsp_guard
from mpls_interop_lab.netiron.ports import expand_port_list
from mpls_interop_lab.netiron.tokens import ConfigError, Tokens, invalid
from mpls_interop_lab.netiron.tree import LAST, CNode, changes, insert, touch

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
    #: the line changed the configuration (counted by the tree as it changes: comparing two
    #: full-config signatures around every line made a push quadratic in the config's size)
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
        """Every line with its depth (compared around each command: did it change anything?)."""
        out: list[tuple[int, str]] = []

        def collect(node: CNode, depth: int) -> None:
            for c in node.children:
                out.append((depth, c.line))
                if c.children:
                    collect(c, depth + 1)

        collect(self.root, 0)
        return tuple(out)

    # -- changing --------------------------------------------------------------------------

    def execute(
        self, context: list[CNode], line: str, strict: bool = True, loading: bool = False
    ) -> ExecResult:
        """Run one config-mode line in the mode ``context``; raises :class:`ConfigError`.

        A line runs in the current mode only: a command of another mode is ``Invalid input``
        (no silent pass-up to an enclosing mode). Lines the emulator does not model but NetIron
        has (see :mod:`known`) are kept verbatim. ``loading`` reads a saved config: new lines go
        after the ones already there, and any line below an unmodelled block is kept.
        """
        text = line.strip()
        if not text or text.startswith("!"):
            return ExecResult(list(context))
        toks = Tokens(text)
        node = context[-1] if context else self.root
        before = changes()
        if node.kind == "opaque":
            outcome = self._in_opaque(context, toks, loading)
        else:
            outcome = self._modelled(context, node, toks, strict, loading)
        ctx = list(context)
        action = outcome.action
        if outcome.enter is not None:
            ctx = [*ctx, outcome.enter]
        elif action == "exit":
            if ctx:
                ctx = ctx[:-1]
                action = None
            else:
                action = "end"
        return ExecResult(ctx, action, outcome.message, list(toks.words), changes() != before)

    def _modelled(
        self, context: list[CNode], node: CNode, toks: Tokens, strict: bool, loading: bool
    ) -> grammar.Outcome:
        """A line in a modelled mode; inside an LSP, what its state allows (see lsp_guard)."""
        lsp = next((c for c in reversed(context) if c.kind == "lsp"), None)
        guard = lsp_guard.LspGuard(lsp) if lsp is not None and strict else None
        outcome = self._dispatch(node, toks, strict, loading)
        if guard is not None:
            guard.check()
        return outcome

    def _dispatch(self, node: CNode, toks: Tokens, strict: bool, loading: bool) -> grammar.Outcome:
        found = grammar.lookup(node.kind, toks)
        mode = grammar.Mode(self, node, strict, loading)
        if loading and toks.words[0].lower() == "no" and found is not None:
            # a saved config shows `no X` only for a default it turns off: keep it as shown
            return _verbatim(mode, toks.text, loading)
        if found is None:
            if known.known(node.kind, toks.words) is None:
                raise invalid(" ".join(toks.words[grammar.unknown_at(node.kind, toks):]))
            return _verbatim(mode, toks.text, loading)
        handler, negate = found
        try:
            return handler(mode, toks, negate) or grammar.Outcome()
        except ConfigError as exc:
            if exc.kind != "invalid" or known.known(node.kind, toks.words) is None:
                raise
            return _verbatim(mode, toks.text, loading)

    def _in_opaque(self, context: list[CNode], toks: Tokens, loading: bool) -> grammar.Outcome:
        """A line inside an unmodelled block: session commands act; a command of an enclosing
        mode is Invalid input (no pass-up, and it is not this block's); anything else is kept."""
        node = context[-1]
        if not loading:
            found = grammar.lookup("opaque", toks)
            if found is not None:
                return found[0](grammar.Mode(self, node), toks, found[1]) or grammar.Outcome()
            outer = [self.root.kind, *(n.kind for n in context[:-1] if n.kind != "opaque")]
            for kind in outer:
                if grammar.lookup(kind, Tokens(toks.text)) or known.known(kind, toks.words):
                    raise invalid(toks.text)
        return _verbatim(grammar.Mode(self, node, False, loading), toks.text, loading)

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
            if _block(node) or nxt is None or _block(nxt):
                out.append("!")
        out += ["!", "end"]
        return "\n".join(out) + "\n"

    @classmethod
    def from_text(cls, text: str, errors: list[str] | None = None) -> NetIronConfig:
        """Read a running/startup config (a real one or one :meth:`running_config` printed).

        Indentation gives the blocks. Statements the emulator models are parsed; other NetIron
        statements, and every line below an unmodelled block, are kept verbatim in place. A line
        that is neither raises :class:`ConfigError` naming its line number, or is skipped and
        reported in ``errors`` when a list is given.
        """
        cfg = cls()
        stack: list[tuple[int, CNode]] = []
        #: the top-level block an unindented line just closed (real configs show a few of its
        #: lines unindented, e.g. `enable` under `interface ethernet 1/3`); cleared by `!`
        after: CNode | None = None
        for n, raw in enumerate(text.splitlines(), 1):
            stripped = raw.strip()
            if not stripped or stripped == "end" or stripped.startswith(_NOT_CONFIG):
                continue
            if stripped.startswith("!"):
                after = None
                continue
            indent = len(raw) - len(raw.lstrip())
            if indent == 0 and not stack and stripped.split()[0] in ("ver", "module"):
                cfg.header.append(stripped)
                continue
            if indent == 0 and stack and stack[0][1].kind not in ("", "opaque"):
                after = stack[0][1]
            while stack and stack[-1][0] >= indent:
                stack.pop()
            try:
                if indent == 0 and after is not None and cfg._try_in(after, stripped):
                    continue
                after = None if indent == 0 else after
                ctx = [node for _, node in stack]
                res = cfg.execute(ctx, stripped, strict=False, loading=True)
            except ConfigError as exc:
                message = f"line {n}: {stripped}: {exc.message.splitlines()[0]}"
                if errors is None:
                    raise ConfigError(message, exc.kind) from None
                errors.append(message)
                continue
            if len(res.context) > len(ctx):
                stack.append((indent, res.context[-1]))
            elif len(res.context) < len(ctx):
                stack = stack[: len(res.context)]
        return cfg

    def _try_in(self, block: CNode, line: str) -> bool:
        """Run ``line`` in ``block``'s mode if that mode knows it (True), else do nothing."""
        try:
            self.execute([block], line, strict=False, loading=True)
        except ConfigError:
            return False
        return True


_NOT_CONFIG = ("Startup-config data location", "Current configuration", "Startup configuration")


def _opaque_key(text: str) -> str:
    """Identity of a verbatim line for replacing it from the CLI: a trailing number is its value
    (``load-interval 30`` → ``load-interval``)."""
    words = text.split()
    if len(words) > 1 and words[-1].isdigit():
        words = words[:-1]
    return " ".join(words)


def _verbatim(m: grammar.Mode, text: str, loading: bool) -> grammar.Outcome:
    """Keep a line the emulator does not model, as typed (it is someone else's configuration)."""
    parent = m.node
    rank = grammar.rank_in(parent.kind)(parent.children[-1]) if parent.children else (0,)
    if loading:
        node = CNode(text, kind="opaque", key=text, rank=rank)
        parent.children.append(node)
        touch()
        return grammar.Outcome(enter=node)
    words = text.split()
    line = " ".join(words)
    negated = words[0].lower() == "no"
    body = " ".join(words[1:]) if negated else line
    opaque = [c for c in parent.children if c.kind == "opaque"]
    if negated:
        victims = [c for c in opaque if _opaque_key(c.line) == _opaque_key(body)]
        if victims:
            parent.children = [c for c in parent.children if c not in victims]
            return grammar.Outcome()
    else:
        shown_no = [c for c in opaque if " ".join(c.line.split()) == f"no {body}"]
        if shown_no:  # `X` undoes a shown `no X`: back to the default, which is not shown
            parent.children = [c for c in parent.children if c not in shown_no]
            return grammar.Outcome()
        same = [c for c in opaque if _opaque_key(c.line) == _opaque_key(line)]
        if same and not known.opens_block(parent.kind, words):
            same[0].line = line
            return grammar.Outcome()
        if same:
            return grammar.Outcome(enter=same[0])
    if any(" ".join(c.line.split()) == line for c in opaque):
        return grammar.Outcome()
    node = insert(parent, CNode(line, kind="opaque", key=line, rank=rank), lambda n: LAST)
    if known.opens_block(parent.kind, words):
        return grammar.Outcome(enter=node)
    return grammar.Outcome()


def _hidden(node: CNode) -> bool:
    """NetIron does not list ethernet ports that carry no configuration."""
    return node.line.startswith("interface ethernet") and not node.children


def _block(node: CNode) -> bool:
    """A line shown with a ``!`` after it (a config mode, even an empty one)."""
    return node.kind not in ("", "opaque") or bool(node.children)


def _render_block(node: CNode, depth: int, out: list[str]) -> None:
    for child in node.children:
        out.append(" " * depth + child.line)
        _render_block(child, depth + 1, out)
        if node.kind == "mpls":
            out.append("")
