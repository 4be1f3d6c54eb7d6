"""The Junos driver's local ``show | compare`` (read-only diff): load-replace semantics, and
Junos's banner indentation (two spaces under ``[edit]``, three under a one-level banner, four
below, four more per nested level)."""

from __future__ import annotations

from mpls_interop.vendors.junos.compare import compare

RUNNING = """\
system {
    host-name r1;
}
interfaces {
    ge-1/0/0 {
        mtu 1514;
        unit 0 {
            family inet {
                address 192.0.2.1/24;
            }
        }
    }
}
protocols {
    rsvp {
        interface ge-1/0/0.0;
    }
}
"""


def test_nothing_to_change_is_an_empty_diff():
    assert compare(RUNNING, "system {\n    host-name r1;\n}\n") == ""


def test_single_valued_leaf_is_overwritten_lists_are_added_to():
    load = "interfaces {\n    ge-1/0/0 {\n        mtu 9192;\n        unit 0 {\n            family inet {\n" \
           "                address 192.0.2.9/24;\n            }\n        }\n    }\n}\n" \
           "protocols {\n    rsvp {\n        interface lo0.0;\n    }\n}\n"
    assert compare(RUNNING, load).splitlines() == [
        "[edit interfaces ge-1/0/0]",
        "-    mtu 1514;",
        "+    mtu 9192;",
        "[edit interfaces ge-1/0/0 unit 0 family inet]",
        "+    address 192.0.2.9/24;",
        "[edit protocols rsvp]",
        "+    interface lo0.0;",
    ]


def test_replace_swaps_whole_and_delete_removes_and_repeated_containers_merge():
    load = "interfaces {\n    ge-1/0/0 {\n        replace: unit 0 {\n            description x;\n        }\n    }\n}\n" \
           "protocols {\n    rsvp {\n        delete: interface ge-1/0/0.0;\n    }\n}\n" \
           "system {\n    host-name r9;\n}\nsystem {\n    location {\n        building b1;\n    }\n}\n"
    assert compare(RUNNING, load).splitlines() == [
        "[edit system]",
        "-   host-name r1;",
        "+   host-name r9;",
        "+   location {",
        "+       building b1;",
        "+   }",
        "[edit interfaces ge-1/0/0 unit 0]",
        "-    family inet {",
        "-        address 192.0.2.1/24;",
        "-    }",
        "+    description x;",
        "[edit protocols rsvp]",
        "-    interface ge-1/0/0.0;",
    ]
