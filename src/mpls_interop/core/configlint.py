"""Lint existing device configurations (brownfield), one file per device.

Each vendor reads its own syntax into :class:`~mpls_interop.sdk.configfacts.ConfigFacts` (with the
single-file findings); the cross-device rules here compare what the files say about the same
link (OSPF timers and IP MTU per subnet) and the same pseudowire (type and MTU on both ends).
"""

from __future__ import annotations

from pathlib import Path

from mpls_interop.core.inventory import read_text
from mpls_interop.sdk.configfacts import ConfigFacts, ConfigFinding, OspfLink
from mpls_interop.sdk.errors import InputError
from mpls_interop.sdk.spec import available_vendors, get_vendor


def detect_vendor(text: str) -> str | None:
    """The vendor most sure that ``text`` is one of its configurations (None: nobody is)."""
    scores = {name: get_vendor(name).config_likelihood(text) for name in available_vendors()}
    best = max(scores, key=lambda n: scores[n], default=None)
    return best if best is not None and scores[best] > 0 else None


def read_config(path: Path, vendor: str | None = None) -> ConfigFacts:
    text = read_text(path)
    if vendor is not None and vendor not in available_vendors():
        raise InputError("--vendor", f"unknown vendor {vendor!r} (known: {', '.join(available_vendors())})")
    if vendor is None and not text.strip():
        raise InputError(str(path), "empty file: not a device configuration")
    vendor = vendor or detect_vendor(text)
    if vendor is None:
        raise InputError(str(path), "not a configuration of any known vendor (say which with --vendor)")
    return get_vendor(vendor).read_config(text, str(path))


def cross_findings(configs: list[ConfigFacts]) -> list[ConfigFinding]:
    out: list[ConfigFinding] = []
    by_subnet: dict[str, list[tuple[ConfigFacts, OspfLink]]] = {}
    for c in configs:
        for o in c.ospf:
            by_subnet.setdefault(str(o.subnet), []).append((c, o))
    for subnet, ends in sorted(by_subnet.items()):
        for i, (ca, a) in enumerate(ends):
            for cb, b in ends[i + 1:]:
                names = f"{ca.hostname or ca.source} {a.interface} and {cb.hostname or cb.source} {b.interface}"
                if (a.hello, a.dead) != (b.hello, b.dead):
                    out.append(ConfigFinding("XCFG001", "error", f"{ca.source} {cb.source}", (
                        f"OSPF timers differ on {subnet} between {names}: hello/dead "
                        f"{a.hello}/{a.dead} vs {b.hello}/{b.dead}")))
                if a.ip_mtu and b.ip_mtu and a.ip_mtu != b.ip_mtu:
                    out.append(ConfigFinding("XCFG002", "error", f"{ca.source} {cb.source}", (
                        f"IP MTU differs on {subnet} between {names}: {a.ip_mtu} vs {b.ip_mtu} "
                        "(OSPF sticks in ExStart)")))
    owner = {lo: c for c in configs for lo in c.loopbacks}
    done: set[tuple[str, str, str, int]] = set()
    for c in configs:
        me = set(c.loopbacks)
        for pw in c.pws:
            other = owner.get(pw.peer)
            if other is None or other is c:
                continue
            first, second = sorted((c.source, other.source))
            key = (first, second, pw.kind, pw.id)
            if key in done:
                continue
            done.add(key)
            match = [q for q in other.pws if q.kind == pw.kind and q.id == pw.id and q.peer in me]
            where = f"{c.source} {other.source}"
            here, there = c.hostname or c.source, other.hostname or other.source
            if not match:
                out.append(ConfigFinding("XCFG005", "error", where,
                                         f"{pw.kind.upper()} {pw.id}: {here} has a PW to {there} ({pw.peer}), "
                                         f"{there} has none with that id back to {here}"))
                continue
            q = match[0]
            if q.pw_type != pw.pw_type:
                out.append(ConfigFinding("XCFG004", "error", where,
                                         f"{pw.kind.upper()} {pw.id}: PW type differs: {here} {pw.pw_type}, {there} {q.pw_type}"))
            if pw.mtu and q.mtu and pw.mtu != q.mtu:
                out.append(ConfigFinding("XCFG003", "error", where,
                                         f"{pw.kind.upper()} {pw.id}: PW MTU differs: {here} {pw.mtu}, {there} {q.mtu}"))
    return out


def _with_notes(findings: list[ConfigFinding], configs: list[ConfigFacts]) -> list[ConfigFinding]:
    """Cross-device findings that involve a file read with recovery say so."""
    broken = {c.source for c in configs if c.syntax_errors}
    out = []
    for f in findings:
        involved = sorted(broken & set(f.source.split()))
        if involved:
            note = f" (note: {', '.join(involved)} has syntax errors and was read with recovery)"
            f = ConfigFinding(f.rule, f.severity, f.source, f.message + note)
        out.append(f)
    return out


def lint_configs(paths: list[Path], vendor: str | None = None) -> list[ConfigFinding]:
    configs = [read_config(p, vendor) for p in paths]
    findings = [f for c in configs for f in c.findings] + _with_notes(cross_findings(configs), configs)
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda f: (order[f.severity], f.rule, f.source))
