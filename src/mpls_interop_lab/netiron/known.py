"""NetIron statements the emulator does not model but accepts and keeps verbatim.

A real running config holds far more than the lab models (``snmp-server``, ``router isis``,
``lag``, ``ip route`` ...). Those lines are someone else's configuration: the emulator keeps them
word for word, in place, and shows them back. Only the phrases listed here are accepted from the
CLI (a typo is still ``Invalid input``); a saved/startup config may also hold any line below an
unmodelled block (``router isis``'s own sub-commands), which is kept as it is.

Phrases come from real configurations (the MLX running-config capture of ansible-ironware, the
NetIron configuration guides' examples) and are matched on whole words from the start of the line
(after ``no``).
"""

from __future__ import annotations

#: mode kind -> phrases (first words) accepted verbatim in that mode
KNOWN: dict[str, tuple[str, ...]] = {
    "root": (
        "aaa", "access-list", "banner", "batch", "cdp", "clock", "console", "cpu-usage",
        "enable aaa", "enable password-display", "enable super-user-password",
        "enable port-config-password", "enable read-only-password", "enable telnet",
        "errdisable", "fdp", "hqos", "ip access-list", "ip dns", "ip multicast", "ip prefix-list",
        "ip radius", "ip route", "ip router-id", "ip ssh", "ip tacacs", "ip telnet", "ipv6", "lag",
        "link-keepalive", "lldp", "logging", "mirror", "mpls-l3vpn", "netconf", "ntp", "policy-map",
        "qos", "qos-mapping", "qos-policy", "radius-server", "rmon", "route-map", "router bgp",
        "router isis", "router pim", "router rip", "router vrrp", "router vrrp-extended", "sflow",
        "snmp-server", "spanning-tree", "ssh", "system-max", "tacacs-server", "tag-type", "telnet",
        "transceiver-type-check", "username", "vrf", "web-management",
    ),
    "interface": (
        "cdp", "dampening", "fdp", "flow-control", "forward-lacp", "gig-default",
        "ip access-group", "ip helper-address", "ip ospf authentication", "ip ospf md5-authentication",
        "ip pim", "ip redirect", "ip router", "ip vrrp", "ip vrrp-extended",
        "ipv6", "isis", "link-error-disable", "link-fault-signaling", "lldp", "load-interval",
        "loop-detection", "mac", "mon", "qos", "qos-tos", "rate-limit", "sflow", "spanning-tree", "speed-force",
        "vrf",
    ),
    "mpls": ("bfd", "dynamic-bypass", "ldp", "lsp-xc", "rsvp", "vll-local"),
    "policy": (
        "admin-group", "cspf-computation-mode", "handle-isis-neighbor-down",
        "handle-ospf-neighbor-down", "ingress-tunnel-accounting", "propagate-ttl", "retry-limit",
        "retry-time", "traffic-eng isis",
    ),
    "mpls-if": (
        "admin-group", "dynamic-bypass", "reservable-bandwidth", "rsvp", "rsvp-reliable-messaging",
        "te-metric",
    ),
    "lsp": (
        "cos", "cspf", "cspf-computation-mode", "exclude-any", "from", "hop-limit", "include-all",
        "include-any", "ldp-tunneling", "metric", "priority", "record", "reoptimize-timer",
        "select-path", "shortcuts", "tie-breaking", "traffic-eng",
    ),
    "vpls": ("cpu-protection", "extended-counters", "multicast"),
    "vll": ("extended-counters",),
    "vlan": ("spanning-tree",),
}

#: phrases that open a block of their own (the CLI enters it; its lines are kept verbatim)
BLOCKS: dict[str, tuple[str, ...]] = {
    "root": ("hqos", "lag", "policy-map", "router bgp", "router isis", "router pim", "router rip"),
    "mpls": ("dynamic-bypass", "ldp", "rsvp", "vll-local"),
    "mpls-if": ("dynamic-bypass",),
}


def _match(words: list[str], phrases: tuple[str, ...]) -> str | None:
    low = [w.lower() for w in words]
    for phrase in phrases:
        p = phrase.split()
        if low[: len(p)] == p:
            return phrase
    return None


def known(kind: str, words: list[str]) -> str | None:
    """The phrase of mode ``kind`` the line starts with (``no`` ignored), or None."""
    if words and words[0].lower() == "no":
        words = words[1:]
    return _match(words, KNOWN.get(kind, ())) if words else None


def opens_block(kind: str, words: list[str]) -> bool:
    """The line opens an unmodelled block (``router isis``, ``lag "X" dynamic id 3``)."""
    return bool(words) and words[0].lower() != "no" and _match(words, BLOCKS.get(kind, ())) is not None
