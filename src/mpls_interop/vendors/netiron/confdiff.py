"""NetIron configuration differences, computed by the toolkit (NetIron has no candidate config).

Configs are trees of lines (one space of indentation per level, ``!`` between blocks). The
difference from a running config to a desired one is a list of CLI lines with the mode changes
(``exit``) needed to reach each context, removals first (deepest first) then additions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: lines whose keyword takes a single value: a new value replaces the old one
SINGLE_VALUED = (
    "hostname", "default-max-frame-size", "ip mtu", "ip ospf area", "ip ospf cost", "ip ospf hello-interval",
    "ip ospf dead-interval", "ip ospf network", "bfd interval", "to", "revert-timer", "primary-path", "secondary-path",
    "vpls-mtu", "vll-mtu", "vll-peer", "port-name",
)
#: running-config lines that are not configuration
IGNORED = ("!", "end", "ver ", "module ", "Current configuration")


@dataclass
class Node:
    line: str
    children: dict[str, Node] = field(default_factory=dict)

    def add(self, line: str) -> Node:
        if line not in self.children:
            self.children[line] = Node(line)
        return self.children[line]


def parse(text: str) -> Node:
    root = Node("")
    stack: list[tuple[int, Node]] = [(-1, root)]
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith(IGNORED) or stripped.startswith("!"):
            if stripped.startswith("!"):
                stack = [(-1, root)]
            continue
        depth = len(raw) - len(raw.lstrip(" "))
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if not stack:
            stack = [(-1, root)]
        node = stack[-1][1].add(" ".join(stripped.split()))
        stack.append((depth, node))
    return root


def _key(line: str) -> str | None:
    for k in SINGLE_VALUED:
        if line == k or line.startswith(k + " "):
            return k
    return None


def negate(line: str) -> str:
    if line == "enable":
        return "disable"
    if line == "disable":
        return "enable"
    if line.startswith("no "):
        return line[3:]
    return f"no {line}"


@dataclass
class Change:
    context: tuple[str, ...]
    line: str
    remove: bool


def changes(current: Node, desired: Node, prune_top_level: bool = False) -> list[Change]:
    """Removals and additions turning ``current`` into ``desired``.

    Lines are removed only inside blocks that ``desired`` also has (the toolkit owns those), and at
    the top level only when ``prune_top_level`` (used to return to a saved config exactly).
    """
    removals: list[Change] = []
    additions: list[Change] = []

    def walk(cur: Node | None, want: Node, ctx: tuple[str, ...], owned: bool) -> None:
        cur_children = cur.children if cur else {}
        want_keys = {_key(line) for line in want.children} - {None}
        if cur is not None and owned:
            for line, node in cur_children.items():
                if line in want.children:
                    continue
                if node.children and not ctx and not prune_top_level:
                    continue
                if _key(line) in want_keys and not node.children:
                    continue  # replaced by the desired value
                removals.append(Change(ctx, line, True))
        for line, node in want.children.items():
            if line not in cur_children:
                additions.append(Change(ctx, line, False))
            walk(cur_children.get(line), node, (*ctx, line), True)

    walk(current, desired, (), prune_top_level)
    removals.sort(key=lambda c: -len(c.context))
    return removals + additions


def commands(chs: list[Change]) -> list[str]:
    """CLI lines for the changes, navigating modes with ``exit``."""
    out: list[str] = []
    ctx: list[str] = []
    for ch in chs:
        target = list(ch.context)
        common = 0
        while common < min(len(ctx), len(target)) and ctx[common] == target[common]:
            common += 1
        for _ in range(len(ctx) - common):
            out.append("exit")
        ctx = ctx[:common]
        for line in target[common:]:
            out.append(line)
            ctx.append(line)
        out.append(negate(ch.line) if ch.remove else ch.line)
        if not ch.remove and _has_mode(ch.line):
            ctx.append(ch.line)
    return out


def _has_mode(line: str) -> bool:
    """Lines that enter a sub-mode on NetIron."""
    heads = ("interface ", "vlan ", "router ", "vpls ", "vll ", "lsp ", "path ", "policy", "secondary ",
             "mpls-interface ")
    return line.startswith(heads)


def diff_text(chs: list[Change]) -> str:
    lines = []
    for ch in chs:
        where = " > ".join(ch.context)
        lines.append(f"{'-' if ch.remove else '+'} {where + ' > ' if where else ''}{ch.line}")
    return "\n".join(lines)
