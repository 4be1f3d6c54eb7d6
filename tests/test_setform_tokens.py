"""The Junos tokenizer (``setform.tokens``) gives the tokens and line numbers of the plain scan it
replaced (a match per token, newlines counted in the text before each) on random text made of
quotes, escapes, comments of both kinds, braces, semicolons and newlines, and on rendered configs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mpls_interop.vendors.junos.setform import _TOKEN, tokens

PIECES = ['"', '\\"', "\\", "/*", "*/", "#", "{", "}", ";", "\n", " ", "\t", "a", "ge-0/0/0", "/", "*", "x y", "\r\n"]


def plain_scan(text: str) -> list[tuple[str, int]]:
    out = []
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if tok.startswith(("/*", "#")):
            continue
        out.append((tok, 1 + text.count("\n", 0, m.start())))
    return out


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_same_tokens_and_lines(text: str) -> None:
    assert tokens(text) == plain_scan(text)


def test_a_config() -> None:
    text = ('/* header\n   two lines */\nsystem {\n    host-name r1;  # name\n    login {\n'
            '        message "two\nlines";\n    }\n}\ninterfaces { ge-0/0/0 { description "a \\" b"; } }\n')
    assert tokens(text) == plain_scan(text)
    assert ("interfaces", 10) in tokens(text)
