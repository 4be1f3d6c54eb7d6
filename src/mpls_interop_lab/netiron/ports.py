"""NetIron port numbers (``slot/port``) and port lists (``ethe 1/5 to 1/7 ethe 2/1``)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mpls_interop_lab.netiron.tokens import Tokens, error, incomplete

Port = tuple[int, int]

_PORT = re.compile(r"^(\d{1,3})/(\d{1,3})$")
MAX_SLOT = 32
MAX_PORT = 64


def parse_port(text: str) -> Port | None:
    m = _PORT.match(text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def port_name(port: Port) -> str:
    return f"{port[0]}/{port[1]}"


def take_port(t: Tokens) -> Port:
    """One ``slot/port``; bad syntax is invalid input, an impossible number an ``Error -``."""
    if not t.more():
        raise incomplete()
    port = parse_port(t.peek() or "")
    if port is None:
        raise t.invalid()
    if not (1 <= port[0] <= MAX_SLOT and 1 <= port[1] <= MAX_PORT):
        raise error(f"invalid interface {port_name(port)}")
    t.pos += 1
    return port


def take_port_list(t: Tokens) -> list[Port]:
    """``ethe 1/5 [to 1/7] [ethe 2/1 ...]`` to the rest of the line (``e``/``ethernet`` alike)."""
    ports: list[Port] = []
    if not t.more():
        raise incomplete()
    while t.more():
        t.keyword(["ethernet"])
        first = take_port(t)
        if t.opt_keyword(["to"]):
            at = t.pos
            last = take_port(t)
            if last[0] != first[0] or last[1] < first[1]:
                t.pos = at
                raise t.invalid()
            ports.extend((first[0], p) for p in range(first[1], last[1] + 1))
        else:
            ports.append(first)
    return ports


def format_port_list(ports: Iterable[Port], word: str = "ethe") -> str:
    """Sorted, with consecutive ports of a slot folded into ``X to Y`` ranges."""
    parts: list[str] = []
    run: list[Port] = []
    for p in sorted(set(ports)):
        if run and p[0] == run[-1][0] and p[1] == run[-1][1] + 1:
            run.append(p)
            continue
        if run:
            parts.append(_run_text(run, word))
        run = [p]
    if run:
        parts.append(_run_text(run, word))
    return " ".join(parts)


def _run_text(run: list[Port], word: str) -> str:
    if len(run) == 1:
        return f"{word} {port_name(run[0])}"
    return f"{word} {port_name(run[0])} to {port_name(run[-1])}"


def expand_port_list(words: Iterable[str]) -> list[str]:
    """Port names in a canonical list, e.g. ``["ethe", "1/5", "to", "1/7"]`` -> 1/5, 1/6, 1/7.

    Accepts the words of a whole line too (``tagged ethe 1/5``): words that are neither a port
    nor ``to`` are skipped.
    """
    out: list[Port] = []
    seq = list(words)
    i = 0
    while i < len(seq):
        p = parse_port(seq[i])
        if p is None:
            i += 1
            continue
        if i + 2 < len(seq) and seq[i + 1] == "to" and (q := parse_port(seq[i + 2])) is not None:
            out.extend((p[0], n) for n in range(p[1], q[1] + 1))
            i += 3
        else:
            out.append(p)
            i += 1
    return [port_name(p) for p in out]
