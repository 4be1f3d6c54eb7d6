"""``ping``: NetIron's ping options and output, answered from the model's data plane."""

from __future__ import annotations

import ipaddress

from mpls_interop_lab.model.dataplane import ping as model_ping
from mpls_interop_lab.netiron.shows.common import ShowBase, text_lines

#: NetIron's ping ``size`` range (data bytes)
PING_SIZE_MAX = 9170


class PingShows(ShowBase):
    """``ping A.B.C.D [source|count|size|vrf|timeout|ttl V]… [no-fragment]``."""

    def ping(self, args: list[str]) -> str:
        if not args:
            return "Incomplete command.\n"
        target = args[0]
        try:
            ipaddress.IPv4Address(target)
        except ValueError:
            return f"Invalid input -> {target}\nType ? for a list\n"
        opts: dict[str, str] = {}
        flags: set[str] = set()
        i = 1
        while i < len(args):
            w = args[i].lower()
            if w in ("source", "count", "size", "vrf", "timeout", "ttl") and i + 1 < len(args):
                opts[w] = args[i + 1]
                i += 2
            elif "no-fragment".startswith(w):
                flags.add("no-fragment")
                i += 1
            else:
                return f"Invalid input -> {' '.join(args[i:])}\nType ? for a list\n"
        try:
            count = int(opts.get("count", "1"))
            size = int(opts.get("size", "16"))
        except ValueError:
            return "Invalid input -> count/size must be numbers\nType ? for a list\n"
        if not 0 <= size <= PING_SIZE_MAX:
            return f"Error - size {size} out of range, valid range is 0 - {PING_SIZE_MAX}\n"
        out = model_ping(self.state(), self.name, target, size=size, df="no-fragment" in flags, count=count,
                         source=opts.get("source"), vrf=opts.get("vrf"))
        lines = [f"Sending {count}, {size}-byte ICMP Echo to {target}, timeout 5000 msec, TTL 64",
                 "Type Control-c to abort"]
        for _ in range(out.received):
            lines.append(f"Reply from {target:<15}: bytes={size} time<1ms TTL=64")
        if out.received < count:
            for _ in range(count - out.received):
                if out.frag_needed and "local" not in out.reason:
                    lines.append("Destination unreachable: Fragmentation needed and DF set")
                else:
                    lines.append("Request timed out.")
        if out.received == 0:
            lines.append("No reply from remote host.")
        rate = 100 * out.received // count if count else 0
        lines.append(f"Success rate is {rate} percent ({out.received}/{count}), round-trip min/avg/max=0/0/0 ms.")
        return text_lines(lines)
