"""Differential cross-check of the lab's network model against a real stack (OVS + FRR).

For each scenario (an edit of ``inventories/openflow``'s intent), the scenario is deployed on the
lab's real OpenFlow PEs; then, for the OpenFlow-to-OpenFlow links:

* the model's OSPF state of every neighbour (the model reads the PEs' committed programs, exactly
  as it reads Junos/NetIron configurations) is compared with FRR's;
* every DF ping the verifier would send on those links (payload IP MTU − 28 and one byte more,
  both directions) is judged by the model's data plane and sent for real through OVS.

Prints agreement counts per scenario. Usage (root, openvswitch-switch + frr installed)::

    python -m bench.openflow_crosscheck            # add --jumbo for the IP MTU 9000 scenario
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
INVENTORY = ROOT / "inventories" / "openflow"
IP_ICMP = 28
#: OSPF with 1 s hellos settles well within this (ExStart/Exchange retransmit every 5 s)
SETTLE = 25.0


def _mtu_mismatch(intent: dict[str, Any]) -> None:
    intent["links"][0]["b_ip_mtu"] = 1400


def _mtu_mismatch_other_side(intent: dict[str, Any]) -> None:
    # the smaller IP MTU on the router with the lower router ID (of1 10.0.0.21 < of2 10.0.0.22)
    intent["links"][0]["a_ip_mtu"] = 1400


def _timer_mismatch(intent: dict[str, Any]) -> None:
    intent["links"][0]["b_ospf"] = {"area": 0, "cost": 10, "hello": 2, "dead": 8}


def _jumbo(intent: dict[str, Any]) -> None:
    """Core IP MTU 9000 on the OpenFlow-to-OpenFlow link, the VPLS between them at IP MTU 9000
    (PW MTU 9000); the PEs' ports at frame 9216 (``PHYSICAL_MTU``)."""
    intent["links"][0].update(ip_mtu=9000)
    for svc in intent["services"]["vpls"]:
        svc["pw_mtu"] = 9000
        for e in svc["endpoints"]:
            if "address" in e:
                e["ip_mtu"] = 9000


#: scenario → the OpenFlow PEs' physical MTU (group_vars/openflow.yml), where it changes
PHYSICAL_MTU: dict[str, int] = {"jumbo": 9216}
#: jumbo IP MTUs on the OpenFlow PEs (their TAP ports: see fabric.py's switch options)
JUMBO: dict[str, Callable[[dict[str, Any]], None] | None] = {"jumbo": _jumbo}

SCENARIOS: dict[str, Callable[[dict[str, Any]], None] | None] = {
    "seed": None,
    "ip-mtu-mismatch": _mtu_mismatch,
    "ip-mtu-mismatch-a": _mtu_mismatch_other_side,
    "hello-mismatch": _timer_mismatch,
}


