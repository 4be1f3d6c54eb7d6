"""Ownership on brownfield devices (emulated lab): routers that already carry services the toolkit
did not write. The seed deploy must leave every foreign object byte-identical, an intent that
declares an existing foreign object must stop before any change, and ``adopt`` takes over only
what matches the intent."""

from __future__ import annotations

import json
import shutil

import pytest

from mpls_interop.core.load import load_intent
from mpls_interop.ops.ownership import objects
from mpls_interop.ops.targets import lab_targets
from mpls_interop.sdk.driver import driver_class
from tests.conftest import SEED_INVENTORY
from tests.lab_fixtures import RunningLab

#: foreign services on the NetIron r2 (another team's LSP, path, VLL, VPLS, VLAN, port)
NETIRON_FOREIGN = [
    "vlan 950 name foreign-lan", "tagged ethe 1/8", "exit",
    "interface ethernet 1/8", "port-name foreign uplink", "enable", "exit",
    "router mpls",
    "path foreign-path", "loose 10.0.0.3", "exit",
    "lsp foreign-lsp", "to 10.0.0.3", "primary-path foreign-path", "enable", "exit",
    "vll foreign-vll 900", "vll-peer 10.0.0.3", "vll-mtu 1500", "vlan 900", "tagged e 1/7", "exit", "exit",
    "vpls foreign-vpls 901", "vpls-peer 10.0.0.3", "vpls-mtu 1500", "vlan 901", "tagged ethe 1/6", "exit", "exit",
    "exit",
]
#: a path the seed intent also renders, created by hand before the toolkit ever ran
NETIRON_PREEXISTING = ["router mpls", "path r2-r3-any", "loose 10.0.0.3", "exit", "exit"]
#: foreign l2circuit, VPLS and LSP on the Junos r1
JUNOS_FOREIGN = """
interfaces {
    ge-1/1/8 {
        flexible-vlan-tagging;
        encapsulation flexible-ethernet-services;
        unit 800 {
            encapsulation vlan-ccc;
            vlan-id 800;
        }
        unit 801 {
            encapsulation vlan-vpls;
            vlan-id 801;
        }
    }
}
protocols {
    mpls {
        label-switched-path foreign-lsp {
            to 10.0.0.3;
        }
    }
    l2circuit {
        neighbor 10.0.0.3 {
            interface ge-1/1/8.800 {
                virtual-circuit-id 800;
            }
        }
    }
}
routing-instances {
    foreign-vpls {
        instance-type vpls;
        interface ge-1/1/8.801;
        protocols {
            vpls {
                no-tunnel-services;
                vpls-id 801;
                neighbor 10.0.0.3;
            }
        }
    }
}
"""
FOREIGN_KEYS = {
    "r2": ["vlan 950", "interface ethernet 1/8 > port-name foreign uplink", "interface ethernet 1/8 > enable",
           "router mpls > path foreign-path", "router mpls > lsp foreign-lsp",
           "router mpls > vll foreign-vll", "router mpls > vpls foreign-vpls"],
    "r1": ["interfaces ge-1/1/8 unit 800", "interfaces ge-1/1/8 unit 801",
           "protocols mpls label-switched-path foreign-lsp",
           "protocols l2circuit neighbor 10.0.0.3 interface ge-1/1/8.800", "routing-instances foreign-vpls"],
}


@pytest.fixture(scope="module")
def lab(seed_lab):
    """A private seed lab for this module (tests/lab_fixtures.py)."""
    return seed_lab


def _driver(lab: RunningLab, name: str):
    intent = load_intent(lab.inventory)
    with lab.environment():
        target = lab_targets(intent, lab.inventory, [name], timeout=20)[name]
    return driver_class(intent.devices[name].vendor)(target)


def configs(lab: RunningLab) -> dict[str, str]:
    out = {}
    for name in ("r1", "r2", "r3"):
        with _driver(lab, name) as d:
            out[name] = d.get_config()
    return out


def run(lab: RunningLab, *args: str) -> tuple[int, dict, str]:
    proc = lab.run(*args, "-i", str(lab.inventory), "--lab", "--format", "json", "--timeout", "8")
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout), proc.stderr


@pytest.fixture
def brownfield(lab):
    """Each test's starting state: factory devices, nothing owned, the seed intent, then the
    other teams' configuration on r1 and r2."""
    lab.reset()
    (lab.inventory / "ownership.json").unlink(missing_ok=True)
    shutil.copy(SEED_INVENTORY / "intent.yml", lab.inventory / "intent.yml")
    with _driver(lab, "r2") as d:
        out = d.conn.send_config_set(NETIRON_FOREIGN + NETIRON_PREEXISTING, cmd_verify=False)
        assert "Invalid" not in out and "Error" not in out, out
        d.conn.save_config()
    with _driver(lab, "r1") as d:
        d._lock()
        d.cu.load(JUNOS_FOREIGN, format="text", merge=True)
        d.cu.commit(comment="another team")
    return configs(lab)


