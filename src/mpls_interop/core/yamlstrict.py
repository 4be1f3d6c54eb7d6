"""A strict, bounded YAML loader for inventory and intent files.

On top of YAML's safe subset it refuses what a permissive loader silently accepts or chokes on:
duplicate keys (the last one would win), nesting deeper than :data:`MAX_DEPTH` (also through
aliases, which catches recursive anchors), alias expansion beyond :data:`MAX_NODES` nodes (the
"billion laughs"), files over :data:`MAX_BYTES`, and NUL bytes. libyaml's C parser is used when
PyYAML has it (several times faster), the pure-Python one otherwise; both keep line numbers.

:func:`load` first tries :func:`_from_events`, one pass over the parser's events that builds the
plain documents inventories are made of without composing a node tree; whatever it does not
handle itself (an anchor or alias, an explicit tag, a merge key, a non-scalar key, a duplicate
key, too deep, too many values, a syntax error) sends the text to the composing loader, which
gives the result or the error it always gave.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import (
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
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


def _too_deep(node: Node, max_depth: int) -> StrictYAMLError:
    return StrictYAMLError(f"nested deeper than {max_depth} levels", node.start_mark)


def check_shape(root: Node, max_depth: int | None = None, max_nodes: int | None = None) -> None:
    """Refuse nesting deeper than ``max_depth`` and more than ``max_nodes`` nodes once aliases
    are expanded (default: the module's limits). Iterative, so no input can exhaust the Python
    stack; scalars are never stacked."""
    max_depth = MAX_DEPTH if max_depth is None else max_depth
    max_nodes = MAX_NODES if max_nodes is None else max_nodes
    deepest: dict[int, int] = {}
    shared = False
    count = 1
    stack: list[tuple[Node, int]] = [(root, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        if depth > max_depth:
            raise _too_deep(node, max_depth)
        seen = deepest.get(id(node))
        if seen is not None:
            shared = True
            if seen >= depth:
                continue
        deepest[id(node)] = depth
        inner = depth + 1
        children = [n for pair in node.value for n in pair] if isinstance(node, MappingNode) else node.value
        if not isinstance(children, list):
            continue
        count += len(children)
        for child in children:
            if child.__class__ is not ScalarNode:
                push((child, inner))
            elif inner > max_depth:
                raise _too_deep(child, max_depth)
    if not shared:
        if count > max_nodes:
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


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
#: keys PyYAML's safe constructor treats specially (``<<`` merge, ``=`` value)
_SPECIAL_KEYS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")


class _Strict:
    """Mixed into a safe loader: refuses duplicate keys and over-deep or over-large documents.

    Documents are built by :meth:`_build`, a direct walk for the plain strings, decimal integers,
    lists and mappings inventories are made of, handing every other node (booleans, floats,
    octal or sexagesimal integers, timestamps, merge keys, tagged values) to PyYAML's safe
    constructor, so the result is the one ``SafeLoader`` gives.
    """

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        """PyYAML's tag resolution, shortened for a loader without path or wildcard resolvers (the
        safe loaders have none): a plain scalar tries the implicit resolvers of its first
        character, in order; anything else gets the default tag of its kind. libyaml's composer
        calls this for every node."""
        resolvers = self.yaml_implicit_resolvers  # type: ignore[attr-defined]
        if self.yaml_path_resolvers or None in resolvers:  # type: ignore[attr-defined]
            return super().resolve(kind, value, implicit)  # type: ignore[misc]
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP

    def get_single_data(self) -> Any:
        node = self.get_single_node()  # type: ignore[attr-defined]
        if node is None:
            return None
        check_shape(node)
        self._built: dict[int, Any] = {}
        try:
            return self._build(node)
        finally:
            self._built = {}
            self.constructed_objects = {}  # type: ignore[attr-defined]

    def _build(self, node: Node) -> Any:
        cls, tag = node.__class__, node.tag
        if cls is ScalarNode:
            if tag == _STR:
                return node.value
            v = node.value
            if tag == _INT and v.isdigit() and (v[0] != "0" or v == "0"):
                return int(v)
            return self.construct_object(node, deep=True)  # type: ignore[attr-defined]
        done = self._built.get(id(node))
        if done is not None:
            return done
        if cls is SequenceNode and tag == _SEQ:
            seq: list[Any] = []
            self._built[id(node)] = seq
            seq.extend(self._build(child) for child in node.value)
            return seq
        if cls is MappingNode and tag == _MAP and not any(k.tag in _SPECIAL_KEYS for k, _ in node.value):
            out: dict[Any, Any] = {}
            first: dict[Any, Node] = {}
            for key_node, value_node in node.value:
                key = self._build(key_node)
                try:
                    earlier = first.get(key)
                except TypeError:  # unhashable: the base class reports it
                    return self.construct_object(node, deep=True)  # type: ignore[attr-defined]
                if earlier is not None:
                    raise StrictYAMLError(
                        f"duplicate key {key!r} (first at line {earlier.start_mark.line + 1})",
                        key_node.start_mark,
                    )
                first[key] = key_node
                out[key] = self._build(value_node)
            self._built[id(node)] = out
            return out
        return self.construct_object(node, deep=True)  # type: ignore[attr-defined]

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        """PyYAML's, with a value its constructor cannot make (``2024-13-45``, a timestamp with
        month 13, is a ValueError out of ``datetime``) refused at its line like any other error."""
        try:
            return super().construct_object(node, deep=deep)  # type: ignore[misc]
        except (ValueError, OverflowError) as exc:
            kind = str(node.tag).rsplit(":", 1)[-1]
            what = repr(node.value) if isinstance(node, ScalarNode) else f"this {node.id}"
            raise StrictYAMLError(f"{what} is not a valid {kind}: {exc}", node.start_mark) from None

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, MappingNode):
            first: dict[Any, Node] = {}
            for key_node, _ in node.value:
                if isinstance(key_node, ScalarNode) and key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)  # type: ignore[attr-defined]
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
        return super().construct_mapping(node, deep=deep)  # type: ignore[misc]


class StrictLoader(_Strict, _Base):  # type: ignore[misc,valid-type]
    """The strict loader on libyaml's C parser when PyYAML has it."""


