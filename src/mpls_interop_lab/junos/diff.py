"""``show | compare`` output: changes grouped under ``[edit ...]`` banners, ``-``/``+``/``!`` lines.

Indentation after the sign follows what Junos prints: two spaces under ``[edit]``, three under a
one-level banner (``[edit interfaces]``), four below that, plus four per nested level.
"""

from __future__ import annotations

from mpls_interop_lab.junos.keywords import descend, root_node
from mpls_interop_lab.junos.textfmt import cli_label, node_lines, one_line
from mpls_interop_lab.junos.tree import JNode
from mpls_interop_lab.junos.yang import SNode


class _Out:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.banner: str | None = None

    def emit(self, path: list[str], sign: str, lines: list[str]) -> None:
        banner = "[edit" + "".join(" " + cli_label(k, None) for k in path) + "]"
        if banner != self.banner:
            self.lines.append(banner)
            self.banner = banner
        pad = " " * (2 if not path else 3 if len(path) == 1 else 4)
        self.lines.extend(sign + pad + line for line in lines)


def _activation(node: JNode, snode: SNode | None) -> list[str]:
    word = "inactive: " if node.inactive else "active: "
    plain = JNode(node.key, node.value, {}, False, None)
    text = node_lines(plain, 0, snode)[0].rstrip(";")
    return [word + text + (" { ... }" if node.children else ";")]


def _diff(new: JNode, old: JNode, path: list[str], out: _Out, snode: SNode | None) -> None:
    def sn(key: str) -> SNode | None:
        return descend(snode, key) if snode is not None else None

    for key, o in old.children.items():
        if key not in new.children:
            out.emit(path, "-", node_lines(o, 0, sn(key)))
    for key, n in new.children.items():
        o = old.children.get(key)
        if o is None:
            out.emit(path, "+", node_lines(n, 0, sn(key)))
        elif n.value is not None or o.value is not None:
            if n.value != o.value or n.inactive != o.inactive:
                out.emit(path, "-", node_lines(o, 0, sn(key)))
                out.emit(path, "+", node_lines(n, 0, sn(key)))
        elif one_line(n, sn(key)) or one_line(o, sn(key)):
            if n != o:  # a oneliner changes as a whole line (`-    any notice;` `+    any info;`)
                out.emit(path, "-", node_lines(o, 0, sn(key)))
                out.emit(path, "+", node_lines(n, 0, sn(key)))
        else:
            if n.inactive != o.inactive:
                out.emit(path, "!", _activation(n, sn(key)))
            _diff(n, o, path + [key], out, sn(key))


def compare(new: JNode, old: JNode) -> str:
    out = _Out()
    _diff(new, old, [], out, root_node())
    return "\n".join(out.lines)
