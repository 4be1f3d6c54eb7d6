"""``setform.tokens`` numbers each token with the line it starts on, also after multi-line
comments and quoted strings spanning lines (newlines are counted once over the text)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mpls_interop.vendors.junos.setform import _TOKEN, tokens

_piece = st.sampled_from(["interfaces", "{", "}", ";", "\n", " ", "\n\n", '"a\nb"', "/* x\ny */", "# c\n", "ge-0/0/0"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_piece, max_size=40).map("".join))
def test_line_of_each_token_is_where_it_starts(text: str) -> None:
    want = [(m.group(0), text.count("\n", 0, m.start()) + 1) for m in _TOKEN.finditer(text)
            if not m.group(0).startswith(("/*", "#"))]
    assert tokens(text) == want
