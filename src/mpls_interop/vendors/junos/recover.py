"""Read Junos curly-brace text into leaf statements, recovering after syntax errors.

The strict reader (:func:`mpls_interop.vendors.junos.setform.statements`) stops at the first
error; a linter wants every other finding too. Each error is recorded with its line and the
reader carries on as the Junos parser would most plausibly have meant: a missing ``;`` ends the
statement at the line end, a stray ``}`` is ignored, unclosed blocks are closed at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mpls_interop.vendors.junos.setform import tokens

Stmt = tuple[int, list[str]]


@dataclass
class Parsed:
    statements: list[Stmt] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    #: blocks opened more than once under the same parent: (path, first line, second line)
    repeated_blocks: list[tuple[tuple[str, ...], int, int]] = field(default_factory=list)


def parse(text: str) -> Parsed:
    out = Parsed()
    stack: list[list[str]] = []
    opened: list[dict[tuple[str, ...], int]] = [{}]
    words: list[str] = []
    words_line = last_line = 1

    def path(extra: list[str]) -> list[str]:
        return [w for frame in stack for w in frame] + extra

    def flush(reason: str) -> None:
        nonlocal words
        out.errors.append((words_line, f"statement {' '.join(words)!r} {reason}"))
        out.statements.append((words_line, path(words)))
        words = []

    for tok, line in tokens(text):
        if words and tok not in "{};" and line != last_line:
            flush("not terminated with ';'")
        last_line = line
        if tok == "{":
            if not words:
                out.errors.append((line, "'{' without a statement"))
            key = tuple(words)
            first = opened[-1].get(key)
            if first is not None and words:
                out.repeated_blocks.append((tuple(path(words)), first, line))
            opened[-1].setdefault(key, line)
            stack.append(words)
            opened.append({})
            words = []
        elif tok == ";":
            if not words:
                out.errors.append((line, "empty statement"))
                continue
            out.statements.append((words_line, path(words)))
            words = []
        elif tok == "}":
            if words:
                flush("not terminated with ';'")
            if not stack:
                out.errors.append((line, "unbalanced '}'"))
                continue
            stack.pop()
            opened.pop()
        else:
            if not words:
                words_line = line
            words.append(tok)
    if words:
        flush("not terminated with ';'")
    if stack:
        out.errors.append((last_line, f"missing '}}' for {' '.join(stack[-1])!r}"))
    return out
