"""Exec-level command words (``show ...`` with abbreviations) and the texts the device itself
prints: ``show version``, minimal ``show interfaces [brief]``.

Layouts follow real NetIron output (labels, column order, ``====`` separators); the values are the
emulated device's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mpls_interop_lab.netiron.tokens import Tokens, incomplete

ANY = "<word>"
REST = "<rest>"

_IF_ARG = {"ethernet": {ANY: {}}, "ve": {ANY: {}}, "loopback": {ANY: {}}, "management": {ANY: {}}}
_DETAIL: dict = {"detail": {}}

#: the ``show`` commands the emulated NetIron knows; protocol-state ones are answered by the
#: device's ``show_handler`` (the network model)
SHOW: dict = {
    "version": {},
    "running-config": {"interface": dict(_IF_ARG), "vlan": {}},
    "configuration": {},
    "interfaces": {"brief": {}, **_IF_ARG},
    "ip": {
        "interface": {"brief": {}, **_IF_ARG},
        "ospf": {
            "neighbor": {"detail": {}},
            "interface": {"brief": {}, **_IF_ARG},
            "database": {REST: {}},
            "area": {},
            "routes": {REST: {}},
        },
        "route": {REST: {}},
    },
    "mpls": {
        "lsp": {"detail": {}, "wide": {}, "name": {ANY: dict(_DETAIL)}, "brief": {}},
        "vll": {"detail": {}, "brief": {}, ANY: dict(_DETAIL)},
        "vll-local": {"detail": {}, ANY: dict(_DETAIL)},
        "vpls": {
            "detail": {},
            "brief": {},
            "id": {ANY: dict(_DETAIL)},
            "name": {ANY: dict(_DETAIL)},
            ANY: dict(_DETAIL),
        },
        "ldp": {
            "neighbor": dict(_DETAIL),
            "session": dict(_DETAIL),
            "peer": dict(_DETAIL),
            "interface": {},
            "database": {REST: {}},
        },
        "rsvp": {"session": dict(_DETAIL), "interface": {}, "neighbor": {}},
        "interface": {"brief": {}, **_IF_ARG},
        "path": {ANY: {}},
        "summary": {},
    },
    "clock": {},
    "chassis": {},
    "bfd": {"neighbors": {}},
}

#: user EXEC (``>``): paging and the configuration need ``enable`` (as on FastIron/ICX, the same
#: CLI family); ``show running-config``/``show configuration`` are refused there too
EXEC_USER = ["enable", "exit", "ping", "quit", "show", "terminal", "traceroute"]
EXEC_PRIV = sorted(
    [*EXEC_USER, "configure", "disable", "page-display", "skip-page-display", "write"]
)
#: ``show`` subjects only privileged EXEC offers
PRIVILEGED_SHOW = ("running-config", "configuration")


def expand(tree: Mapping, t: Tokens, out: list[str]) -> list[str]:
    """Canonical words of the rest of ``t`` along the vocabulary ``tree``."""
    while t.more():
        if REST in tree:
            out.extend(t.words[t.pos :])
            t.skip_rest()
            break
        keywords = [k for k in tree if k not in (ANY, REST)]
        word = t.opt_keyword(keywords) if keywords else None
        if word is not None:
            out.append(word)
            tree = tree[word]
        elif ANY in tree:
            out.append(t.take())
            tree = tree[ANY]
        else:
            raise t.invalid()
    return out


def expand_show(words: list[str]) -> list[str]:
    """``["sh", "mpls", "vll", "det"]`` -> ``["show", "mpls", "vll", "detail"]``."""
    t = Tokens(" ".join(words))
    t.keyword(["show"])
    if not t.more():
        raise incomplete()
    return expand(SHOW, t, ["show"])


# ---------------------------------------------------------------------------------------------
# show version
# ---------------------------------------------------------------------------------------------

_LINE = "=" * 74


@dataclass(frozen=True)
class Chassis:
    mode: str
    name: str
    part: str
    mgmt: str
    mgmt_part: str
    line_card: str
    line_card_id: str
    line_card_part: str


CHASSIS = {
    "MLXe-4": Chassis(
        "MLX", "MLXe 4-slot", "40-1000363-04", "BR-MLX-MR2-M", "60-1002374-07",
        "NI-MLX-10Gx8-M 8-port 10GbE (M) Module", "ni-mlx-8-port-10g-m", "60-1001587-13",
    ),
    "XMR": Chassis(
        "XMR", "NetIron XMR 4000", "40-1000290-05", "NI-XMR-MR", "60-1001420-11",
        "BR-MLX-10Gx8-X 8-port 10GbE (X) Module", "br-mlx-8-port-10g-x", "60-1001918-08",
    ),
}

#: inventory model names (MLX, MLXe, XMR 4000 …) → the chassis the emulator has
MODEL_ALIASES = {"MLX": "MLXe-4", "MLXE": "MLXe-4", "MLXE-4": "MLXe-4", "XMR4000": "XMR", "XMR-4000": "XMR"}


def uptime_text(seconds: float) -> str:
    s = int(seconds)
    parts = [(s // 86400, "days"), (s // 3600 % 24, "hours"), (s // 60 % 60, "minutes")]
    while parts and parts[0][0] == 0:
        parts.pop(0)
    return " ".join(f"{n} {unit}" for n, unit in [*parts, (s % 60, "seconds")])


def image_label(prefix: str, version: str) -> str:
    """``xmr`` + ``5.8.0f`` -> ``xmr05800f`` (NetIron's image naming)."""
    nums = version.split(".")
    major, minor = int(nums[0]), int(nums[1])
    third = nums[2] if len(nums) > 2 else "0"
    patch = "".join(ch for ch in third if ch.isdigit()) or "0"
    suffix = third[len(patch) :]
    return f"{prefix}{major:02d}{minor}{patch}0{suffix}"


def version_text(model: str, version: str, serial: str, uptime_s: float) -> str:
    """``show version`` of a one-line-card chassis with two management modules."""
    c = CHASSIS[model]
    major = int(version.split(".")[0])
    vendor = (
        "Copyright (c) 2017-2019 Extreme Networks, Inc."
        if major >= 6
        else "Copyright (c) 1996-2016 Brocade Communications Systems, Inc."
    )
    up = uptime_text(uptime_s)

    def sub(prefix: str, n: int) -> str:  # serial of a module, derived from the chassis one
        return f"{prefix}{serial[3:-1]}{n}"

    mp = (
        f"Boot     : Version {version}T165 {vendor}\n"
        f"Compiled on Jan 10 2019 at 10:12:40 labeled as {image_label('xmprm', version)}\n"
        " (524288 bytes) from boot flash\n"
        f"Monitor  : Version {version}T165 {vendor}\n"
        f"Compiled on Jan 10 2019 at 10:12:02 labeled as {image_label('xmb', version)}\n"
        " (548864 bytes) from code flash\n"
        f"IronWare : Version {version}T163 {vendor}\n"
        f"Compiled on Jan 10 2019 at 10:40:17 labeled as {image_label('xmr', version)}\n"
        " (10485760 bytes) from Primary\n"
        "Board ID : 00 MBRIDGE Revision : 37\n"
        "1666 MHz Power PC processor 7448 (version 8004/0202) 166 MHz bus\n"
        "512 KB Boot Flash (MX29LV040C), 128 MB Code Flash (MT28F256J3)\n"
        "4096 MB DRAM INSTALLED\n"
        "4096 MB DRAM ADDRESSABLE\n"
    )
    lp = (
        f"Boot     : Version {version}T175 {vendor}\n"
        f"Compiled on Jan 10 2019 at 10:13:11 labeled as {image_label('xmlprm', version)}\n"
        " (452608 bytes) from boot flash\n"
        f"Monitor  : Version {version}T175 {vendor}\n"
        f"Compiled on Jan 10 2019 at 10:13:30 labeled as {image_label('xmlb', version)}\n"
        " (573440 bytes) from code flash\n"
        f"IronWare : Version {version}T177 {vendor}\n"
        f"Compiled on Jan 10 2019 at 10:51:55 labeled as {image_label('xmlp', version)}\n"
        " (9437184 bytes) from Primary\n"
        "FPGA versions: \n"
        "Valid PBIF Version = 2.24, Build Time = 3/2/2018 11:20:00\n"
        "\n"
        "Valid XPP Version = 0.08, Build Time = 3/2/2018 11:25:00\n"
        "\n"
        "MACXPP40G 0\n"
        "MACXPP40G 1\n"
        "1333 MHz MPC MPC8548 (version 8021/0022) 533 MHz bus\n"
        "512 KB Boot Flash (MX29LV040C), 64 MB Code Flash (MT28F256J3)\n"
        "1024 MB DRAM, 8 KB SRAM\n"
    )
    return (
        f"System Mode: {c.mode}\n"
        f"Chassis: {c.name} (Serial #: {serial},  Part #: {c.part})\n"
        f"NI-X-HSF Switch Fabric Module 1 (Serial #: {sub('BEW', 1)},  Part #: 60-1001512-10)\n"
        "FE 1: Type fe600,  Version 1\n"
        f"Switch Fabric Module 1 Up Time is {up}\n"
        f"{_LINE}\n"
        f"SL M1: {c.mgmt} Management Module Active (Serial #: {sub('BVP', 1)}, Part #: {c.mgmt_part}):\n"
        f"{mp}"
        f"Active Management uptime is {up}\n"
        f"{_LINE}\n"
        f"SL M2: {c.mgmt} Management Module Standby (Serial #: {sub('BVP', 2)}, Part #: {c.mgmt_part}):\n"
        f"{mp}"
        f"Standby Management uptime is {up}\n"
        f"{_LINE}\n"
        f"SL 1: {c.line_card} (Serial #: {sub('BEQ', 1)}, Part #: {c.line_card_part})\n"
        f"{lp}"
        f"LP Slot 1 uptime is {up}\n"
        f"{_LINE}\n"
        "All show version done\n"
    )


# ---------------------------------------------------------------------------------------------
# show interfaces (minimal: what the configuration says; the network model knows link state)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortInfo:
    """One interface as the minimal ``show interfaces`` commands print it."""

    short: str  # "1/1", "mgmt1", "ve100", "lb1"
    long: str  # "10GigabitEthernet1/1", "Ethernetmgmt1", "Ve100", "Loopback1"
    hardware: str  # "10GigabitEthernet", "Ethernet", "Virtual Ethernet", "Loopback"
    physical: bool
    up: bool
    speed: str  # "10G", "1G" ("N/A" for virtual)
    tagged: bool
    mac: str
    name: str
    addresses: tuple[str, ...]
    ip_mtu: int
    frame: int


def interfaces_brief_text(ports: list[PortInfo]) -> str:
    head = (
        "Port   Link     Port-State   Dupl Speed Trunk Tag Priori MAC            Name           "
        "Type"
    )
    rows = ["", head]
    for p in ports:
        if p.physical:
            link, state, dupl, speed = (
                ("Up", "Forward", "Full", p.speed) if p.up else ("Disabled", "None", "None", "None")
            )
            tag, prio = ("Yes" if p.tagged else "No"), "level0"
        else:
            link, state, dupl, speed = ("Up" if p.up else "Down"), "N/A", "N/A", "N/A"
            tag, prio = "N/A", "N/A"
        mac = p.mac if p.physical or p.short.startswith("ve") else "N/A"
        rows.append(
            f"{p.short:<7}{link:<9}{state:<13}{dupl:<5}{speed:<6}{'None':<6}{tag:<4}{prio:<7}"
            f"{mac:<15}{p.name[:15]:<15}default-port"
        )
    return "\n".join(rows) + "\n"


def interfaces_text(ports: list[PortInfo]) -> str:
    out: list[str] = []
    for p in ports:
        state = "up" if p.up else ("disabled" if p.physical else "down")
        proto = "up" if p.up else "down"
        out.append(f"{p.long} is {state}, line protocol is {proto}")
        if p.hardware == "Loopback":
            out.append("  Hardware is Loopback")
        else:
            out.append(f"  Hardware is {p.hardware}, address is {p.mac} (bia {p.mac})")
        if p.physical:
            gbit = p.speed.replace("G", "Gbit")
            actual = gbit if p.up else "unknown"
            duplex = "fdx" if p.up else "unknown"
            out.append(
                f"  Configured speed {gbit}, actual {actual}, configured duplex fdx, actual {duplex}"
            )
        out.append(f"  Port name is {p.name}" if p.name else "  No port name")
        if p.physical:
            if p.addresses:
                out.append(
                    f"  Internet address is {p.addresses[0]}, MTU {p.frame} bytes, encapsulation ethernet"
                )
            else:
                out.append(f"  MTU {p.frame} bytes, encapsulation ethernet")
        else:
            encap = "LOOPBACK" if p.hardware == "Loopback" else "ethernet"
            addr = p.addresses[0] if p.addresses else "0.0.0.0/0"
            out.append(f"  Internet address is {addr}, IP MTU {p.ip_mtu} bytes, encapsulation {encap}")
    return "\n".join(out) + "\n"
