"""What a configuration linter reads out of one existing device configuration, vendor-neutral.

Each vendor's ``configlint.read(text, source)`` returns :class:`ConfigFacts`: the findings that
need only that one file, plus the facts the cross-device rules compare (OSPF timers per subnet,
pseudowires with their id/type/MTU/peer, LSP destinations).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class ConfigFinding:
    rule: str
    severity: Literal["error", "warning", "info"]
    source: str  # file (and line when known)
    message: str


@dataclass(frozen=True)
class OspfLink:
    interface: str
    subnet: ipaddress.IPv4Network
    address: ipaddress.IPv4Address
    hello: int
    dead: int
    ip_mtu: int | None
    area: str = ""
    network_type: str = ""  # "p2p" or "broadcast" ("" when not read)
    #: the configuration's own statements for the timers ("" when they are defaults)
    words: str = ""


@dataclass(frozen=True)
class PwFact:
    kind: Literal["vll", "vpls"]
    id: int
    name: str
    peer: str
    pw_type: Literal["raw", "tagged"]
    mtu: int | None


@dataclass
class ConfigFacts:
    vendor: str
    source: str
    hostname: str = ""
    loopbacks: list[str] = field(default_factory=list)
    ospf: list[OspfLink] = field(default_factory=list)
    pws: list[PwFact] = field(default_factory=list)
    lsp_targets: set[str] = field(default_factory=set)
    findings: list[ConfigFinding] = field(default_factory=list)
    #: syntax errors the reader recovered from (the facts may be incomplete)
    syntax_errors: int = 0

    def add(self, rule: str, severity: Literal["error", "warning", "info"], message: str, line: int | None = None) -> None:
        where = f"{self.source}:{line}" if line else self.source
        self.findings.append(ConfigFinding(rule, severity, where, message))
