"""The NetIron (MLX/XMR) configuration vocabulary the config linter knows: the first word of a
line in each configuration mode, from the NetIron configuration guides' command references.

It is deliberately wider than what the toolkit renders (a brownfield config carries SNMP, AAA,
logging…) but only modes the interop traps live in are checked word by word; lines inside other
modes (``router bgp``, ``aaa``…) are accepted as they are.
"""

from __future__ import annotations

TOP = frozenset({
    "hostname", "interface", "router", "vlan", "ip", "ipv6", "logging", "snmp-server", "aaa", "username",
    "enable", "no", "default-max-frame-size", "ntp", "clock", "console", "banner", "lag", "qos", "access-list",
    "route-map", "telnet", "ssh", "web-management", "sflow", "end", "ver", "module", "system-max", "cpu-usage",
    "lldp", "link-config", "mpls", "bfd", "redundancy", "tacacs-server", "radius-server", "hitless-failover",
    "set-active-mgmt", "fdp", "cdp", "policy-map", "rate-limit", "spanning-tree", "mac", "optical-monitor",
    "arp", "monitor", "batch", "boot", "crypto", "license", "errdisable", "vrf", "snmp-client", "sntp",
    "jumbo", "alias", "static-mac-address", "transceiver-type-check", "port", "mirror-port", "trunk",
    "vlan-group", "qos-mapping", "ipv6-access-list", "mac-access-list", "cluster", "lacp", "tag-type",
    "system-init", "password-change", "privilege", "access-policy", "clear", "show", "write",
})
ROUTERS = frozenset({"ospf", "mpls", "bgp", "isis", "rip", "vrrp", "vrrp-extended", "pim", "msdp", "ospfv3",
                     "vsrp", "mbgp", "dvmrp"})
INTERFACE_TYPES = frozenset({"ethernet", "ethe", "eth", "e", "ve", "loopback", "management", "lag", "tunnel",
                             "group-ve", "pos"})

INTERFACE = frozenset({
    "port-name", "enable", "disable", "ip", "ipv6", "bfd", "mtu", "load-interval", "speed-duplex", "gig-default",
    "mpls", "no", "link-fault-signaling", "flow-control", "route-only", "vrf", "rate-limit", "monitor", "sflow",
    "lldp", "spanning-tree", "mac", "dot1x", "qos", "priority", "link-error-disable", "loop-detection",
    "forward-lacp", "lacp", "optic-lane", "ethernet", "delay-notifications", "port-security", "mac-learn-disable",
    "phy-mode", "clock", "keepalive", "encapsulation", "vrrp", "vrrp-extended", "pim", "ipv6-address",
})
VLAN = frozenset({"tagged", "untagged", "router-interface", "no", "spanning-tree", "name", "static-mac-address"})
OSPF = frozenset({
    "area", "no", "redistribute", "default-information-originate", "auto-cost", "log-status-change",
    "timers", "distance", "metric-type", "log", "graceful-restart", "nonstop-routing", "summary-address",
    "router-id", "default-metric", "database-overflow-interval", "maximum-paths", "rfc1583-compatibility",
    "external-lsdb-limit", "log-adjacency-changes", "area-range",
})
MPLS = frozenset({
    "policy", "mpls-interface", "path", "lsp", "vpls", "vll", "vll-local", "ldp", "rsvp", "bfd", "no",
    "label-range", "bypass-lsp", "dynamic-bypass", "lsp-xc-traps", "vpls-policy", "vll-policy", "oam",
})
MPLS_POLICY = frozenset({"traffic-eng", "no", "admin-group", "cspf-computation-mode", "handle-ospf-neighbor-down",
                         "retry-time", "retry-limit", "propagate-ttl", "label-propagate-ttl", "ingress-tunnel-accounting",
                         "cspf-interface-constraint", "rapid-retry", "advertise-tunnel-metric", "ldp-tunnel-metric"})
MPLS_INTERFACE = frozenset({"ldp-enable", "no", "rsvp-reliable-messaging", "admin-group", "reservable-bandwidth",
                            "rsvp-refresh-reduction", "bfd", "ldp-params", "te-metric"})
PATH = frozenset({"strict", "loose", "no"})
LSP = frozenset({
    "to", "from", "primary-path", "secondary-path", "frr", "enable", "disable", "no", "revert-timer", "cos",
    "adaptive", "metric", "shortcuts", "ldp-tunneling", "record", "select-path", "tunnel-interface",
    "exclude-any", "include-any", "include-all", "hop-limit", "priority", "traffic-eng", "commit",
    "cspf", "bfd", "reoptimize-timer", "ipmtu", "tie-breaking", "hot-standby",
})
SECONDARY_PATH = frozenset({"standby", "no", "adaptive", "cos", "exclude-any", "include-any", "hop-limit",
                            "priority", "traffic-eng", "select-path"})
FRR = frozenset({"facility-backup", "no", "bandwidth", "hop-limit", "exclude-any", "include-any", "priority"})
VPLS = frozenset({"vpls-peer", "vpls-mtu", "vc-mode", "vlan", "no", "cpu-protection", "vpls-policy",
                  "pw-redundancy", "multicast", "local-switching", "flooding", "mac-limit", "description",
                  "vpls-mtu-enforcement", "aging", "bfd", "cos"})
VLL = frozenset({"vll-peer", "vll-mtu", "vlan", "untagged", "tagged", "no", "description", "vll-mtu-enforcement",
                 "cos", "pw-redundancy", "bfd"})
SERVICE_VLAN = frozenset({"tagged", "untagged", "router-interface", "no", "inner-vlan"})
VLL_OPTIONS = frozenset({"raw-mode", "cos"})

#: configuration mode of a block line's children: (parent mode, first word) → child mode
MODES: dict[tuple[str, str], str] = {
    ("top", "interface"): "interface",
    ("top", "vlan"): "vlan",
    ("top", "router ospf"): "ospf",
    ("top", "router mpls"): "mpls",
    ("mpls", "policy"): "mpls-policy",
    ("mpls", "mpls-interface"): "mpls-interface",
    ("mpls", "path"): "path",
    ("mpls", "lsp"): "lsp",
    ("mpls", "vpls"): "vpls",
    ("mpls", "vll"): "vll",
    ("lsp", "secondary-path"): "secondary-path",
    ("lsp", "frr"): "frr",
    ("vpls", "vlan"): "service-vlan",
    ("vll", "vlan"): "service-vlan",
}
WORDS: dict[str, frozenset[str]] = {
    "top": TOP, "interface": INTERFACE, "vlan": VLAN, "ospf": OSPF, "mpls": MPLS, "mpls-policy": MPLS_POLICY,
    "mpls-interface": MPLS_INTERFACE, "path": PATH, "lsp": LSP, "secondary-path": SECONDARY_PATH, "frr": FRR,
    "vpls": VPLS, "vll": VLL, "service-vlan": SERVICE_VLAN,
}
#: words that mark another vendor's configuration (Cisco IOS and similar)
FOREIGN = frozenset({"version", "service", "boot-start-marker", "boot-end-marker", "line", "control-plane",
                     "end-marker", "dial-peer", "voice", "call-home", "license-udi", "archive", "system"})
