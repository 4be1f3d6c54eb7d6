"""Parse an OpenFlow PE program (the renderer's output) back into its sections and records."""

from __future__ import annotations

from dataclasses import dataclass, field

SECTIONS = ("meta", "host", "frr", "flows")


@dataclass
class Program:
    text: str
    sections: dict[str, list[str]] = field(default_factory=dict)

    def lines(self, section: str) -> list[str]:
        return self.sections.get(section, [])

    def meta(self, kind: str) -> list[dict[str, str]]:
        """``kind`` lines of [meta] as dicts (``pw vll NAME id 41 …`` → kind/name/id/…)."""
        out = []
        for line in self.lines("meta"):
            words = line.split()
            if not words or words[0] != kind:
                continue
            rec: dict[str, str] = {}
            rest = words[1:]
            if kind in ("pw", "ac", "ri"):
                rec["kind"], rec["name"], rest = rest[0], rest[1], rest[2:]
            elif kind in ("ipif", "port"):
                rec["name"], rest = rest[0], rest[1:]
            else:
                rec["value"], rest = (rest[0] if rest else ""), rest[1:]
            i = 0
            while i + 1 < len(rest):
                if rest[i] == "ospf":
                    rec["ospf"] = " ".join(rest[i + 1:i + 6])
                    i += 6
                    continue
                rec[rest[i]] = rest[i + 1]
                i += 2
            out.append(rec)
        return out

    def value(self, kind: str) -> str:
        recs = self.meta(kind)
        return recs[0]["value"] if recs else ""


def parse(text: str) -> Program:
    """Split a program into sections; ValueError naming the line when it is not one."""
    prog = Program(text)
    current: str | None = None
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if n == 1:
            if not line.startswith("! mpls-interop openflow program"):
                raise ValueError("line 1: not an mpls-interop openflow program (header missing)")
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            if current not in SECTIONS:
                raise ValueError(f"line {n}: unknown section [{current}]")
            prog.sections.setdefault(current, [])
            continue
        if not line.strip():
            continue
        if current is None:
            raise ValueError(f"line {n}: text before the first section")
        prog.sections[current].append(line)
    return prog