@dataclass
class Result:
    scenario: str
    ospf: list[tuple[str, str, str, str]] = field(default_factory=list)  # (dev, nbr, model, real)
    pings: list[tuple[str, str, int, bool, bool]] = field(default_factory=list)  # (dev, target, size, model, real)
    #: DF pings across the VPLS between the PEs' router interfaces, real only: (dev, target, size, passed)
    service_pings: list[tuple[str, str, int, bool]] = field(default_factory=list)

    @property
    def disagreements(self) -> list[str]:
        out = [f"ospf {d} nbr {n}: model {m}, real {r}" for d, n, m, r in self.ospf if m != r]
        out += [f"ping {d}->{t} {s}: model {'pass' if m else 'fail'}, real {'pass' if r else 'fail'}"
                for d, t, s, m, r in self.pings if m != r]
        return out


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run([sys.executable, "-m", "mpls_interop", *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=300)


def _drivers(env: dict[str, str], inventory: Path, names: list[str]) -> dict[str, Any]:
    import os
    from unittest.mock import patch

    from mpls_interop.core.load import load_intent
    from mpls_interop.ops.targets import lab_targets
    from mpls_interop.sdk.spec import get_vendor

    with patch.dict(os.environ, env):
        intent = load_intent(inventory)
        targets = lab_targets(intent, inventory, names)
    out = {}
    for n in names:
        drv = get_vendor("openflow").driver_class()(targets[n])
        drv.connect()
        out[n] = drv
    return out


def _model(drivers: dict[str, Any], wires: list[tuple[tuple[str, str], tuple[str, str]]]):  # type: ignore[no-untyped-def]
    from mpls_interop_lab.model import LabNetwork, Wire

    net = LabNetwork([Wire(a, b) for a, b in wires])
    for n, drv in drivers.items():
        net.set_config(n, "openflow", drv.get_config())
    return net.state


def _real_ospf_state(word: str) -> str:
    return {"Full": "Full", "ExStart": "ExStart", "Exchange": "Exchange", "Init": "Init", "2Way": "2Way"}.get(word, word)


def run_scenario(name: str, edit: Callable[[dict[str, Any]], None] | None, inventory: Path,
                 env: dict[str, str]) -> Result:
    intent = yaml.safe_load((INVENTORY / "intent.yml").read_text())
    if edit:
        edit(intent)
    (inventory / "intent.yml").write_text(yaml.safe_dump(intent, sort_keys=False))
    group = yaml.safe_load((INVENTORY / "group_vars" / "openflow.yml").read_text())
    if name in PHYSICAL_MTU:
        group["physical_mtu"] = PHYSICAL_MTU[name]
    (inventory / "group_vars" / "openflow.yml").write_text(yaml.safe_dump(group, sort_keys=False))
    # the scenarios break the intent on purpose: past the lint gate
    proc = _cli(env, "deploy", "-i", str(inventory), "--lab", "--no-verify", "--skip-lint")
    if proc.returncode != 0:
        raise RuntimeError(f"{name}: deploy failed: {proc.stdout[-400:]} {proc.stderr[-400:]}")
    time.sleep(SETTLE)  # let FRR reach its steady state (the model has none to reach)
    drivers = _drivers(env, inventory, ["of1", "of2"])
    try:
        from mpls_interop_lab.model.dataplane import ping as model_ping

        wires = [(("of1", "eth1"), ("of2", "eth1"))]
        state = _model(drivers, wires)
        res = Result(name)
        for dev, drv in drivers.items():
            ours = {str(i.address.ip) for v in state.views.values() for i in v.ipifs}  # OF-OF links only
            real = {n.address: _real_ospf_state(n.state) for n in drv._ospf() if n.address in ours}
            model = {n.address: n.state for n in state.devices[dev].ospf}
            for address in sorted(set(real) | set(model)):
                res.ospf.append((dev, address, model.get(address, "none"), real.get(address, "none")))
            for adj in state.adjacencies:
                if dev not in (adj.a_dev, adj.b_dev):
                    continue
                mine = state.views[dev].ipif(adj.a_if if adj.a_dev == dev else adj.b_if)
                other_dev, other_if = (adj.b_dev, adj.b_if) if adj.a_dev == dev else (adj.a_dev, adj.a_if)
                target = str(state.views[other_dev].ipif(other_if).address.ip)  # type: ignore[union-attr]
                for size in (mine.ip_mtu - IP_ICMP, mine.ip_mtu - IP_ICMP + 1):  # type: ignore[union-attr]
                    m = model_ping(state, dev, target, size, True, 2).success
                    r = drv.ping(target, size, True, 2).success
                    res.pings.append((dev, target, size, m, r))
            # the VPLS between the PEs' router interfaces (the model does not read those yet)
            for svc in intent["services"].get("vpls", []):
                ends = [e for e in svc["endpoints"] if "address" in e and e["device"] in drivers]
                mine = next((e for e in ends if e["device"] == dev), None)
                for far in (e for e in ends if mine is not None and e["device"] != dev):
                    ip_mtu = mine.get("ip_mtu") or intent["defaults"]["ip_mtu"]
                    target = far["address"].split("/")[0]
                    for size in (ip_mtu - IP_ICMP, ip_mtu - IP_ICMP + 1):
                        res.service_pings.append((dev, target, size, drv.ping(target, size, True, 2).success))
        return res
    finally:
        for drv in drivers.values():
            drv.close()


@contextlib.contextmanager
def private_lab() -> Iterator[tuple[Path, dict[str, str]]]:
    """A lab of a copy of inventories/openflow in a state directory of its own: (inventory, env)."""
    work = Path(tempfile.mkdtemp(prefix="mi-crosscheck-"))
    inventory = work / "openflow"
    shutil.copytree(INVENTORY, inventory)
    env = {"INTEROP_STATE_DIR": str(work / "state")}
    up = _cli(env, "lab", "up", "-i", str(inventory))
    if up.returncode != 0:
        shutil.rmtree(work, ignore_errors=True)
        raise RuntimeError(f"lab up failed: {up.stderr.strip()}")
    try:
        yield inventory, env
    finally:
        _cli(env, "lab", "down", "-i", str(inventory))
        shutil.rmtree(work, ignore_errors=True)


def crosscheck(scenarios: dict[str, Callable[[dict[str, Any]], None] | None] | None = None,
               parallel: bool = False) -> list[Result]:
    """Start a private lab of inventories/openflow, run every scenario, stop the lab; with
    ``parallel``, one private lab per scenario, side by side (a scenario is mostly FRR settling)."""
    from concurrent.futures import ThreadPoolExecutor

    table = scenarios or SCENARIOS
    if not parallel:
        with private_lab() as (inventory, env):
            return [run_scenario(n, e, inventory, env) for n, e in table.items()]

    def alone(item: tuple[str, Callable[[dict[str, Any]], None] | None]) -> Result:
        with private_lab() as (inventory, env):
            return run_scenario(item[0], item[1], inventory, env)

    with ThreadPoolExecutor(max_workers=len(table)) as pool:
        return list(pool.map(alone, table.items()))


def main(argv: list[str]) -> int:
    results = crosscheck({**SCENARIOS, **JUMBO} if "--jumbo" in argv else None)
    total = agree = 0
    for r in results:
        n = len(r.ospf) + len(r.pings)
        bad = r.disagreements
        total += n
        agree += n - len(bad)
        print(f"{r.scenario:18} OSPF {sum(m == x for _, _, m, x in r.ospf)}/{len(r.ospf)} agree, "
              f"DF pings {sum(m == x for *_, m, x in r.pings)}/{len(r.pings)} agree")
        for line in bad:
            print(f"    {line}")
        for dev, target, size, ok in r.service_pings:
            print(f"    service DF ping {dev} → {target} {size}: {'pass' if ok else 'fail'} (real)")
    print(json.dumps({"agree": agree, "total": total}))
    return 0 if agree == total else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
