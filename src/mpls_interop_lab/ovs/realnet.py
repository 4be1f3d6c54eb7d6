"""The model's network built for real, to cross-check the model (a differential backend).

From the same device views and port states the model computes with, every router becomes a
network namespace with FRR (zebra + ospfd: router ID, OSPF area/timers/cost/network type per
interface, passive loopback) and one TAP port per IP interface (its address, its IP MTU as the
interface MTU, so FRR's DBD MTU check and the kernel's DF refusals are real). Every wire is a set
of flows on one OVS userspace bridge: a frame leaving an interface gets its 802.1Q tag pushed, is
dropped when it is above the sending port's frame limit (``check_pkt_larger``, frame without FCS,
tags included) or above the receiving port's (a giant), and is delivered, tag popped, to the far
interface whose VLAN matches — real tags, exact limits, no Linux veth slack.

What the model decides and this backend takes as given: which ports are operationally up (layer 1:
link-down faults, disabled ports) and each port's frame limit (vendor MTU conventions; link-mtu
faults). What the real stack then decides on its own: OSPF neighbour states and whether each DF
ping crosses.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mpls_interop_lab.ovs.fabric import OvsFabric, _run, _short, plain_offloads
from mpls_interop_lab.ovs.realpw import RealServices

#: FRR's neighbour state words → the model's
_STATES = {"full": "Full", "exstart": "ExStart", "exchange": "Exchange", "init": "Init", "2-way": "2Way",
           "loading": "Loading", "down": "Down", "attempt": "Attempt"}


@dataclass(frozen=True)
class Tap:
    device: str
    ipif: str
    name: str  # name inside the device's namespace
    ofport: int
    ports: tuple[str, ...]
    tags: tuple[tuple[str, int | None], ...]


class RealNetwork(OvsFabric):
    """A real copy of a :class:`NetworkState`'s layer 2/3: build, then ask FRR and ping."""

    def __init__(self, state_dir: Path, state: Any) -> None:
        super().__init__(state_dir, {}, [])
        self.state = state
        self.bridge = f"mi{self.tag}rn"
        self.taps: dict[tuple[str, str], Tap] = {}
        self.netns: dict[str, str] = {}
        self.frr_dirs: dict[str, Path] = {}

    @property
    def mgmt(self) -> str:
        return f"unix:{self.run_dir}/{self.bridge}.mgmt"

    def build(self) -> None:
        self.start()  # ovsdb-server + ovs-vswitchd (no PEs)
        self.vsctl("add-br", self.bridge, "--", "set", "Bridge", self.bridge, "datapath_type=netdev",
                   "protocols=OpenFlow13,OpenFlow14", "fail_mode=secure")
        for n, (name, view) in enumerate(sorted(self.state.views.items())):
            self._device(n, name, view)
        self.services = RealServices(self)
        self._flows(self.services.build())

    def _device(self, n: int, name: str, view: Any) -> None:
        netns = f"mi{self.tag}-r{n}"
        self.netns[name] = netns
        self._netns_add(netns)
        _run("ip", "-n", netns, "link", "set", "lo", "up")
        for key in ("net.ipv4.conf.all.rp_filter", "net.ipv4.conf.default.rp_filter"):
            _run("ip", "netns", "exec", netns, "sysctl", "-qw", f"{key}=0", check=False)
        for a in {view.router_id, *view.loopbacks} - {None, ""}:
            _run("ip", "-n", netns, "addr", "add", f"{a}/32", "dev", "lo")
        frr: list[str] = ["frr defaults traditional", f"hostname {name}", "!"]
        k = 0
        for ipif in view.ipifs:
            if ipif.loopback or ipif.vrf is not None or not ipif.ports or not ipif.admin_up or ipif.service:
                continue  # service endpoints are realpw.py's
            k += 1
            inside = f"i{k}"
            iface = f"m{_short(self.tag, name, ipif.name)}"
            self.vsctl("add-port", self.bridge, iface, "--", "set", "Interface", iface, "type=internal")
            _run("ip", "-n", self.switch_ns, "link", "set", iface, "netns", netns)
            _run("ip", "-n", netns, "link", "set", iface, "name", inside)
            plain_offloads(netns, inside)
            _run("ip", "-n", netns, "link", "set", inside, "mtu", str(ipif.ip_mtu), "up")
            _run("ip", "-n", netns, "addr", "add", str(ipif.address), "dev", inside)
            ofport = int(self.vsctl("get", "Interface", iface, "ofport").strip())
            self.taps[(name, ipif.name)] = Tap(name, ipif.name, inside, ofport, tuple(ipif.ports),
                                               tuple(sorted(ipif.tags.items(), key=lambda t: t[0])))
            o = ipif.ospf
            if o is not None and view.ospf_running:
                frr += [f"interface {inside}", f" ip ospf area {o.area}", f" ip ospf hello-interval {o.hello}",
                        f" ip ospf dead-interval {o.dead}", f" ip ospf cost {o.cost}",
                        f" ip ospf priority {o.priority}"]
                if o.network_type == "p2p":
                    frr.append(" ip ospf network point-to-point")
                if o.passive:
                    frr.append(" ip ospf passive")
                frr += ["exit", "!"]
        lo = next((i for i in view.ipifs if i.loopback and i.ospf is not None), None)
        if view.ospf_running and view.router_id:
            if lo is not None:
                frr += ["interface lo", f" ip ospf area {lo.ospf.area}", " ip ospf passive", "exit", "!"]
            frr += ["router ospf", f" ospf router-id {view.router_id}", "exit", "!"]
        frr_dir = self.run_dir / f"r{n}"
        frr_dir.mkdir(parents=True)
        u = pwd.getpwnam("frr")
        os.chown(frr_dir, u.pw_uid, u.pw_gid)
        self.frr_dirs[name] = frr_dir
        self.procs += self._frr(netns, frr_dir, name)
        self._record()
        conf = frr_dir / "router.conf"
        conf.write_text("\n".join(frr) + "\n")
        conf.chmod(0o644)
        _run("vtysh", "--vty_socket", str(frr_dir), "-f", str(conf))

    def _flows(self, extra: list[str]) -> None:
        """Per wire and direction: tag, both ends' frame limits, deliver by VLAN to the far end;
        then ``extra`` (the service endpoints' pseudowires)."""
        flows = ["table=0,priority=0,actions=drop", "table=1,priority=100,reg0=0x1/0x1,actions=drop",
                 "table=1,priority=100,reg0=0x2/0x2,actions=drop"]
        ports = {n: d.ports for n, d in self.state.devices.items()}
        by_port: dict[tuple[str, str], list[tuple[Tap, int | None]]] = {}
        for tap in self.taps.values():
            for port, tag in tap.tags:
                by_port.setdefault((tap.device, port), []).append((tap, tag))
            for port in tap.ports:
                if port not in dict(tap.tags):
                    by_port.setdefault((tap.device, port), []).append((tap, None))
        wire_id = 0
        for w in self.state.wires:
            for (da, pa), (db, pb) in ((w.a, w.b), (w.b, w.a)):
                sa, sb = ports.get(da, {}).get(pa), ports.get(db, {}).get(pb)
                if sa is None or sb is None or not (sa.oper_up and sb.oper_up):
                    continue  # no carrier
                wire_id += 1
                for tap, tag in by_port.get((da, pa), []):
                    push = f"mod_vlan_vid:{tag}," if tag is not None else ""
                    flows.append(
                        f"table=0,priority=10,in_port={tap.ofport},actions={push}"
                        f"check_pkt_larger({sa.l2_mtu})->NXM_NX_REG0[0],check_pkt_larger({sb.l2_mtu})->NXM_NX_REG0[1],"
                        f"load:{wire_id}->NXM_NX_REG1[],resubmit(,1)")
                for far, tag in by_port.get((db, pb), []):
                    match = f"dl_vlan={tag}" if tag is not None else "vlan_tci=0x0000/0x1fff"
                    pop = "strip_vlan," if tag is not None else ""
                    flows.append(f"table=1,priority=10,reg1={wire_id},{match},actions={pop}output:{far.ofport}")
        path = self.run_dir / "realnet.flows"
        path.write_text("\n".join(flows + extra) + "\n")
        _run("ovs-ofctl", "-O", "OpenFlow14", "--bundle", "replace-flows", self.mgmt, str(path))

    # ---- what the real stack says ------------------------------------------------------------
    def ospf(self, name: str) -> dict[str, str]:
        """Neighbour address → state word (model vocabulary), from FRR."""
        if name not in self.frr_dirs:
            return {}
        out = _run("vtysh", "--vty_socket", str(self.frr_dirs[name]), "-c", "show ip ospf neighbor json",
                   check=False)
        try:
            data = json.loads(out or "{}")
        except ValueError:
            return {}
        states: dict[str, str] = {}
        for entries in data.get("neighbors", {}).values():
            for e in entries:
                raw = str(e.get("nbrState") or e.get("state", "")).split("/")[0].lower()
                states[str(e.get("ifaceAddress") or e.get("address", ""))] = _STATES.get(raw, raw)
        return states

    def ping(self, name: str, target: str, size: int, count: int = 2) -> bool:
        """A DF ping from the device's namespace: every echo answered."""
        proc = subprocess.run(["ip", "netns", "exec", self.netns[name], "ping", "-n", "-q", "-M", "do", "-c",
                               str(count), "-i", "0.2", "-W", "1", "-s", str(size), target],
                              capture_output=True, text=True, timeout=30, check=False)
        m = re.search(r"(\d+) packets transmitted, (\d+) received", proc.stdout)
        return bool(m) and int(m.group(1)) == int(m.group(2)) > 0  # type: ignore[union-attr]

    def settle(self, want: dict[str, dict[str, str]], timeout: float) -> None:
        """Wait until FRR's states stop changing towards Full (every neighbour Full, or the
        timeout: stuck states such as ExStart need the whole wait to show they stay)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if all(self.ospf(n) and all(s == "Full" for s in self.ospf(n).values()) and len(self.ospf(n)) >= len(w)
                   for n, w in want.items() if w):
                return
            time.sleep(1)
