"""A physical port as the interface commands print it, and its ``show interfaces`` block."""

from __future__ import annotations

from dataclasses import dataclass

from mpls_interop_lab.netiron.ports import parse_port


@dataclass(frozen=True)
class Port:
    num: str  # "1/5"
    key: str  # the model's name, "ethe 1/5"
    speed: int  # Mb/s
    admin_up: bool
    oper_up: bool
    frame: int  # frame size, FCS included (what NetIron prints as MTU)
    name: str  # port-name
    untagged: int | None  # untagged VLAN (None: default VLAN)
    tagged: int  # number of VLANs the port is tagged in
    index: int


def port_key(name: str) -> tuple[int, ...]:
    """Sort key of a port name (``1/5`` or ``ethe 1/5``): slot, then port."""
    try:
        return tuple(int(x) for x in name.split()[-1].split("/"))
    except ValueError:
        return (99,)


def port_speed(port: str) -> int:
    """Mb/s of ``slot/port``: slot 1 holds the 10GbE card, other slots 1GbE cards."""
    parsed = parse_port(port)
    return 10000 if parsed is not None and parsed[0] == 1 else 1000


def speed_text(mbps: int) -> str:
    return f"{mbps // 1000}G" if mbps >= 1000 else f"{mbps}M"


def hardware(mbps: int) -> str:
    return "10GigabitEthernet" if mbps >= 10000 else "GigabitEthernet"


def port_block(p: Port, address: str | None, mac: str, mgmt: bool = False) -> list[str]:
    """The ``show interfaces`` block of a physical port (or the management port)."""
    hw = "Ethernet" if mgmt else hardware(p.speed)
    long = "Ethernetmgmt1" if mgmt else f"{hw}{p.num}"
    state = "up" if p.oper_up else ("down" if p.admin_up else "disabled")
    gbit = f"{p.speed // 1000}Gbit"
    l2_state = "Forwarding" if p.oper_up else "Disabled"
    lines = [
        f"{long} is {state}, line protocol is {'up' if p.oper_up else 'down'}",
        "  Loopback: None",
        "  STP Root Guard is disabled, STP BPDU Guard is disabled",
        f"  Hardware is {hw}, address is {mac} (bia {mac})",
        f"  Configured speed {gbit}, actual {gbit if p.oper_up else 'unknown'}, configured duplex fdx, "
        f"actual {'fdx' if p.oper_up else 'unknown'}",
    ]
    if mgmt:
        lines.append(f"  Member of VLAN 0 (untagged), port is in untagged mode, port state is {l2_state}")
    elif p.tagged and p.untagged is not None:
        lines.append(f"  Member of Control VLAN 4095, VLAN {p.untagged} (untagged), {p.tagged} L2 VLANS (tagged),")
        lines.append(f"  port is in dual mode, port state is {l2_state}")
    elif p.tagged:
        lines.append(f"  Member of Control VLAN 4095, {p.tagged} L2 VLAN(S) (tagged), port is in tagged mode, "
                     f"port state is {l2_state}")
    else:
        lines.append(f"  Member of Control VLAN 4095, VLAN {p.untagged or 1} (untagged), port is in untagged "
                     f"mode, port state is {l2_state}")
    lines += [
        f"  STP configured to {'OFF' if mgmt else 'ON'}, Priority is level0, flow control enabled",
        "  Priority force disabled, Drop precedence level 0, Drop precedence force disabled",
        "  dhcp-snooping-trust configured to OFF",
    ]
    if not mgmt:
        lines.append("  mirror disabled, monitor disabled")
    lines += [
        "  LACP BPDU Forwarding:Disabled",
        "  LLDP BPDU Forwarding:Disabled",
        "  Not member of any active trunks",
        "  Not member of any configured trunks",
        f"  Port name is {p.name}" if p.name else "  No port name",
        "  Port is not enabled to receive all vlan packets for pbr",
        f"  Internet address is {address}, MTU {p.frame} bytes, encapsulation ethernet"
        if address else f"  MTU {p.frame} bytes, encapsulation ethernet",
    ]
    if not mgmt:
        lines.append(f"  Configured BW is {p.speed * 1000} kbps")
    lines += [
        f"  Openflow: Disabled, Openflow Index {p.index if not mgmt else 1537}",
        f"  Cluster L2 protocol forwarding {'disabled' if mgmt else 'enabled'}",
        "  300 second input rate: 0 bits/sec, 0 packets/sec, 0.00% utilization",
        "  300 second output rate: 0 bits/sec, 0 packets/sec, 0.00% utilization",
        "  0 packets input, 0 bytes, 0 no buffer",
        "  Received 0 broadcasts, 0 multicasts, 0 unicasts",
    ]
    if not mgmt:
        lines += [
            "  0 input errors, 0 CRC, 0 frame, 0 ignored",
            "  0 runts, 0 giants",
            "  NP received 0 packets, Sent to TM 0 packets",
            "  NP Ingress dropped 0 packets",
        ]
    lines += ["  0 packets output, 0 bytes, 0 underruns",
              "  Transmitted 0 broadcasts, 0 multicasts, 0 unicasts"]
    if not mgmt:
        lines += ["  0 output errors, 0 collisions",
                  "  NP transmitted 0 packets, Received from TM 0 packets"]
    return lines
