"""The model cross-check's own scenarios for pseudowires: the seed with a core frame limit (not an
IP MTU) as the narrowest point of the PWs, and a Junos-to-Junos VLL with its control word."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml


def _faulted(inv: Path, down: tuple[tuple[str, str], ...] = (), mtu: dict[tuple[str, str], int] | None = None) -> Any:
    from tests.labmodel import seed_network

    net = seed_network(inv)
    net.faults.link_down.update(down)
    net.faults.link_mtu.update(mtu or {})
    net.changed()
    return net


def _seed(down: tuple[tuple[str, str], ...] = (), mtu: dict[tuple[str, str], int] | None = None) -> Callable[[Path], Any]:
    def make(tmp: Path) -> Any:
        from tests.helpers import seed_copy

        return _faulted(seed_copy(tmp), down, mtu)
    return make


def junos_pair(tmp: Path) -> Any:
    """The seed with r3 an MX80 too: a raw VLL between VRF hand-offs on r1 and r3 (both Junos:
    the null control word is negotiated), their direct link narrowed to media MTU 1600."""
    from tests.helpers import edit_yaml, seed_copy

    inv = seed_copy(tmp)
    hosts = yaml.safe_load((inv / "hosts.yml").read_text())
    groups = hosts["all"]["children"]
    groups["junos"]["hosts"]["r3"] = groups["netiron"]["hosts"].pop("r3")
    (inv / "hosts.yml").write_text(yaml.safe_dump(hosts))
    (inv / "host_vars/r3.yml").write_text(yaml.safe_dump(
        {"model": "MX80", "loopback": "10.0.0.3", "tunnel_services": {"fpc": 0, "pic": 0, "bandwidth": "1g"}}))

    def change(d: dict[str, Any]) -> None:
        links = {lk["name"]: lk for lk in d["links"]}
        links["r1-r3"]["b"] = {"device": "r3", "interface": "ge-1/0/1"}
        links["r2-r3"]["b"] = {"device": "r3", "interface": "ge-1/0/2"}
        svc = d["services"]
        svc["vpls"] = [s for s in svc["vpls"] if s["name"] == "vpls-140"]
        svc["vll"] = [s for s in svc["vll"] if s["name"] != "vll-43"]
        for s in svc["vpls"] + svc["vll"]:
            for e in s["endpoints"]:
                if e["device"] == "r3":
                    e["port"] = "ge-1/1/9"
        svc["vll"].append({"name": "vll-44", "id": 44, "mode": "raw", "endpoints": [
            {"device": "r1", "vrf": "vrf-vll44"}, {"device": "r3", "vrf": "vrf-vll44b"}]})
        svc["vrf"] = [
            {"name": "vrf-vll44", "device": "r1", "rd": "64500:44", "route_target": "64500:44",
             "address": "198.51.100.129/25"},
            {"name": "vrf-vll44b", "device": "r3", "rd": "64500:45", "route_target": "64500:44",
             "address": "198.51.100.130/25"},
        ]
    edit_yaml(inv / "intent.yml", change)
    return _faulted(inv, mtu={("r3", "ge-1/0/1"): 1600})


#: name → function(tmp_path) returning a LabNetwork
PW_SCENARIOS: dict[str, Callable[[Path], Any]] = {
    # r1–r3 is untagged: the labelled frame has no outer tag there
    "pw-overhead-untagged-core": _seed(mtu={("r3", "ethe 1/1"): 1500}),
    # r1's LSPs to r2 on their secondary path through r3, whose link to r2 is the narrow one
    "pw-overhead-two-hops": _seed(down=(("r1", "ge-1/0/0"),), mtu={("r2", "ethe 1/2"): 2000}),
    "pw-control-word-junos-junos": junos_pair,
}
