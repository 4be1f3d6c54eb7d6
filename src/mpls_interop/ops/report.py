"""Check reports: a rich table (or its plain text), JSON (a summary and one object per check) and
JUnit XML (one testcase per check, with the run's time and timestamp)."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from xml.etree import ElementTree as ET

from rich.console import Console
from rich.table import Table

from mpls_interop.core.checks import Check
from mpls_interop.sdk.secrets import scrub

STYLE = {"pass": "green", "fail": "red", "skip": "yellow"}


def tool_version() -> str:
    try:
        return version("mpls-interop")
    except PackageNotFoundError:
        return "unknown"


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Run:
    """What a report says about the run besides the checks."""

    inventory: str = ""
    started: datetime = field(default_factory=_now)
    finished: datetime | None = None

    def finish(self) -> Run:
        self.finished = _now()
        return self

    @property
    def seconds(self) -> float:
        return round(((self.finished or _now()) - self.started).total_seconds(), 3)


def counts(checks: list[Check]) -> dict[str, int]:
    return {s: sum(c.status == s for c in checks) for s in ("pass", "fail", "skip")}


def as_json(checks: list[Check], run: Run | None = None) -> str:
    run = run or Run().finish()
    n = counts(checks)
    summary = {
        "passed": n["pass"], "failed": n["fail"], "skipped": n["skip"], "total": len(checks),
        "ok": n["fail"] == 0, "inventory": run.inventory, "started": run.started.isoformat(timespec="seconds"),
        "finished": (run.finished or _now()).isoformat(timespec="seconds"), "seconds": run.seconds,
        "tool": "mpls-interop", "version": tool_version(),
    }
    return scrub(json.dumps({"summary": summary, "checks": [c.as_dict() for c in checks]}, indent=2)) + "\n"


def as_junit(checks: list[Check], suite: str = "interop.verify", run: Run | None = None) -> str:
    run = run or Run().finish()
    n = counts(checks)
    stamp = run.started.replace(tzinfo=None).isoformat(timespec="seconds")
    seconds = f"{run.seconds:.3f}"
    root = ET.Element("testsuites", name="mpls-interop", tests=str(len(checks)), failures=str(n["fail"]),
                      skipped=str(n["skip"]), errors="0", time=seconds, timestamp=stamp)
    ts = ET.SubElement(root, "testsuite", name=suite, tests=str(len(checks)), failures=str(n["fail"]),
                       skipped=str(n["skip"]), errors="0", time=seconds, timestamp=stamp,
                       hostname=run.inventory or "mpls-interop")
    props = ET.SubElement(ts, "properties")
    ET.SubElement(props, "property", name="inventory", value=run.inventory)
    ET.SubElement(props, "property", name="version", value=tool_version())
    for c in checks:
        tc = ET.SubElement(ts, "testcase", classname=c.check.split(" ")[0], name=f"{c.check} [{', '.join(c.devices)}]",
                           time="0")
        if c.status == "fail":
            ET.SubElement(tc, "failure", message=c.detail).text = c.detail
        elif c.status == "skip":
            ET.SubElement(tc, "skipped", message=c.detail)
        else:
            ET.SubElement(tc, "system-out").text = c.detail
    ET.indent(root)
    return scrub(ET.tostring(root, encoding="unicode", xml_declaration=True)) + "\n"


def table(checks: list[Check], title: str = "verify") -> Table:
    t = Table(title=title, show_lines=False)
    for col in ("check", "devices", "status", "detail"):
        t.add_column(col, overflow="fold")
    for c in checks:
        t.add_row(c.check, ", ".join(c.devices), f"[{STYLE[c.status]}]{c.status}[/]", scrub(c.detail))
    return t


def summary(checks: list[Check]) -> str:
    n = counts(checks)
    return f"{n['pass']} passed, {n['fail']} failed" + (f", {n['skip']} skipped" if n["skip"] else "")


def as_text(checks: list[Check], title: str = "verify", width: int = 160) -> str:
    """The table as plain text (no colours), for ``--output`` with the table format."""
    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system=None, force_terminal=False, legacy_windows=False)
    console.print(table(checks, title))
    console.print(summary(checks))
    return buf.getvalue()


def render(checks: list[Check], fmt: str, console: Console | None = None, title: str = "verify",
           run: Run | None = None) -> str | None:
    """JSON/JUnit text, or print the table (returns None)."""
    if fmt == "json":
        return as_json(checks, run)
    if fmt == "junit":
        return as_junit(checks, run=run)
    (console or Console()).print(table(checks, title))
    return None
