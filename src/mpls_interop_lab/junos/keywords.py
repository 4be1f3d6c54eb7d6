"""What the emulator knows of the Junos configuration schema: just enough to split statements.

Junos statements are words; whether ``foo bar`` is a leaf with a value, a keyed-list entry or a
container holding a flag depends on the schema. These tables hold the part of it that realistic
MX configs (interfaces, chassis, OSPF/RSVP/MPLS/LDP/l2circuit/VPLS, VRFs) need, so that curly
text, ``set`` lines and XML all give the same tree. A few hierarchies are validated strictly so
that typos Junos rejects (``protcols``, an l2circuit ``encapsulation``, a unit ``mtu``) are
rejected here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from mpls_interop_lab.junos.tree import JunosSyntaxError

# Containers whose children are keyed by bare name, and the XML element each child becomes.
NAMED_PARENTS: dict[str, str] = {
    "interfaces": "interface",
    "routing-instances": "instance",
    "bridge-domains": "domain",
    "vlans": "vlan",
    "groups": "groups",
    "logical-systems": "logical-systems",
}
# Of those, the ones whose children are repeated top-level elements (no wrapper) in Junos XML.
UNWRAPPED = {"groups", "logical-systems"}
# Words under a named parent that are statements, not names.
NOT_NAMES = {"traceoptions", "apply-groups", "apply-groups-except", "interface-range", "interface-set"}

# Keyed lists: "keyword name".
KEYED = {
    "unit", "family", "address", "interface", "neighbor", "label-switched-path", "area", "fpc",
    "pic", "path", "primary", "secondary", "group", "vlan", "term", "policy-statement",
    "community", "prefix-list", "route", "user", "file", "host", "site", "mesh-group", "peer",
    "interface-range", "interface-set", "server", "static-lsp", "backup-neighbor",
}
# Keyed only below a given top-level hierarchy (`filter F` under firewall, `filter { input F; }`
# on an interface family).
KEYED_UNDER = {"filter": "firewall", "policer": "firewall", "three-color-policer": "firewall"}

# Words that are always containers (so `set a b c` is read right when only one word follows).
CONTAINERS = {
    "system", "services", "netconf", "login", "syslog", "chassis", "interfaces", "protocols",
    "ospf", "ospf3", "rsvp", "mpls", "ldp", "l2circuit", "vpls", "bgp", "isis", "lldp", "evpn",
    "l2vpn", "routing-options", "routing-instances", "policy-options", "firewall",
    "bfd-liveness-detection", "static", "forwarding-options", "class-of-service", "snmp",
    "gigether-options", "ether-options", "aggregated-ether-options", "traceoptions",
    "root-authentication", "authentication", "graceful-restart", "ldp-synchronization",
    "tunnel-services", "bridge-domains", "groups", "logical-systems", "vlans", "ntp",
    "link-protection", "node-link-protection", "oam", "connectivity-fault-management",
}

# Single-valued leaves that never take another form (used to catch a missing ';').
STRICT_LEAVES = {
    "mtu", "vlan-id", "description", "encapsulation", "encapsulation-type", "virtual-circuit-id",
    "vpls-id", "peer-unit", "route-distinguisher", "instance-type", "host-name",
    "hello-interval", "dead-interval", "native-vlan-id", "minimum-interval", "multiplier",
    "revert-timer", "router-id", "autonomous-system", "domain-name", "interface-type",
    "priority", "te-metric", "reference-bandwidth", "retransmit-interval", "speed", "link-mode",
}
# Flags that never carry a value or a block.
STRICT_FLAGS = {
    "vlan-tagging", "flexible-vlan-tagging", "stacked-vlan-tagging", "disable", "standby",
    "no-tunnel-services", "no-control-word",
}
# Leaves whose value is all the remaining words.
MULTI_LEAVES = {"vlan-tags", "vlan-id-range"}

TOP_LEVEL = {
    "version", "groups", "apply-groups", "apply-groups-except", "system", "chassis", "services",
    "security", "interfaces", "snmp", "forwarding-options", "routing-options", "protocols",
    "class-of-service", "firewall", "policy-options", "routing-instances", "bridge-domains",
    "vlans", "switch-options", "logical-systems", "access", "access-profile",
    "accounting-options", "applications", "event-options", "multi-chassis", "poe",
    "virtual-chassis", "dynamic-profiles", "ethernet-switching-options", "jsrc", "smtp",
    "tenants", "multicast-snooping-options", "schedulers", "diameter", "fabric", "vmhost",
    "unified-edge", "session-limit-group", "rtsp",
}
PROTOCOLS = {
    "amt", "bfd", "bgp", "connections", "dcbx", "dot1x", "esis", "evpn", "iccp", "igmp",
    "igmp-snooping", "isis", "l2circuit", "l2iw", "l2vpn", "layer2-control", "ldp",
    "link-management", "lldp", "lldp-med", "mld", "mld-snooping", "mpls", "msdp", "mstp", "mvpn",
    "mvrp", "neighbor-discovery", "oam", "ospf", "ospf3", "pcep", "pim", "ppp",
    "protection-group", "rip", "ripng", "router-advertisement", "router-discovery", "rsvp",
    "rstp", "sap", "sflow", "source-packet-routing", "stp", "uplink-failure-detection", "vpls",
    "vrrp", "vstp", "apply-groups", "apply-groups-except", "lacp", "nhrp", "r2cp",
}
PHYSICAL = {
    "description", "disable", "enable", "mtu", "vlan-tagging", "flexible-vlan-tagging",
    "stacked-vlan-tagging", "vlan-vci-tagging", "encapsulation", "unit", "gigether-options",
    "ether-options", "aggregated-ether-options", "fastether-options", "redundant-ether-options",
    "speed", "link-mode", "mac", "native-vlan-id", "hold-time", "traceoptions",
    "per-unit-scheduler", "hierarchical-scheduler", "shared-scheduler", "apply-groups",
    "apply-groups-except", "damping", "optics-options", "framing", "no-gratuitous-arp-request",
    "gratuitous-arp-reply", "no-gratuitous-arp-reply", "traps", "no-traps", "link-degrade-monitor",
    "esi", "interface-transmit-statistics", "auto-configure", "otn-options", "sonet-options",
    "logical-tunnel-options", "passive-monitor-mode", "receive-bucket", "transmit-bucket",
    "keepalives", "no-keepalives", "clocking", "number-of-sub-ports", "port-mirror-instance",
    "multiservice-options", "services-options", "serial-options", "accounting-profile", "alias",
    "satellite-device", "forwarding-class-accounting", "dce", "no-pseudowire-down-on-core-isolation",
}
UNIT = {
    "accounting-profile", "alias", "apply-groups", "apply-groups-except", "arp-resp", "bandwidth",
    "clear-dont-fragment-bit", "description", "disable", "encapsulation", "family",
    "input-vlan-map", "output-vlan-map", "inner-vlan-id-range", "interface-shared-with",
    "layer2-policer", "multipoint", "native-inner-vlan-id", "no-traps", "traps", "peer-unit",
    "point-to-point", "proxy-arp", "tunnel", "vlan-id", "vlan-id-list", "vlan-id-range",
    "vlan-tags", "vlan-tags-outer", "mac", "accept-source-mac", "etree-ac-role",
    "copy-tos-to-outer-ip-header", "demux-source", "demux-options", "auto-configure",
    "passive-monitor-mode", "rpm", "dial-options", "pppoe-options", "ppp-options",
    "service-domain", "dlci", "vci", "vpi", "radio-router", "disable-mlppp-inner-ppp-pfc",
    "swap-by-poppers", "shaping", "keepalives", "no-keepalives", "ethernet-policer-profile",
    "oam", "actual-transit-statistics",
}
UNIT_FAMILIES = {
    "inet", "inet6", "iso", "mpls", "ccc", "tcc", "vpls", "bridge", "ethernet-switching", "any",
    "mlppp", "mlfr-end-to-end", "mlfr-uni-nni", "multiservice", "pppoe", "tnp", "evpn",
}
L2CIRCUIT_INTERFACE = {
    "virtual-circuit-id", "encapsulation-type", "mtu", "no-control-word", "control-word",
    "description", "community", "psn-tunnel-endpoint", "pseudowire-status-tlv",
    "ignore-mtu-mismatch", "ignore-encapsulation-mismatch", "backup-neighbor", "bandwidth",
    "connection-protection", "egress-protection", "flow-label-transmit", "flow-label-receive",
    "flow-label-transmit-static", "flow-label-receive-static", "hot-standby", "hot-standby-vc-on",
    "no-revert", "revert-time", "oam", "switchover-delay", "apply-groups", "protect-interface",
    "static", "end-interface", "no-vccv-bfd-signaling", "vlan-id",
}
OSPF_INTERFACE = {
    "passive", "interface-type", "hello-interval", "dead-interval", "metric", "te-metric",
    "priority", "bfd-liveness-detection", "authentication", "disable", "ldp-synchronization",
    "link-protection", "node-link-protection", "no-neighbor-down-notification", "poll-interval",
    "retransmit-interval", "transit-delay", "neighbor", "flood-reduction", "demand-circuit",
    "secondary", "strict-bfd", "apply-groups", "no-advertise-adjacency-segment",
    "no-interface-state-traps", "post-convergence-lfa", "topology", "ipsec-sa", "mtu",
    "no-eligible-backup", "no-eligible-remote-backup", "dynamic-neighbors",
}

# Allowed keywords by hierarchy signature ("*" for a bare name, the keyword for keyed entries).
SCHEMA: dict[tuple[str, ...], set[str]] = {
    (): TOP_LEVEL,
    ("protocols",): PROTOCOLS,
    ("interfaces", "*"): PHYSICAL,
    ("interfaces", "*", "unit"): UNIT,
    ("protocols", "l2circuit", "neighbor", "interface"): L2CIRCUIT_INTERFACE,
    ("protocols", "ospf", "area", "interface"): OSPF_INTERFACE,
}


@dataclass
class Word:
    """A token of a statement: its text, the input line, and whether it was quoted."""

    text: str
    line: int | None = None
    quoted: bool = False


@dataclass
class Step:
    """One node of a resolved statement path."""

    key: str
    value: str | None = None
    leaf: bool = False


def signature(path: list[str]) -> tuple[str, ...]:
    sig: list[str] = []
    parent: str | None = None
    for key in path:
        if parent in NAMED_PARENTS and key not in NOT_NAMES and " " not in key:
            sig.append("*")
        else:
            sig.append(key.split(" ", 1)[0])
        parent = key
    # Group and logical-system bodies are whole configurations; an instance body holds protocols.
    while len(sig) >= 2 and sig[0] in ("groups", "logical-systems") and sig[1] == "*":
        sig = sig[2:]
    if len(sig) > 2 and sig[0] == "routing-instances" and sig[1] == "*":
        sig = sig[2:]
    return tuple(sig)


def check_keyword(path: list[str], word: Word) -> None:
    allowed = SCHEMA.get(signature(path))
    if allowed is not None and word.text not in allowed:
        raise JunosSyntaxError("syntax error", word.text, word.line, path)


def check_family(path: list[str], name: Word) -> None:
    if signature(path)[-3:] == ("interfaces", "*", "unit") and name.text not in UNIT_FAMILIES:
        raise JunosSyntaxError("syntax error", name.text, name.line, path)


def _missing_semicolon(words: list[Word], i: int, path: list[str]) -> JunosSyntaxError:
    stmt = " ".join(w.text for w in words[: i + 2]) if i + 1 < len(words) else words[i].text
    return JunosSyntaxError("syntax error, expecting ';' or '{'", stmt, words[i].line, path)


def resolve(words: list[Word], ctx: list[str], block: bool, partial: bool = False) -> list[Step]:
    """Split one statement (the words before ``;`` or ``{``) into tree steps below ``ctx``.

    ``block`` is True when the statement opens a ``{`` block; ``partial`` allows a path that
    stops at a leaf keyword without its value (``delete interfaces ge-1/0/0 mtu``).
    """
    steps: list[Step] = []
    path = list(ctx)
    i, n = 0, len(words)
    while i < n:
        w = words[i]
        rest = n - i
        parent = path[-1] if path else None
        text = w.text
        if not w.quoted:
            check_keyword(path, w)
        if parent in NAMED_PARENTS and text not in NOT_NAMES:
            step = Step(text)
            i += 1
        elif (
            (text in KEYED or (path and KEYED_UNDER.get(text) == path[0]))
            and rest >= 2
            and not w.quoted
        ):
            name = words[i + 1]
            if text == "family":
                check_family(path, name)
            step = Step(f"{text} {name.text}")
            i += 2
        elif text in STRICT_FLAGS:
            if rest > 1 or block:
                raise _missing_semicolon(words, i, path)
            step = Step(text)
            i += 1
        elif text in STRICT_LEAVES:
            if rest == 1 and partial and not block:
                step = Step(text)
                i += 1
            elif rest != 2 or block:
                if rest == 1:
                    raise JunosSyntaxError("syntax error, expecting <data>", text, w.line, path)
                raise _missing_semicolon(words, i, path)
            else:
                steps.append(Step(text, words[i + 1].text, leaf=True))
                return steps
        elif text in MULTI_LEAVES and rest >= 2 and not block:
            steps.append(Step(text, " ".join(x.text for x in words[i + 1 :]), leaf=True))
            return steps
        elif text in CONTAINERS or rest == 1:
            step = Step(text)
            i += 1
        elif rest == 2:
            if block:
                step = Step(f"{text} {words[i + 1].text}")
                i += 2
            else:
                steps.append(Step(text, words[i + 1].text, leaf=True))
                return steps
        else:
            step = Step(text)
            i += 1
        steps.append(step)
        path.append(step.key)
    return steps
