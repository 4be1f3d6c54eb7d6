"""Rendered configs of the seed network show every DESIGN §3 rule where it applies."""

from __future__ import annotations

import pytest

from mpls_interop.core.load import load_intent
from mpls_interop.core.render import render_all, render_device
from mpls_interop.vendors.junos.setform import to_set
from tests.conftest import SEED_INVENTORY
from tests.helpers import junos_tree, netiron_paths


@pytest.fixture(scope="module")
def seed():
    return load_intent(SEED_INVENTORY)


@pytest.fixture(scope="module")
def r1(seed):
    return junos_tree(render_device(seed, "r1"))


@pytest.fixture(scope="module")
def r1_set(seed) -> set[str]:
    return set(render_device(seed, "r1", "set").splitlines())


@pytest.fixture(scope="module")
def nets(seed) -> dict[str, set[tuple[str, ...]]]:
    return {name: netiron_paths(render_device(seed, name)) for name in ("r2", "r3")}


def test_junos_text_is_well_formed(seed):
    text = render_device(seed, "r1")
    assert text.count("{") == text.count("}")
    # the set converter rejects unbalanced braces and unterminated statements
    lines = to_set(text).splitlines()
    assert len(lines) > 60
    assert all(line.startswith("set ") for line in lines)


@pytest.mark.parametrize(
    "broken",
    ["interfaces {\n    ge-1/0/0 {\n        mtu 9192\n    }\n}\n", "protocols {\n    ldp {\n}\n", "}\n"],
)
def test_well_formedness_check_can_fail(broken):
    with pytest.raises(ValueError):
        to_set(broken)


def test_set_form_matches_text_form(seed, r1_set):
    assert "set routing-instances vpls-40 vlan-id none" in r1_set
    assert "set interfaces ge-1/0/0 unit 1000 family inet mtu 1500" in r1_set
    assert "set protocols ospf area 0.0.0.0 interface lo0.0 passive" in r1_set


def test_raw_vpls_has_vlan_id_none(r1):
    for name in ("vpls-40", "vpls-140"):
        inst = r1["routing-instances"][name]
        assert "vlan-id none" in inst
        assert "instance-type vpls" in inst
        vpls = inst["protocols"]["vpls"]
        assert "mtu 9100" in vpls and "no-tunnel-services" in vpls


def test_each_vpls_has_distinct_name_and_id(r1, nets):
    ids = {name: next(k for k in inst["protocols"]["vpls"] if k.startswith("vpls-id"))
           for name, inst in r1["routing-instances"].items() if "instance-type vpls" in inst}
    assert ids == {"vpls-40": "vpls-id 40", "vpls-140": "vpls-id 140"}
    for paths in nets.values():
        vpls = {p[1] for p in paths if len(p) >= 2 and p[0] == "router mpls" and p[1].startswith("vpls ")}
        assert vpls == {"vpls vpls-40 40", "vpls vpls-140 140"}


def test_raw_vll_on_flexible_port_pops_and_pushes(r1):
    port = r1["interfaces"]["ge-1/1/9"]
    assert "flexible-vlan-tagging" in port
    raw = port["unit 41"]
    assert "input-vlan-map pop" in raw and "output-vlan-map push" in raw
    assert "encapsulation vlan-ccc" in raw and "family ccc" in raw
    tagged = port["unit 42"]
    assert "input-vlan-map pop" not in tagged and "encapsulation vlan-ccc" in tagged


def test_l2circuit_encapsulation_type_follows_mode(r1):
    l2 = r1["protocols"]["l2circuit"]
    assert "encapsulation-type ethernet" in l2["neighbor 10.0.0.3"]["interface ge-1/1/9.41"]
    assert "encapsulation-type ethernet-vlan" in l2["neighbor 10.0.0.3"]["interface ge-1/1/9.42"]
    vll43 = l2["neighbor 10.0.0.2"]["interface lt-0/0/10.4"]
    assert {"virtual-circuit-id 43", "mtu 9100", "encapsulation-type ethernet"} <= set(vll43)


def test_netiron_vll_modes_and_mtus(nets):
    r3, r2 = nets["r3"], nets["r2"]
    assert ("router mpls", "vll vll-41 41 raw-mode", "vll-mtu 9100") in r3
    assert ("router mpls", "vll vll-42 42", "vll-mtu 9100") in r3  # tagged is NetIron's default
    assert ("router mpls", "vll vll-43 43 raw-mode", "vll-peer 10.0.0.1") in r2
    assert ("router mpls", "vpls vpls-40 40", "vpls-mtu 9100") in r2
    assert ("router mpls", "vpls vpls-40 40", "vlan 40", "untagged ethe 1/5") in r2
    assert ("router mpls", "vpls vpls-140 140", "vlan 140", "tagged ethe 1/5") in r3
    assert ("default-max-frame-size 9216",) in r2


