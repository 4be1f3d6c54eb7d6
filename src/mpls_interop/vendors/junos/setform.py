"""Junos curly-brace configuration → ``set`` commands (``show configuration | display set``)."""

from __future__ import annotations

import re

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|/\*.*?\*/|#[^\n]*|[{};]|[^\s{};"]+', re.S)


def tokens(text: str) -> list[tuple[str, int]]:
    """Tokens with their 1-based line numbers; comments are dropped."""
    out: list[tuple[str, int]] = []
    line, counted = 1, 0  # newlines counted up to ``counted`` (once over the text, not per token)
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        start = m.start()
        line += text.count("\n", counted, start)
        counted = start
        if tok.startswith(("/*", "#")):
            continue
        out.append((tok, line))
    return out


def statements(text: str) -> list[tuple[int, list[str]]]:
    """Every leaf statement as (line, full path of words); ValueError on unbalanced or
    unterminated text, naming the line."""
    stack: list[list[str]] = []
    words: list[str] = []
    out: list[tuple[int, list[str]]] = []
    last_line = 1
    for tok, line in tokens(text):
        if words and tok not in "{};" and line != last_line:
            # one statement per line: a word on a new line means the ';' before it is missing
            raise ValueError(f"line {last_line}: statement {' '.join(words)!r} not terminated with ';'")
        last_line = line
        if tok == "{":
            if not words:
                raise ValueError(f"line {line}: '{{' without a statement")
            stack.append(words)
            words = []
        elif tok == ";":
            if not words:
                raise ValueError(f"line {line}: empty statement")
            out.append((line, [w for frame in stack for w in frame] + words))
            words = []
        elif tok == "}":
            if words:
                raise ValueError(f"line {line}: statement {' '.join(words)!r} not terminated with ';'")
            if not stack:
                raise ValueError(f"line {line}: unbalanced '}}'")
            stack.pop()
        else:
            words.append(tok)
    if words:
        raise ValueError(f"line {last_line}: statement {' '.join(words)!r} not terminated with ';'")
    if stack:
        raise ValueError(f"line {last_line}: missing '}}' for {' '.join(stack[-1])!r}")
    return out


def to_set(text: str) -> str:
    """Every leaf statement as one ``set`` line; ValueError on unbalanced or unterminated text."""
    return "".join(f"set {' '.join(words)}\n" for _, words in statements(text))
