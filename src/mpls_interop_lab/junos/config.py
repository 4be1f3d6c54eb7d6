"""The Junos configuration value object the emulator and the lab's network model share.

:class:`JunosConfig` is immutable: every operation returns a new one. Node keying is described in
:mod:`mpls_interop_lab.junos.tree`; ``inactive:`` statements stay in the tree with ``JNode.inactive`` set
(use :meth:`JunosConfig.active` for what the router actually runs).
"""

from __future__ import annotations

from lxml import etree

from mpls_interop_lab.junos.diff import compare as _compare
from mpls_interop_lab.junos.textfmt import apply_set_lines, parse_curly, render_set, render_text
from mpls_interop_lab.junos.tree import JNode, JunosSyntaxError
from mpls_interop_lab.junos.xmlmap import tree_to_xml, xml_to_tree

__all__ = ["JNode", "JunosConfig", "JunosSyntaxError"]


def _merge_into(dst: JNode, src: JNode, honor_replace: bool) -> None:
    for key, s in src.children.items():
        if s.op == "delete":
            if key in dst.children:
                del dst.children[key]
            elif " " not in key:
                for k in [k for k in dst.children if k.startswith(key + " ")]:
                    del dst.children[k]
            continue
        d = dst.children.get(key)
        if (
            d is None
            or (honor_replace and s.op == "replace")
            or s.value is not None
            or d.value is not None
        ):
            dst.children[key] = s.clean()
        else:
            if s.inactive:
                d.inactive = True
            _merge_into(d, s, honor_replace)


class JunosConfig:
    """A whole Junos configuration (or a loaded patch carrying load tags)."""

    __slots__ = ("root",)

    def __init__(self, root: JNode | None = None) -> None:
        self.root = root if root is not None else JNode("")

    # ---- construction ----------------------------------------------------------------------------
    @classmethod
    def parse_text(cls, text: str) -> JunosConfig:
        return cls(parse_curly(text))

    @classmethod
    def from_xml(cls, xml: str | bytes | etree._Element) -> JunosConfig:
        return cls(xml_to_tree(xml))

    @classmethod
    def empty(cls) -> JunosConfig:
        return cls()

    # ---- editing -----------------------------------------------------------------------------------
    def apply_set(self, text: str) -> JunosConfig:
        root = self.root.clone()
        apply_set_lines(root, text)
        return JunosConfig(root)

    def merge(self, other: JunosConfig) -> JunosConfig:
        """``load merge``: ``delete:`` tags delete, ``replace:`` tags are ignored."""
        root = self.root.clone()
        _merge_into(root, other.root, honor_replace=False)
        return JunosConfig(root)

    def replace(self, other: JunosConfig) -> JunosConfig:
        """``load replace``: statements tagged ``replace:`` replace the existing ones whole."""
        root = self.root.clone()
        _merge_into(root, other.root, honor_replace=True)
        return JunosConfig(root)

    def clean(self) -> JunosConfig:
        """The configuration without load tags (what ``load override`` installs)."""
        return JunosConfig(self.root.clean())

    def active(self) -> JunosConfig:
        """Without ``inactive:`` statements."""
        return JunosConfig(self.root.pruned())

    def effective(self) -> JunosConfig:
        """What the device runs: active statements with ``apply-groups`` inherited, no groups."""
        from mpls_interop_lab.junos.groups import inherit

        return JunosConfig(inherit(self.root.pruned()))

    # ---- output ------------------------------------------------------------------------------------
    def to_text(self) -> str:
        return render_text(self.root)

    def to_set(self) -> str:
        return render_set(self.root)

    def to_xml(self) -> etree._Element:
        return tree_to_xml(self.root)

    def compare(self, old: JunosConfig) -> str:
        """``show | compare`` of this configuration against ``old``; "" when equal."""
        return _compare(self.root, old.root)

    # ---- value semantics -----------------------------------------------------------------------------
    @property
    def is_empty(self) -> bool:
        return not self.root.children

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, JunosConfig):
            return NotImplemented
        return self.root == other.root

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"JunosConfig({', '.join(self.root.children) or 'empty'})"
