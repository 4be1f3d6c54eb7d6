"""RSVP sessions and MPLS LSPs: ``get-rsvp-session-information`` (brief) and
``get-mpls-lsp-information`` (ingress LSPs with their paths, egress and transit sessions)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import TypeVar

from lxml import etree

from mpls_interop_lab.junos.ops.common import OpsBase, el, month_day, stable_hash, text_lines
from mpls_interop_lab.model.state import LspState, RsvpSession

#: first label Junos hands out from its dynamic range (RSVP transit, LDP)
FIRST_LABEL = 299776

_Item = TypeVar("_Item", LspState, RsvpSession)


def transit_label(n: int) -> int:
    """The label the ``n``-th transit hop or session gets from the dynamic range."""
    return FIRST_LABEL + 16 * n


def _labels(role: str, n: int) -> tuple[str, str]:
    """(label-in, label-out): PHP towards the egress, dynamic labels on transit hops."""
    if role == "ingress":
        return "-", "3"
    if role == "egress":
        return "3", "-"
    return str(transit_label(n)), "3"


def _endpoints(e: etree._Element, destination: str, source: str, up: bool) -> None:
    """The fields every LSP and session record starts with."""
    el(e, "destination-address", destination)
    el(e, "source-address", source)
    el(e, "lsp-state", "Up" if up else "Dn")
    el(e, "route-count", 0)


def _reservation(e: etree._Element, role: str, n: int, up: bool) -> None:
    """Reservation state and labels of a session (none while it is down)."""
    el(e, "rsb-count", 1 if up else 0)
    el(e, "resv-style", "SE")
    label_in, label_out = _labels(role, n)
    el(e, "label-in", label_in if up else "-")
    el(e, "label-out", label_out if up else "-")


class MplsRpcs(OpsBase):
    """``get-rsvp-session-information``, ``get-mpls-lsp-information`` and ``show mpls lsp`` text."""

    def _sessions(self, role: str) -> list[RsvpSession]:
        return [s for s in self.dev.rsvp if s.role == role]

    def _session(self, data: etree._Element, style: str) -> etree._Element:
        e = el(data, "rsvp-session")
        self._junos_attr(e, "style", style)
        return e

    @staticmethod
    def _session_data(
        root: etree._Element, role: str, items: Sequence[_Item],
        write: Callable[[etree._Element, _Item, int], None], start: int = 0,
    ) -> None:
        """One ``rsvp-session-data`` block: the role, its records (``write(data, item, n)``, ``n``
        counting from ``start``) and the up/down counts."""
        data = el(root, "rsvp-session-data")
        el(data, "session-type", role.capitalize())
        el(data, "count", len(items))
        for n, item in enumerate(items, start=start):
            write(data, item, n)
        up = sum(item.up for item in items)
        el(data, "display-count", len(items))
        el(data, "up-count", up)
        el(data, "down-count", len(items) - up)

    def rpc_get_rsvp_session_information(self, rpc: etree._Element) -> etree._Element:
        root = self._root("rsvp-session-information", "routing")
        for role in ("ingress", "egress", "transit"):
            self._session_data(root, role, self._sessions(role), partial(self._brief_session, role=role))
        return root

    def _brief_session(self, data: etree._Element, s: RsvpSession, n: int, role: str) -> None:
        e = self._session(data, "brief")
        _endpoints(e, s.destination, s.source, s.up)
        _reservation(e, role, n, s.up)
        el(e, "name", s.name)

    def rpc_get_mpls_lsp_information(self, rpc: etree._Element) -> etree._Element:
        """``show mpls lsp [ingress|egress|transit]``: the YANG's ``lsp-type`` (no keyword: an
        empty ``<ingress/>`` element) limits the reply to that role's block; all three without it."""
        roles = [r for r in ("ingress", "egress", "transit") if self._flag(rpc, r)] or ["ingress", "egress", "transit"]
        root = self._root("mpls-lsp-information", "routing")
        if "ingress" in roles:
            self._session_data(root, "ingress", self.dev.lsps, self._ingress_lsp, start=1)
        for role in ("egress", "transit"):
            if role in roles:
                self._session_data(root, role, self._sessions(role), partial(self._remote_session, role=role))
        return root

    def _ingress_lsp(self, data: etree._Element, lsp: LspState, lsp_id: int) -> None:
        m = el(self._session(data, "detail"), "mpls-lsp")
        _endpoints(m, lsp.to, lsp.source, lsp.up)
        el(m, "name", lsp.name)
        el(m, "lsp-id", lsp_id)
        el(m, "lsp-description", "")
        name = lsp.active_path_name
        if lsp.up and lsp.active:
            el(m, "active-path", f"{name} ({lsp.active})" if name else f"({lsp.active})")
        else:
            el(m, "active-path", "(none)")
        if lsp.frr:
            el(m, "is-fastreroute")
        el(m, "lsp-type", "Static Configured")
        el(m, "egress-label-operation", "Penultimate hop popping")
        el(m, "load-balance", "random")
        attrs = el(m, "mpls-lsp-attributes")
        el(attrs, "encoding-type", "Packet")
        el(attrs, "switching-type", "Packet")
        el(attrs, "gpid", "IPv4")
        el(attrs, "mpls-lsp-upstream-label", "")
        el(m, "lsp-selfping-status", "Disabled")
        for title, pname in (("Primary", lsp.primary_name), ("Secondary", lsp.secondary_name)):
            if title == "Secondary" and not (pname or lsp.active == "secondary"):
                continue
            self._lsp_path(m, lsp, title, pname)

    def _lsp_path(self, m: etree._Element, lsp: LspState, title: str, pname: str) -> None:
        p = el(m, "mpls-lsp-path")
        el(p, "title", title)
        el(p, "name", pname)
        active = lsp.up and lsp.active == title.lower()
        if active:
            el(p, "path-active")
        up = active or (title == "Secondary" and lsp.secondary_up)
        el(p, "path-state", "Up" if up else "Dn")
        el(p, "setup-priority", 7)
        el(p, "hold-priority", 0)
        el(p, "path-flap-count", 0)
        el(p, "path-mbb-count", 0)
        if active:
            el(p, "cspf-status", "Computed ERO (S [L] denotes strict [loose] hops): (CSPF metric: 100)")
            ero = el(p, "explicit-route", heading="          ")
            for hop in lsp.path:
                h = el(ero, "explicit-route-element")
                el(h, "address", hop)
                el(h, "explicit-route-type", "S")
            rro = " ".join(
                f"{hop}(Label={3 if i == len(lsp.path) - 1 else transit_label(i)})"
                for i, hop in enumerate(lsp.path)
            )
            el(p, "received-rro",
                "Received RRO (ProtectionFlag 1=Available 2=InUse 4=B/W 8=Node 10=SoftPreempt 20=Node-ID):\n"
                f"{rro}")
        elif not up:
            reason = lsp.reason or f"no route toward {lsp.to}"
            el(p, "cspf-status", "Will be enqueued for recomputation in 15 second(s).")
            hist = el(p, "path-history")
            el(hist, "sequence-number", 1)
            month, day = month_day(self.clock())
            el(hist, "time", f"{month} {day} {time.strftime('%H:%M:%S', time.gmtime(self.clock()))}.000")
            el(hist, "log", f"CSPF failed: {reason}")
            el(hist, "route", "")

    def _remote_session(self, data: etree._Element, s: RsvpSession, n: int, role: str) -> None:
        e = self._session(data, "detail")
        _endpoints(e, s.destination, s.source, s.up)
        el(e, "name", s.name)
        el(e, "lsp-path-type", "Primary")
        for tag in ("suggested-label-in", "suggested-label-out", "recovery-label-in", "recovery-label-out"):
            el(e, tag, "-")
        _reservation(e, role, n, s.up)
        el(e, "psb-lifetime", 157)
        el(e, "psb-creation-time", time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime(self.started)))
        el(e, "sender-tspec", "rate 0bps size 0bps peak Infbps m 20 M 1500")
        el(e, "lsp-id", 1 + n)
        el(e, "tunnel-id", 10000 + stable_hash(s.source, s.name) % 50000)
        el(e, "proto-id", 0)

    def _lsp_text(self) -> str:
        lines = [f"Ingress LSP: {len(self.dev.lsps)} sessions",
                 "To              From            State Rt P     ActivePath       LSPname"]
        for lsp in self.dev.lsps:
            p = "*" if lsp.up else ""
            name = lsp.active_path_name
            lines.append(f"{lsp.to:<16}{lsp.source:<16}{'Up' if lsp.up else 'Dn':<6}{0:<3}{p:<6}{name:<17}{lsp.name}")
        return text_lines(lines)
