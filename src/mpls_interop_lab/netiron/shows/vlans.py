"""VLANs and their member ports, as the show commands need them: from the CLI device's running
config when there is one, else from the model's view of the configuration."""

from __future__ import annotations

from dataclasses import dataclass

from mpls_interop_lab.netiron.ports import expand_port_list
from mpls_interop_lab.netiron.shows.common import ShowBase
from mpls_interop_lab.netiron.tree import CNode


@dataclass(frozen=True)
class Vlan:
    vid: int
    owner: str  # "" (global), "vpls NAME", "vll NAME"
    tagged: list[str]
    untagged: list[str]
    ve: int | None


def config_vlans(root: CNode) -> list[Vlan]:
    """The ``vlan`` blocks of a configuration: global ones and those inside VPLS/VLL instances."""
    out: list[Vlan] = []

    def visit(node: CNode, owner: str) -> None:
        for c in node.children:
            w = c.words()
            if len(w) > 1 and w[0] == "vlan" and w[1].isdigit():
                tagged: list[str] = []
                untagged: list[str] = []
                ve = None
                for g in c.children:
                    gw = g.words()
                    if gw and gw[0] == "tagged":
                        tagged += expand_port_list(gw[1:])
                    elif gw and gw[0] == "untagged":
                        untagged += expand_port_list(gw[1:])
                    elif len(gw) > 2 and gw[:2] == ["router-interface", "ve"] and gw[2].isdigit():
                        ve = int(gw[2])
                out.append(Vlan(int(w[1]), owner, tagged, untagged, ve))
            elif len(w) > 1 and w[0] in ("vpls", "vll"):
                visit(c, f"{w[0]} {w[1]}")
            elif w[:2] == ["router", "mpls"]:
                visit(c, owner)

    visit(root, "")
    return out


def ve_number(name: str) -> int | None:
    """``ve 100`` -> 100; None for other interface names."""
    w = name.split()
    return int(w[1]) if len(w) > 1 and w[0] == "ve" and w[1].isdigit() else None


class VlanShows(ShowBase):
    """VLAN membership per port and per VE, for the interface and VPLS commands."""

    def _vlan_blocks(self) -> list[Vlan]:
        """VLANs with their member ports: global ones and those of VPLS/VLL instances."""
        if self.device is not None:
            return config_vlans(self.device.running.root)
        out = []  # without the device's configuration: what the model's view says
        for i in self.dev.view.ipifs:
            for p, tag in i.tags.items():
                if tag is not None:
                    out.append(Vlan(tag, "", [p.split()[-1]], [], ve_number(i.name)))
        for cfg in self.dev.view.pws:
            owner = f"{cfg.kind} {cfg.name}"
            for a in cfg.attachments:
                if a.port:
                    num = a.port.split()[-1]
                    vid = a.vlan if a.vlan is not None else cfg.id
                    out.append(Vlan(vid, owner, [num] if a.vlan is not None else [], [] if a.vlan is not None else [num], None))
        return out

    def _vlan_membership(self) -> dict[str, tuple[int | None, set[int]]]:
        """Per port: its untagged VLAN (None: the default VLAN 1) and the VLANs it is tagged in."""
        out: dict[str, tuple[int | None, set[int]]] = {}
        for v in self._vlan_blocks():
            for p in v.untagged:
                out[p] = (v.vid, out.get(p, (None, set()))[1])
            for p in v.tagged:
                untagged, tagged = out.get(p, (None, set()))
                out[p] = (untagged, tagged | {v.vid})
        return out

    def _ve_vlan(self, name: str) -> int | None:
        n = ve_number(name)
        return next((v.vid for v in self._vlan_blocks() if v.ve is not None and v.ve == n), None)
