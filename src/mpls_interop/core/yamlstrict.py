"""A strict, bounded YAML loader for inventory and intent files.

On top of YAML's safe subset it refuses what a permissive loader silently accepts or chokes on:
duplicate keys (the last one would win), nesting deeper than :data:`MAX_DEPTH` (also through
aliases, which catches recursive anchors), alias expansion beyond :data:`MAX_NODES` nodes (the
"billion laughs"), files over :data:`MAX_BYTES`, and NUL bytes. libyaml's C parser is used when
PyYAML has it (several times faster), the pure-Python one otherwise; both keep line numbers.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 2_000_000

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictYAMLError(yaml.MarkedYAMLError):
    """A strict-loader refusal; ``problem`` is the whole message, ``problem_mark`` its place."""

    def __init__(self, problem: str, mark: Any = None) -> None:
        super().__init__(problem=problem, problem_mark=mark)


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def check_shape(root: Node, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> None:
    """Refuse nesting deeper than ``max_depth`` and more than ``max_nodes`` nodes once aliases
    are expanded. Iterative, so no input can exhaust the Python stack."""
    deepest: dict[int, int] = {}
    shared = False
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > max_depth:
            raise StrictYAMLError(f"nested deeper than {max_depth} levels", node.start_mark)
        seen = deepest.get(id(node))
        if seen is not None:
            shared = True
            if seen >= depth:
                continue
        deepest[id(node)] = depth
        stack.extend((c, depth + 1) for c in _children(node))
    if not shared:
        if len(deepest) > max_nodes:
            raise StrictYAMLError(f"more than {max_nodes} values", root.start_mark)
        return
    # aliases: count the nodes of the expanded tree, children before parents (no cycles here:
    # they would have been too deep)
    size: dict[int, int] = {}
    pending: set[int] = set()
    todo: list[tuple[Node, bool]] = [(root, False)]
    while todo:
        node, ready = todo.pop()
        if ready:
            total = 1 + sum(size[id(c)] for c in _children(node))
            if total > max_nodes:
                raise StrictYAMLError(f"aliases expand to more than {max_nodes} values", node.start_mark)
            size[id(node)] = total
            continue
        if id(node) in size or id(node) in pending:
            continue
        pending.add(id(node))
        todo.append((node, True))
        todo.extend((c, False) for c in _children(node) if id(c) not in size)


class StrictLoader(_Base):  # type: ignore[misc,valid-type]
    """Safe loader that refuses duplicate keys and over-deep or over-large documents."""

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        check_shape(node)
        return self.construct_document(node)

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, MappingNode):
            first: dict[Any, Node] = {}
            for key_node, _ in node.value:
                if isinstance(key_node, ScalarNode) and key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    earlier = first.get(key)
                except TypeError:  # unhashable: the base class reports it
                    continue
                if earlier is not None:
                    raise StrictYAMLError(
                        f"duplicate key {key!r} (first at line {earlier.start_mark.line + 1})",
                        key_node.start_mark,
                    )
                first[key] = key_node
        return super().construct_mapping(node, deep=deep)


def load(text: str) -> Any:
    """Parse one YAML document strictly (raises :class:`yaml.YAMLError` subclasses)."""
    return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - StrictLoader is a safe loader