class PureStrictLoader(_Strict, yaml.SafeLoader):
    """The strict loader on PyYAML's pure-Python parser."""


class _Unhandled(Exception):
    """:func:`_from_events` met something it leaves to the composing loader."""


_NO_KEY = object()
_PLAIN_TAGS = (None, "!")


def _from_events(text: str, loader: type) -> Any:
    """The document ``yaml.load(text, loader)`` gives, built straight from the parser's events in
    one iterative pass: plain (untagged) scalars resolved and constructed as the safe loader does,
    lists, mappings with distinct scalar keys, at most :data:`MAX_DEPTH` levels and
    :data:`MAX_NODES` values. Raises :class:`_Unhandled` for anything else."""
    parser = loader(text)
    try:
        resolvers = parser.yaml_implicit_resolvers
        constructors = parser.yaml_constructors
        if parser.yaml_path_resolvers or None in resolvers:
            raise _Unhandled
        get = parser.get_event
        get()  # StreamStartEvent
        if get().__class__ is StreamEndEvent:  # else a DocumentStartEvent
            return None
        max_depth, max_nodes, str_tag, int_tag = MAX_DEPTH, MAX_NODES, _STR, _INT
        #: plain scalars seen before → their value, when it is a str, int, bool or None (inventories
        #: repeat the same keys and values; floats are not kept: NaN is never a duplicate key)
        known: dict[str, Any] = {}
        stack: list[tuple[Any, bool, Any]] = []  # the enclosing collections: (it, is a mapping, its key)
        parent: Any = None  # the innermost open collection, None at the top
        is_map = False
        key: Any = _NO_KEY  # the innermost mapping's pending key
        count = 0
        while True:
            event = get()
            cls = event.__class__
            if cls is ScalarEvent:
                if event.anchor is not None or event.tag not in _PLAIN_TAGS or len(stack) >= max_depth:
                    raise _Unhandled
                value = event.value
                if not event.implicit[0]:
                    item: Any = value
                elif value in known:
                    item = known[value]
                else:
                    tag = str_tag
                    for rtag, regexp in resolvers.get(value[:1], ()):
                        if regexp.match(value):
                            tag = rtag
                            break
                    if tag == str_tag:
                        item = value
                    elif tag == int_tag and value.isdigit() and (value[0] != "0" or value == "0"):
                        item = int(value)
                    elif tag in _SPECIAL_KEYS or tag not in constructors:
                        raise _Unhandled
                    else:
                        item = constructors[tag](parser, ScalarNode(tag, value, event.start_mark, event.end_mark,
                                                                    event.style))
                    if item is None or item.__class__ in (str, int, bool):
                        known[value] = item
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                if event.anchor is not None or event.tag not in _PLAIN_TAGS or len(stack) >= max_depth:
                    raise _Unhandled
                item = {} if cls is MappingStartEvent else []
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                item = parent
                parent, is_map, key = stack.pop()
                if parent is None:
                    break
                continue
            else:  # an alias
                raise _Unhandled
            count += 1
            if count > max_nodes:
                raise _Unhandled
            if is_map:
                if key is _NO_KEY:
                    if cls is not ScalarEvent or item in parent:
                        raise _Unhandled  # a complex key, or a duplicate: the composer reports it
                    key = item
                else:
                    parent[key] = item
                    key = _NO_KEY
            elif parent is not None:
                parent.append(item)
            elif cls is ScalarEvent:  # a scalar document
                break
            if cls is not ScalarEvent:
                stack.append((parent, is_map, key))
                parent, is_map, key = item, cls is MappingStartEvent, _NO_KEY
        if get().__class__ is not DocumentEndEvent or get().__class__ is not StreamEndEvent:
            raise _Unhandled  # more than one document: the composer refuses it
        return item
    except Exception:  # a syntax or constructor error: the composing loader gives it, as before
        raise _Unhandled from None
    finally:
        parser.dispose()


def load(text: str, loader: type = StrictLoader) -> Any:
    """Parse one YAML document strictly (raises :class:`yaml.YAMLError` subclasses)."""
    try:
        return _from_events(text, loader)
    except _Unhandled:
        pass
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except RecursionError:  # the pure-Python composer recurses before check_shape runs
        raise StrictYAMLError(f"nested deeper than {MAX_DEPTH} levels") from None
