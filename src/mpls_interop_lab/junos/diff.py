"""``show | compare`` output: changes grouped under ``[edit ...]`` banners, ``-``/``+``/``!`` lines.

Indentation after the sign follows what Junos prints: two spaces under ``[edit]``, three under a
one-level banner (``[edit interfaces]``), four below that, plus four per nested level.
"""

from __future__ import annotations

from mpls_interop_lab.junos.textfmt import node_lines
from mpls_interop_lab.junos.tree import JNode, label


class _Out:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.banner: str | None = None

    def emit(self, path: list[str], sign: str, lines: list[str]) -> None:
        banner = "[edit" + "".join(" " + label(k) for k in path) + "]"
        if banner != self.banner:
            self.lines.append(banner)
            self.banner = banner
        pad = " " * (2 if not path else 3 if len(path) == 1 else 4)
        self.lines.extend(sign + pad + line for line in lines)


def _activation(node: JNode) -> list[str]:
    word = "inactive: " if node.inactive else "active: "
    plain = JNode(node.key, node.value, {}, False, None)
    text = node_lines(plain)[0].rstrip(";")
    return [word + text + (" { ... }" if node.children else ";")]


def _diff(new: JNode, old: JNode, path: list[str], out: _Out) -> None:
    for key, o in old.children.items():
        if key not in new.children:
            out.emit(path, "-", node_lines(o))
    for key, n in new.children.items():
        o = old.children.get(key)
        if o is None:
            out.emit(path, "+", node_lines(n))
        elif n.value is not None or o.value is not None:
            if n.value != o.value or n.inactive != o.inactive:
                out.emit(path, "-", node_lines(o))
                out.emit(path, "+", node_lines(n))
        else:
            if n.inactive != o.inactive:
                out.emit(path, "!", _activation(n))
            _diff(n, o, path + [key], out)


def compare(new: JNode, old: JNode) -> str:
    out = _Out()
    _diff(new, old, [], out)
    return "\n".join(out.lines)
