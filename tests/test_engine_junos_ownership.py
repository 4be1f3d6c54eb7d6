"""Junos load text under ownership, applied with the emulated Junos' own ``load replace``:
owned objects are swapped whole, owned objects the intent dropped are deleted, foreign objects
beside them stay untouched."""

from __future__ import annotations

from mpls_interop.core.load import load_intent
from mpls_interop.core.planner import plan_intent
from mpls_interop.sdk.spec import get_vendor
from mpls_interop.vendors.junos import ownership
from mpls_interop_lab.junos.config import JunosConfig
from tests.conftest import SEED_INVENTORY
from tests.helpers import edit_yaml, seed_copy

FOREIGN = """
interfaces {
    ge-1/1/9 {
        unit 800 {
            encapsulation vlan-ccc;
            vlan-id 800;
        }
    }
}
protocols {
    mpls {
        label-switched-path foreign-lsp {
            to 10.0.0.9;
        }
    }
    l2circuit {
        neighbor 10.0.0.3 {
            interface ge-1/1/9.800 {
                virtual-circuit-id 800;
            }
        }
    }
}
routing-instances {
    foreign-vpls {
        instance-type vpls;
    }
}
"""


def r1_text(inv=SEED_INVENTORY) -> str:
    return get_vendor("junos").render(plan_intent(load_intent(inv)).devices["r1"], "text")


def load(running: str, desired_text: str, owned: set[str]) -> str:
    """What the driver loads (replace form + deletions), applied by the emulated Junos."""
    tagged = ownership.tag_objects(desired_text)
    gone = ownership.deletions(ownership.objects(running), ownership.objects(tagged), owned)
    patch = JunosConfig.parse_text(tagged + ownership.delete_text(gone))
    return JunosConfig.parse_text(running).replace(patch).to_text()


def test_foreign_objects_survive_a_deploy_and_a_service_removal(tmp_path):
    seed = r1_text()
    running = JunosConfig.parse_text(seed).merge(JunosConfig.parse_text(FOREIGN)).to_text()
    foreign = {k: v for k, v in ownership.objects(running).items() if "800" in k or "foreign" in k}
    assert set(foreign) == {"interfaces ge-1/1/9 unit 800", "protocols mpls label-switched-path foreign-lsp",
                            "protocols l2circuit neighbor 10.0.0.3 interface ge-1/1/9.800",
                            "routing-instances foreign-vpls"}
    owned = set(ownership.objects(seed))

    # same intent again: nothing changes, foreign objects included
    assert ownership.objects(load(running, seed, owned)) == ownership.objects(running)

    # the intent drops vpls-140 and vll-41: their owned objects go, nothing foreign does
    inv = seed_copy(tmp_path)
    edit_yaml(inv / "intent.yml", lambda d: (d["services"]["vpls"].pop(), d["services"]["vll"].pop(0)))
    after = ownership.objects(load(running, r1_text(inv), owned))
    assert "routing-instances vpls-140" not in after and "interfaces ge-1/1/9 unit 140" not in after
    assert "protocols l2circuit neighbor 10.0.0.3 interface ge-1/1/9.41" not in after
    for key, content in foreign.items():
        assert after[key] == content, key
    # the neighbor still has the foreign circuit: the container stays
    assert "protocols l2circuit neighbor 10.0.0.3" in after


def test_removing_the_last_circuit_to_a_neighbor_removes_the_neighbor(tmp_path):
    seed = r1_text()
    owned = set(ownership.objects(seed))
    inv = seed_copy(tmp_path)
    edit_yaml(inv / "intent.yml", lambda d: d["services"].pop("vll"))
    text = load(seed, r1_text(inv), owned)
    assert "l2circuit" not in text
    assert "unit 41" not in text and "unit 42" not in text


def test_unowned_objects_are_never_deleted(tmp_path):
    seed = r1_text()
    inv = seed_copy(tmp_path)
    edit_yaml(inv / "intent.yml", lambda d: d["services"]["vpls"].pop())
    # nothing recorded as owned: vpls-140 was not the toolkit's, so it stays
    after = ownership.objects(load(seed, r1_text(inv), owned=set()))
    assert "routing-instances vpls-140" in after


def test_a_path_that_loses_its_hops_is_replaced():
    running = "protocols {\n    mpls {\n        path p1 {\n            10.0.0.2 strict;\n        }\n    }\n}\n"
    desired = "protocols {\n    mpls {\n        path p1;\n    }\n}\n"
    out = load(running, desired, {"protocols mpls path p1"})
    assert "strict" not in out and "path p1;" in out
