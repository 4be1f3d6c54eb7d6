"""``ping``: the RPC (and its CLI form) answered from the model's data plane: probe results,
the local ``sendto`` errors, and "frag needed" from a router on the path for DF pings."""

from __future__ import annotations

import math
import re

from lxml import etree

from mpls_interop_lab.junos.ops.common import OpsBase, el, stable_hash
from mpls_interop_lab.model.dataplane import ping as model_ping
from mpls_interop_lab.model.network import NetworkState
from mpls_interop_lab.model.state import PingOutcome

#: ``ping`` CLI options that take a value (the other words are flags: rapid, do-not-fragment, ...)
_PING_ARGS = {"count", "size", "ttl", "wait", "source", "routing-instance", "interval", "interface"}


class PingRpcs(OpsBase):
    """``<ping>`` and ``<command>ping …</command>`` (napalm sends the latter)."""

    def rpc_ping(self, rpc: etree._Element) -> etree._Element:
        host = self._arg(rpc, "host")
        size = int(self._arg(rpc, "size") or 56)
        count = int(self._arg(rpc, "count") or 5)
        source = self._arg(rpc, "source") or None
        vrf = self._arg(rpc, "routing-instance") or None
        ttl = int(self._arg(rpc, "ttl") or 64)
        df = self._flag(rpc, "do-not-fragment")
        state = self.state()
        out = model_ping(state, self.name, host, size=size, df=df, count=count, source=source, vrf=vrf)
        return self._ping_reply(state, out, host, size, min(ttl, 64))

    def _ping_reply(self, state: NetworkState, out: PingOutcome, host: str, size: int, ttl: int) -> etree._Element:
        root = self._root("ping-results", "probe-tests")
        el(root, "target-host", host)
        el(root, "target-ip", host)
        el(root, "packet-size", size)
        reporter = re.search(r"frag needed at (\S+)", out.reason)
        where = reporter.group(1) if reporter else ""
        local_frag = out.frag_needed and where in ("local", self.name, "")
        local_error = ""
        if local_frag:
            local_error = "sendto: Message too long"
        elif out.no_route:
            local_error = "sendto: No route to host"
        rtts = [1100 + stable_hash(self.name, host, str(seq)) % 900 for seq in range(out.received)]
        start = int(self.clock())
        for seq, rtt in enumerate(rtts):
            pr = el(root, "probe-result", **{"date-determined": str(start + seq)})
            el(pr, "probe-index", seq + 1)
            el(pr, "probe-success")
            el(pr, "sequence-number", seq)
            el(pr, "ip-address", host)
            el(pr, "time-to-live", ttl - 1 if state.owner(host) not in (None, self.name) else ttl)
            el(pr, "response-size", size + 8)
            el(pr, "rtt", rtt)
        if out.frag_needed and not local_frag:
            # the next-hop MTU travels in the ICMP message; the RPC YANG has no leaf for it
            router = state.views[where].router_id if where in state.views else host
            for seq in range(out.sent):
                # Junos models an ICMP error as type/code flags (junos-rpc-ping: icmp-type, icmp-code)
                pr = el(root, "probe-result", **{"date-determined": str(start + seq)})
                el(pr, "probe-index", seq + 1)
                el(pr, "sequence-number", seq)
                el(pr, "ip-address", router or host)
                el(el(pr, "icmp-type"), "icmp-unreach")
                el(el(pr, "icmp-code"), "icmp-unreach-needfrag")
        summary = el(root, "probe-results-summary")
        el(summary, "probes-sent", out.sent)
        el(summary, "responses-received", out.received)
        el(summary, "packet-loss", 100 - (100 * out.received // out.sent if out.sent else 0))
        if rtts:
            avg = sum(rtts) / len(rtts)
            stddev = math.sqrt(sum((r - avg) ** 2 for r in rtts) / len(rtts))
            el(summary, "rtt-minimum", min(rtts))
            el(summary, "rtt-maximum", max(rtts))
            el(summary, "rtt-average", int(avg))
            el(summary, "rtt-stddev", int(stddev))
            el(root, "ping-success")
        else:
            el(root, "ping-failure", local_error or "no response")
        return root

    def _ping_command(self, words: list[str]) -> etree._Element:
        rpc = etree.Element("ping")
        el(rpc, "host", words[0])
        i = 1
        while i < len(words):
            w = words[i]
            if w in _PING_ARGS and i + 1 < len(words):
                el(rpc, w, words[i + 1])
                i += 2
                continue
            el(rpc, w)  # flags: rapid, do-not-fragment, ...
            i += 1
        return self.rpc_ping(rpc)
