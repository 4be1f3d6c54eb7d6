"""The ownership record and the object-level plan (no devices needed)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mpls_interop.ops.ownership import Ownership, conflicts, object_ops
from mpls_interop.sdk.errors import InputError
from tests.helpers import seed_copy


def test_record_travels_with_the_inventory(tmp_path):
    inv = seed_copy(tmp_path)
    rec = Ownership(inv)
    assert rec.owned("r2") == set()
    rec.record("r2", {"router mpls > lsp a", "vlan 10"})
    rec.save()
    assert (inv / "ownership.json").exists()
    again = Ownership(inv)  # e.g. a second engineer's checkout of the same inventory
    assert again.owned("r2") == {"router mpls > lsp a", "vlan 10"}


def test_broken_record_is_bad_input_naming_the_file(tmp_path):
    inv = seed_copy(tmp_path)
    (inv / "ownership.json").write_text("{not json")
    with pytest.raises(InputError) as exc:
        Ownership(inv)
    assert "ownership.json" in str(exc.value)
    proc = subprocess.run([sys.executable, "-m", "mpls_interop", "adopt", "-i", str(inv), "--lab"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "ownership.json" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_plan_changes_owned_objects_and_keeps_the_rest():
    present = {"lsp a": "1", "lsp foreign": "x", "lsp old": "o", "lsp same": "s"}
    declared = {"lsp a": "2", "lsp new": "n", "lsp same": "s"}
    ops = {o.key: (o.action, o.owned) for o in object_ops(present, declared, {"lsp a", "lsp old", "lsp same"})}
    assert ops == {"lsp a": ("modify", True), "lsp new": ("create", True), "lsp old": ("delete", True),
                   "lsp foreign": ("keep", False)}


def test_conflicts_are_declared_existing_unowned_objects_but_not_shared_containers():
    present = {"router mpls": "", "router mpls > lsp a": "x", "router mpls > lsp b": "y"}
    declared = {"router mpls": "", "router mpls > lsp a": "x", "router mpls > lsp c": "z"}
    assert conflicts("netiron", present, declared, set()) == ["router mpls > lsp a"]
    assert conflicts("netiron", present, declared, {"router mpls > lsp a"}) == []


def test_a_loopback_is_owned_line_by_line_and_an_older_whole_record_still_counts():
    from mpls_interop.ops.ownership import owned_objects
    from mpls_interop.vendors.netiron import ownership

    brownfield = "interface loopback 1\n ip address 10.69.0.6/32\n no ip redirect\n!\n"
    ours = "interface loopback 1\n ip address 10.69.0.6/32\n ip ospf area 0\n!\n"
    present, declared = ownership.objects(brownfield), ownership.objects(ours)
    assert "interface loopback 1 > no ip redirect" in present
    assert "interface loopback 1 > no ip redirect" not in declared
    assert ownership.is_container("interface loopback 1")
    # the matching address is a conflict until adopted; the other team's line is never one
    assert conflicts("netiron", present, declared, set()) == ["interface loopback 1 > ip address"]

    # a record written when the loopback was one object owns the lines it covered
    rec = Ownership(None)
    rec.record("r2", {"interface loopback 1"})
    on_device = ownership.objects(ours)
    owned = owned_objects(rec, "r2", "netiron", on_device)
    assert {"interface loopback 1 > ip address", "interface loopback 1 > ip ospf area 0"} <= owned
    # a record of this version (the block and its lines named) is taken as it is
    rec.record("r2", {"interface loopback 1", "interface loopback 1 > ip address"})
    owned = owned_objects(rec, "r2", "netiron", ownership.objects(brownfield))
    assert "interface loopback 1 > no ip redirect" not in owned
