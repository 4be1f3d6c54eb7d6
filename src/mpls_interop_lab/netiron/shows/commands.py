"""The show commands the model answers, as word patterns, and how typed (abbreviated) words
resolve to one of them."""

from __future__ import annotations

#: the pattern words that stand for an argument
ARGUMENTS = ("PORT", "NUM", "NAME")

#: command word patterns
COMMANDS: list[tuple[str, ...]] = [
    ("show", "interfaces", "brief"),
    ("show", "interfaces", "ethernet", "PORT"),
    ("show", "interfaces", "ve", "NUM"),
    ("show", "interfaces", "loopback", "NUM"),
    ("show", "interfaces", "management", "NUM"),
    ("show", "interfaces"),
    ("show", "ip", "interface"),
    ("show", "ip", "ospf", "neighbor"),
    ("show", "ip", "ospf", "interface", "brief"),
    ("show", "ip", "ospf", "interface"),
    ("show", "mpls", "interface"),
    ("show", "mpls", "lsp", "detail"),
    ("show", "mpls", "lsp", "wide"),
    ("show", "mpls", "lsp"),
    ("show", "mpls", "ldp", "session"),
    ("show", "mpls", "ldp", "neighbor"),
    ("show", "mpls", "vll", "detail"),
    ("show", "mpls", "vll", "NAME"),
    ("show", "mpls", "vll"),
    ("show", "mpls", "vpls", "detail"),
    ("show", "mpls", "vpls", "NAME"),
    ("show", "mpls", "vpls"),
    ("show", "bfd", "neighbors"),
]


def match(words: list[str]) -> tuple[tuple[str, ...], list[str]] | None:
    """Resolve abbreviations against COMMANDS: (pattern, arguments), or None (unknown/ambiguous)."""
    candidates = []
    for pat in COMMANDS:
        if len(pat) != len(words):
            continue
        args: list[str] = []
        ok = True
        for w, p in zip(words, pat, strict=True):
            if p in ARGUMENTS:
                args.append(w)
            elif not p.startswith(w.lower()):
                ok = False
                break
        if ok:
            candidates.append((pat, args))
    if not candidates:
        return None
    exact = [c for c in candidates if "NAME" not in c[0]]
    if len(exact) == 1:
        return exact[0]
    if len(candidates) == 1:
        return candidates[0]
    return exact[0] if exact else None