def _lsp_targets_netiron(paths: set[tuple[str, ...]]) -> set[str]:
    return {p[2].split()[1] for p in paths if len(p) == 3 and p[1].startswith("lsp ") and p[2].startswith("to ")}


def _pw_peers_netiron(paths: set[tuple[str, ...]]) -> set[str]:
    peers: set[str] = set()
    for p in paths:
        if len(p) == 3 and p[2].startswith(("vpls-peer ", "vll-peer ")):
            peers.update(p[2].split()[1:])
    return peers


def test_netiron_has_an_lsp_to_every_pw_peer(nets):
    for name, paths in nets.items():
        peers = _pw_peers_netiron(paths)
        assert peers, name
        assert peers <= _lsp_targets_netiron(paths), name
        lsp = next(p for p in paths if len(p) == 2 and p[1].startswith("lsp "))
        assert (*lsp, "frr") in paths and (*lsp, "enable") in paths


def test_junos_has_an_lsp_to_every_pw_peer(r1):
    mpls = r1["protocols"]["mpls"]
    targets = {next(k for k in body if k.startswith("to ")).split()[1]
               for key, body in mpls.items() if key.startswith("label-switched-path")}
    peers = {k.split()[1] for k in r1["protocols"]["l2circuit"]}
    for inst in r1["routing-instances"].values():
        if "instance-type vpls" in inst:
            peers |= {k.split()[1] for k in inst["protocols"]["vpls"] if k.startswith("neighbor ")}
    assert peers == {"10.0.0.2", "10.0.0.3"}
    assert peers <= targets
    for key, body in mpls.items():
        if key.startswith("label-switched-path"):
            assert "fast-reroute" in body


def test_lt_pairs_have_matching_encapsulations(r1):
    lt = r1["interfaces"]["lt-0/0/10"]
    units = {k: v for k, v in lt.items() if k.startswith("unit ")}
    assert len(units) == 4
    for key, body in units.items():
        peer = next(k for k in body if k.startswith("peer-unit ")).split()[1]
        other = units[f"unit {peer}"]
        back = next(k for k in other if k.startswith("peer-unit ")).split()[1]
        assert f"unit {back}" == key
        encs = {next(k for k in b if k.startswith("encapsulation ")) for b in (body, other)}
        assert "encapsulation ethernet" in encs
        assert encs & {"encapsulation ethernet-vpls", "encapsulation ethernet-ccc"}
    vrfs = {k: v for k, v in r1["routing-instances"].items() if "instance-type vrf" in v}
    assert set(vrfs) == {"vrf-lan40", "vrf-vll43"}
    assert "interface lt-0/0/10.2" in r1["routing-instances"]["vpls-40"]
    assert "encapsulation ethernet-ccc" in units["unit 4"]
    assert "mtu 9000" in units["unit 1"]["family inet"]


def test_tunnel_services_on_chassis(r1):
    assert "bandwidth 1g" in r1["chassis"]["fpc 0"]["pic 0"]["tunnel-services"]


def test_ldp_on_loopback_and_mpls_on_core_units(r1):
    assert "interface lo0.0" in r1["protocols"]["ldp"]
    for port, unit in (("ge-1/0/0", "unit 1000"), ("ge-1/0/1", "unit 0")):
        assert "family mpls" in r1["interfaces"][port][unit]
        assert "mtu 9192" in r1["interfaces"][port]


def test_ospf_loopback_passive_and_core_ip_mtu(r1, nets):
    area = r1["protocols"]["ospf"]["area 0.0.0.0"]
    assert "passive" in area["interface lo0.0"]
    assert "traffic-engineering" in r1["protocols"]["ospf"]
    assert "mtu 1500" in r1["interfaces"]["ge-1/0/0"]["unit 1000"]["family inet"]
    assert ("interface ve 100", "ip mtu 1500") in nets["r2"]
    assert ("interface ve 100", "ip ospf hello-interval 10") in nets["r2"]


def test_render_all_covers_every_device(seed):
    out = render_all(seed)
    assert set(out) == {"r1", "r2", "r3"}
    assert out["r2"].startswith("hostname r2")
