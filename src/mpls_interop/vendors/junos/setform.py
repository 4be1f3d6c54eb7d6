"""Junos curly-brace configuration → ``set`` commands (``show configuration | display set``)."""

from __future__ import annotations

import re

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|/\*.*?\*/|#[^\n]*|[{};]|[^\s{};"]+', re.S)
#: the same tokens, and each newline outside them as a token of its own (no other token starts
#: with a newline, so the others match exactly as in ``_TOKEN``)
_TOKEN_OR_NEWLINE = re.compile(_TOKEN.pattern + r"|\n", re.S)


def tokens(text: str) -> list[tuple[str, int]]:
    """Tokens with their 1-based line numbers; comments are dropped. (The newlines come out of
    the same scan as the tokens, so the line count costs no pass over the text per token; only
    quoted strings and ``/* */`` comments can hold newlines of their own.)"""
    out: list[tuple[str, int]] = []
    line = 1
    for tok in _TOKEN_OR_NEWLINE.findall(text):
        if tok == "\n":
            line += 1
            continue
        first = tok[0]
        if first == "#" or tok.startswith("/*"):
            line += tok.count("\n")
            continue
        out.append((tok, line))
        if first == '"':
            line += tok.count("\n")
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