def test_conflict_stops_the_deploy_before_any_change(lab, brownfield):
    rc, result, _ = run(lab, "deploy")
    assert rc == 1
    cause = result["cause"]
    assert "ownership conflict" in cause and "r2" in cause and "path r2-r3-any" in cause and "adopt" in cause
    assert not any(d["committed"] for d in result["devices"])
    assert configs(lab) == brownfield


def test_adopt_takes_only_what_matches_then_deploy_keeps_foreign_objects(lab, brownfield):
    rc, result, _ = run(lab, "adopt")
    assert rc == 0
    status = {(r["device"], r["object"]): r["status"] for r in result["objects"]}
    assert status[("r2", "router mpls > path r2-r3-any")] == "adopted"
    for dev, keys in FOREIGN_KEYS.items():
        for key in keys:
            assert status[(dev, key)] == "unmanaged, kept", (dev, key)

    before = {n: objects("junos" if n == "r1" else "netiron", c) for n, c in brownfield.items()}
    rc, result, _ = run(lab, "deploy")
    assert rc == 0, result["cause"]
    ops = {d["name"]: {o["object"]: (o["action"], o["ownership"]) for o in d["operations"]}
           for d in result["devices"]}
    for dev, keys in FOREIGN_KEYS.items():
        for key in keys:
            assert ops[dev][key] == ("keep", "unmanaged"), (dev, key)
    after = configs(lab)
    for dev, keys in FOREIGN_KEYS.items():
        now = objects("junos" if dev == "r1" else "netiron", after[dev])
        for key in keys:
            assert now[key] == before[dev][key], (dev, key)  # byte-identical content
    for line in NETIRON_FOREIGN:
        if line != "exit":
            assert line.split()[0] in after["r2"]

    # adopt again: the foreign objects stay unmanaged, the intent's are owned
    rc, result, _ = run(lab, "adopt")
    status = {(r["device"], r["object"]): r["status"] for r in result["objects"]}
    assert status[("r2", "router mpls > lsp r2-to-r1")] == "owned"
    assert status[("r1", "routing-instances foreign-vpls")] == "unmanaged, kept"


def adopted_and_deployed(lab: RunningLab) -> None:
    rc, result, _ = run(lab, "adopt")
    assert rc == 0, result
    rc, result, _ = run(lab, "deploy")
    assert rc == 0, result["cause"]


def test_removed_service_leaves_foreign_objects_alone(lab, brownfield):
    from tests.helpers import edit_yaml

    adopted_and_deployed(lab)
    path = lab.inventory / "intent.yml"
    original = path.read_text()
    edit_yaml(path, lambda d: d["services"]["vpls"].pop())  # vpls-140
    try:
        rc, result, _ = run(lab, "deploy")
        assert rc == 0, result["cause"]
        after = configs(lab)
        assert "vpls-140" not in after["r1"] and "vpls vpls-140" not in after["r2"]
        for dev, keys in FOREIGN_KEYS.items():
            now = objects("junos" if dev == "r1" else "netiron", after[dev])
            assert all(k in now for k in keys), dev
    finally:
        path.write_text(original)
    rc, result, _ = run(lab, "deploy")
    assert rc == 0, result["cause"]


def test_diff_shows_the_ordered_operations_with_ownership(lab, brownfield):
    from tests.helpers import edit_yaml, service

    adopted_and_deployed(lab)
    path = lab.inventory / "intent.yml"
    original = path.read_text()
    edit_yaml(path, lambda d: service(d, "vll-43").update(pw_mtu=9000))
    try:
        rc, result, _ = run(lab, "diff")
        assert rc == 0, result["cause"]
        assert result["dry_run"]
        ops = {d["name"]: {o["object"]: (o["action"], o["ownership"]) for o in d["operations"]}
               for d in result["devices"]}
        assert ops["r2"]["router mpls > vll vll-43"] == ("modify", "owned")
        assert ops["r2"]["router mpls > lsp foreign-lsp"] == ("keep", "unmanaged")
        r2 = next(d for d in result["devices"] if d["name"] == "r2")
        assert r2["diff"].splitlines() == ["~ router mpls > vll vll-43 43 raw-mode > vll-mtu 9000  (was: vll-mtu 9100)"]
        proc = lab.run("diff", "-i", str(lab.inventory), "--lab", "--timeout", "8")
        assert proc.returncode == 0, proc.stderr
        assert "unmanaged, kept" in proc.stdout and "router mpls > lsp foreign-lsp" in proc.stdout
    finally:
        path.write_text(original)
