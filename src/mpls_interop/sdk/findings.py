"""A lint-style finding: what the core's lint and a vendor's checks (e.g. containerlab) report."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    devices: tuple[str, ...]
    message: str

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["devices"] = list(self.devices)
        return d
