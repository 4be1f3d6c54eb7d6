"""A NetIron config as a plain tree of lines (one space of indentation per level), for readers
that only look things up (config lint, ``ip mtu`` per interface)."""

from __future__ import annotations

from dataclasses import dataclass, field

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


def parse_tree(text: str) -> Node:
    root = Node("")
    stack: list[tuple[int, Node]] = [(-1, root)]
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith(IGNORED):
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
