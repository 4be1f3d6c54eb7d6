"""What every group of Junos operational replies shares: the default release, the XML element
helper, stable made-up values, Junos's time texts, and ``OpsBase`` (the device, the reply root
with its namespaces, request arguments, and when an interface or pseudowire last changed)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from lxml import etree

from mpls_interop_lab.model.network import NetworkState
from mpls_interop_lab.model.state import DeviceState

#: the release JunosDevice reports by default (the namespaces carry it)
DEFAULT_VERSION = "21.2R3-S4.8"

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def el(parent: etree._Element | None, tag: str, text: object = None, **attrib: str) -> etree._Element:
    """A new element (under ``parent`` when given) with ``text`` as its string."""
    e = etree.Element(tag, attrib) if parent is None else etree.SubElement(parent, tag, attrib)
    if text is not None:
        e.text = str(text)
    return e


def stable_hash(*parts: str) -> int:
    """A number that stays the same for the same parts (made-up indexes, MACs, counters)."""
    return int(hashlib.sha1("/".join(parts).encode()).hexdigest()[:8], 16)


def month_day(t: float) -> tuple[str, str]:
    """(``May``, `` 8``): Junos's month name and space-padded day."""
    tm = time.gmtime(t)
    return _MONTHS[tm.tm_mon - 1], f"{tm.tm_mday:>2}"


def clock_text(t: float) -> str:
    """``May  8 07:33:06 2015``: how ``show l2circuit connections`` prints times."""
    month, day = month_day(t)
    return f"{month} {day} {time.strftime('%H:%M:%S %Y', time.gmtime(t))}"


def ago(seconds: float) -> str:
    """``1w2d 03:04``, ``2d 03:04`` or ``03:04:05``: how long ago, as Junos counts it."""
    s = max(0, int(seconds))
    weeks, s = divmod(s, 7 * 86400)
    days, s = divmod(s, 86400)
    hours, s = divmod(s, 3600)
    minutes, s = divmod(s, 60)
    if weeks:
        return f"{weeks}w{days}d {hours:02}:{minutes:02}"
    if days:
        return f"{days}d {hours:02}:{minutes:02}"
    return f"{hours:02}:{minutes:02}:{s:02}"


def text_lines(lines: list[str]) -> str:
    """CLI text: the lines, each ending in a newline."""
    return "\n".join(lines) + "\n"


class OpsBase:
    """One Junos device's view of the shared network model, and the reply plumbing."""

    def __init__(
        self, name: str, state: Callable[[], NetworkState], version: str = DEFAULT_VERSION,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.name = name
        self.state = state
        self.clock = clock
        release = version.split("-")[0]
        self.content_ns = f"http://xml.juniper.net/junos/{release}/junos-{{}}"
        self.junos_ns = f"http://xml.juniper.net/junos/{release}/junos"
        self.started = clock()
        #: last state seen per interface / pseudowire and when it changed (flap and "last up" times)
        self._seen: dict[str, tuple[bool, float]] = {}

    @property
    def dev(self) -> DeviceState:
        return self.state().devices[self.name]

    def _root(self, tag: str, ns: str, style: str | None = None) -> etree._Element:
        root = etree.Element(tag, nsmap={None: self.content_ns.format(ns), "junos": self.junos_ns})
        if style:
            self._junos_attr(root, "style", style)
        return root

    def _junos_attr(self, e: etree._Element, name: str, value: object) -> None:
        e.set(f"{{{self.junos_ns}}}{name}", str(value))

    def _since(self, key: str, up: bool) -> float:
        """When ``key`` last changed state (the lab start for what has not changed since)."""
        seen = self._seen.get(key)
        if seen is None or seen[0] != up:
            self._seen[key] = (up, self.started if seen is None else self.clock())
        return self._seen[key][1]

    @staticmethod
    def _flag(rpc: etree._Element, name: str) -> bool:
        return any(etree.QName(c).localname == name for c in rpc if isinstance(c.tag, str))

    @staticmethod
    def _arg(rpc: etree._Element, name: str) -> str:
        for c in rpc:
            if isinstance(c.tag, str) and etree.QName(c).localname == name:
                return (c.text or "").strip()
        return ""
