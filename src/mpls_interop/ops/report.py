"""Check reports: a rich table, JSON (one object per check) and JUnit XML (one testcase per check)."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from rich.console import Console
from rich.table import Table

from mpls_interop.core.checks import Check

STYLE = {"pass": "green", "fail": "red", "skip": "yellow"}


def as_json(checks: list[Check]) -> str:
    return json.dumps([c.as_dict() for c in checks], indent=2) + "\n"


def as_junit(checks: list[Check], suite: str = "interop.verify") -> str:
    failures = sum(c.status == "fail" for c in checks)
    skipped = sum(c.status == "skip" for c in checks)
    root = ET.Element("testsuites", name="mpls-interop", tests=str(len(checks)), failures=str(failures))
    ts = ET.SubElement(root, "testsuite", name=suite, tests=str(len(checks)), failures=str(failures),
                       skipped=str(skipped), errors="0")
    for c in checks:
        tc = ET.SubElement(ts, "testcase", classname=c.check.split(" ")[0], name=f"{c.check} [{', '.join(c.devices)}]")
        if c.status == "fail":
            ET.SubElement(tc, "failure", message=c.detail).text = c.detail
        elif c.status == "skip":
            ET.SubElement(tc, "skipped", message=c.detail)
        else:
            ET.SubElement(tc, "system-out").text = c.detail
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def table(checks: list[Check], title: str = "verify") -> Table:
    t = Table(title=title, show_lines=False)
    for col in ("check", "devices", "status", "detail"):
        t.add_column(col, overflow="fold")
    for c in checks:
        t.add_row(c.check, ", ".join(c.devices), f"[{STYLE[c.status]}]{c.status}[/]", c.detail)
    return t


def summary(checks: list[Check]) -> str:
    n = {s: sum(c.status == s for c in checks) for s in ("pass", "fail", "skip")}
    return f"{n['pass']} passed, {n['fail']} failed" + (f", {n['skip']} skipped" if n["skip"] else "")


def render(checks: list[Check], fmt: str, console: Console | None = None, title: str = "verify") -> str | None:
    """JSON/JUnit text, or print the table (returns None)."""
    if fmt == "json":
        return as_json(checks)
    if fmt == "junit":
        return as_junit(checks)
    (console or Console()).print(table(checks, title))
    return None
