"""containerlab export (topology, port mapping, startup configs, capability findings), the
example topologies in labs/containerlab, the --clab-inventory import, and the NetIron node image."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from mpls_interop.core.load import load_intent
from mpls_interop.core.render import render_device
from mpls_interop.ops.clab import (
    apply_clab_inventory,
    export_containerlab,
    port_maps,
)
from mpls_interop.sdk.errors import InputError
from mpls_interop.vendors.junos.clab import JunosKind
from tests.conftest import ROOT, SEED_INVENTORY, SHARED
from tests.helpers import edit_yaml, junos_tree, seed_copy

SCHEMA = SHARED / "schemas" / "clab.schema.json"
LABS = ROOT / "labs" / "containerlab"
KINDS = list(JunosKind)
SHORT = {JunosKind.vjunosrouter: "vjunosrouter", JunosKind.vmx: "vmx", JunosKind.crpd: "crpd"}


def _seed_export(kind: JunosKind, inv: Path = SEED_INVENTORY):
    return export_containerlab(load_intent(inv), kind, f"seed-{SHORT[kind]}", source="seed")


def _validator():
    if not SCHEMA.exists():
        pytest.skip("containerlab schema not available (../shared/schemas absent)")
    jsonschema = pytest.importorskip("jsonschema")
    return jsonschema.Draft7Validator(json.loads(SCHEMA.read_text()))


def _link(export, a: str, b: str) -> dict:
    for lk in export.topology["topology"]["links"]:
        nodes = {e.split(":")[0] for e in lk["endpoints"]}
        if nodes == {a, b}:
            return lk
    raise KeyError((a, b))


# ---- schema ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_exported_topology_validates_against_containerlab_schema(kind):
    validator = _validator()
    export = _seed_export(kind)
    errors = [e.message for e in validator.iter_errors(yaml.safe_load(export.text))]
    assert errors == []
    committed = LABS / f"seed-{SHORT[kind]}.clab.yml"
    errors = [e.message for e in validator.iter_errors(yaml.safe_load(committed.read_text()))]
    assert errors == []


def test_schema_check_rejects_what_containerlab_would():
    validator = _validator()
    topo = yaml.safe_load(_seed_export(JunosKind.vmx).text)
    topo["topology"]["nodes"]["r1"]["kind"] = "juniper_mx80"
    assert list(validator.iter_errors(topo))
    topo = yaml.safe_load(_seed_export(JunosKind.vmx).text)
    topo["interfaces"] = {"r1": {}}  # a sidecar mapping at top level is not allowed
    assert list(validator.iter_errors(topo))


# ---- examples in labs/containerlab stay in sync --------------------------------------------------


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_example_topologies_are_in_sync(kind):
    short = SHORT[kind]
    export = _seed_export(kind)
    for path, text in export.files_at(LABS / f"seed-{short}.clab.yml").items():
        assert path.exists(), f"{path} missing"
        assert path.read_text() == text, (
            f"{path.relative_to(ROOT)} is stale: regenerate with `interop lab export -i inventories/seed "
            f"--containerlab --kind junos={kind.value} --out labs/containerlab/seed-{short}.clab.yml`"
        )


def test_examples_folder_holds_only_generated_files():
    expected = set()
    for kind in KINDS:
        expected |= set(_seed_export(kind).files_at(LABS / f"seed-{SHORT[kind]}.clab.yml"))
    # (a deployed lab's clab-<name>/ directory, containerlab's own output, is not ours to check)
    present = {*LABS.glob("*.clab.yml"), *(p for p in LABS.glob("*/*") if not p.parent.name.startswith("clab-"))}
    assert present == expected


# ---- port mapping --------------------------------------------------------------------------------

JUNOS_INSIDE = {
    JunosKind.vjunosrouter: ["ge-0/0/0", "ge-0/0/1", "ge-0/0/2"],
    JunosKind.vmx: ["ge-0/0/0", "ge-0/0/1", "ge-0/0/2"],
    JunosKind.crpd: ["eth1", "eth2", "eth3"],
}


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_interface_mapping_per_kind(kind):
    export = _seed_export(kind)
    r1 = [(m.port, m.linux, m.inside) for m in export.ports["r1"]]
    assert r1 == list(zip(["ge-1/0/0", "ge-1/0/1", "ge-1/1/9"], ["eth1", "eth2", "eth3"], JUNOS_INSIDE[kind], strict=True))
    for netiron in ("r2", "r3"):
        got = [(m.port, m.linux, m.inside) for m in export.ports[netiron]]
        assert got == [("ethe 1/1", "eth1", "ethe 1/1"), ("ethe 1/2", "eth2", "ethe 1/2"), ("ethe 1/5", "eth3", "ethe 1/5")]
    # the mapping is recorded in the file: node labels and the header table
    labels = export.topology["topology"]["nodes"]["r1"]["labels"]
    assert labels["interop.eth1"] == "ge-1/0/0" and labels["interop.eth3"] == "ge-1/1/9"
    assert export.topology["topology"]["nodes"]["r2"]["labels"]["interop.eth3"] == "ethe 1/5"
    assert re.search(rf"#\s+r1\s+ge-1/1/9\s+eth3\s+{JUNOS_INSIDE[kind][2]}\n", export.text)
    # links are wired on the mapped container interfaces
    assert _link(export, "r1", "r2")["endpoints"] == ["r1:eth1", "r2:eth1"]
    assert _link(export, "r1", "r3")["endpoints"] == ["r1:eth2", "r3:eth1"]
    assert _link(export, "r2", "r3")["endpoints"] == ["r2:eth2", "r3:eth2"]
    assert export.topology["topology"]["nodes"]["r1"]["kind"] == kind.value
    assert export.topology["topology"]["nodes"]["r2"]["kind"] == "linux"


def test_mapping_is_natural_order_and_ignores_intent_order(tmp_path):
    inv = seed_copy(tmp_path)

    def add_links(d):
        d["links"] += [
            {"name": "r1-r2-b", "a": {"device": "r1", "interface": "ge-1/0/10"},
             "b": {"device": "r2", "interface": "ethernet 1/10"}, "subnet": "198.51.100.12/30"},
            {"name": "r1-r2-c", "a": {"device": "r1", "interface": "ge-1/0/2"},
             "b": {"device": "r2", "interface": "ethe 1/3"}, "subnet": "198.51.100.16/30"},
        ]
        d["links"].reverse()

    edit_yaml(inv / "intent.yml", add_links)
    maps = port_maps(load_intent(inv), JunosKind.vmx)
    assert [(m.port, m.inside) for m in maps["r1"]] == [
        ("ge-1/0/0", "ge-0/0/0"), ("ge-1/0/1", "ge-0/0/1"), ("ge-1/0/2", "ge-0/0/2"),
        ("ge-1/0/10", "ge-0/0/3"), ("ge-1/1/9", "ge-0/0/4"),
    ]
    assert [m.port for m in maps["r2"]] == ["ethe 1/1", "ethe 1/2", "ethe 1/3", "ethe 1/5", "ethe 1/10"]
    export = export_containerlab(load_intent(inv), JunosKind.vmx, "t")
    assert _link(export, "r1", "r2") is not None
    ends = {tuple(lk["endpoints"]) for lk in export.topology["topology"]["links"]}
    assert ("r1:eth4", "r2:eth5") in ends and ("r1:eth3", "r2:eth3") in ends


def test_link_mtu_lets_the_larger_end_through(tmp_path):
    export = _seed_export(JunosKind.vjunosrouter)
    netiron_ip = 9216 - 4 - 14  # frame size counts the FCS; the veth MTU counts no header
    assert _link(export, "r1", "r2")["mtu"] == netiron_ip
    inv = seed_copy(tmp_path)
    edit_yaml(inv / "host_vars/r2.yml", lambda d: d.update(physical_mtu=1518))
    export = export_containerlab(load_intent(inv), JunosKind.vjunosrouter, "t")
    assert _link(export, "r1", "r2")["mtu"] == 9192 - 14  # now the Junos end is the larger
    assert _link(export, "r2", "r3")["mtu"] == netiron_ip


# ---- startup configs -------------------------------------------------------------------------------


def test_vjunosrouter_startup_config_is_curly_text_with_vm_port_names():
    export = _seed_export(JunosKind.vjunosrouter)
    node = export.topology["topology"]["nodes"]["r1"]
    text = export.files[node["startup-config"]]
    tree = junos_tree(text)
    assert {k for k in tree["interfaces"]} == {"ge-0/0/0", "ge-0/0/1", "ge-0/0/2", "lt-0/0/10", "lo0"}
    assert "interface ge-0/0/0.1000" in tree["protocols"]["rsvp"]
    assert "interface ge-0/0/2.40" in tree["routing-instances"]["vpls-40"]
    assert "ge-1/" not in text
    # descriptions (quoted) are left alone and the service VRFs stay on lt-
    assert "interface lt-0/0/10.1" in tree["routing-instances"]["vrf-lan40"]


def test_vmx_startup_config_is_set_commands():
    export = _seed_export(JunosKind.vmx)
    text = export.files["seed-vmx/r1.cfg"]
    lines = text.splitlines()
    assert lines and all(line.startswith("set ") for line in lines)
    assert "set interfaces ge-0/0/2 unit 41 family ccc" in lines
    assert "set interfaces ge-0/0/0 unit 1000 family inet address 198.51.100.1/30" in lines
    assert not any("ge-1/" in line for line in lines)


def test_crpd_startup_config_keeps_only_what_crpd_takes():
    export = _seed_export(JunosKind.crpd)
    tree = junos_tree(export.files["seed-crpd/r1.cfg"])
    assert set(tree) == {"system", "routing-options", "protocols"}  # no chassis/interfaces/instances
    area = tree["protocols"]["ospf"]["area 0.0.0.0"]
    assert {"interface eth1.1000", "interface eth2", "interface lo.0"} <= set(area)
    l2 = tree["protocols"]["l2circuit"]
    assert set(l2) == {"neighbor 10.0.0.3"}  # vll-43 ends in a VRF (lt-): gone with its neighbor
    assert set(l2["neighbor 10.0.0.3"]) == {"interface eth3.41", "interface eth3.42"}
    assert tree["protocols"]["ldp"] == {"interface lo.0": None}
    exec_ = export.topology["topology"]["nodes"]["r1"]["exec"]
    assert "ip link add link eth1 name eth1.1000 type vlan id 1000" in exec_
    assert "ip address add 198.51.100.1/30 dev eth1.1000" in exec_
    assert "ip address add 198.51.100.4/31 dev eth2" in exec_
    assert "ip link set dev eth2 mtu 1500" in exec_
    assert "ip address add 10.0.0.1/32 dev lo" in exec_
    assert "sysctl -w net.mpls.conf.eth1/1000.input=1" in exec_
    # a sub-interface exists before it is addressed
    assert exec_.index("ip link add link eth1 name eth1.1000 type vlan id 1000") < exec_.index(
        "ip address add 198.51.100.1/30 dev eth1.1000"
    )


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_netiron_nodes_run_the_emulator_with_the_rendered_config(kind):
    export = _seed_export(kind)
    intent = load_intent(SEED_INVENTORY)
    for name, model in (("r2", "MLX"), ("r3", "XMR")):
        node = export.topology["topology"]["nodes"][name]
        assert node["image"] == "mpls-interop/netiron-emulator:latest"
        assert node["env"]["NETIRON_HOSTNAME"] == name and node["env"]["NETIRON_MODEL"] == model
        src, dst, mode = node["binds"][0].split(":")
        assert dst == node["env"]["NETIRON_STARTUP_CONFIG"] and mode == "ro"
        assert export.files[src] == render_device(intent, name)
        assert not Path(src).is_absolute()


# ---- capability findings ------------------------------------------------------------------------


def _rules(export) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in export.findings:
        out.setdefault(f.rule, []).append(f)
    return out


def test_crpd_capability_warnings():
    rules = _rules(_seed_export(JunosKind.crpd))
    for rule in ("CLAB001", "CLAB002", "CLAB003", "CLAB004", "CLAB005"):
        assert rule in rules and rules[rule][0].severity == "warning" and rules[rule][0].devices == ("r1",)
    assert "vpls-40" in rules["CLAB001"][0].message and "vpls-140" in rules["CLAB001"][0].message
    assert "r1-to-r2" in rules["CLAB002"][0].message
    assert "vll-41" in rules["CLAB003"][0].message and "vll-43" not in rules["CLAB003"][0].message
    assert "vrf-lan40" in rules["CLAB004"][0].message and "vll-43" in rules["CLAB004"][0].message
    assert rules["CLAB006"][0].devices == ("r2", "r3")


@pytest.mark.parametrize("kind", [JunosKind.vjunosrouter, JunosKind.vmx], ids=lambda k: k.value)
def test_vm_kinds_have_no_crpd_warnings(kind):
    rules = _rules(_seed_export(kind))
    assert not {"CLAB001", "CLAB002", "CLAB003", "CLAB004", "CLAB005"} & set(rules)
    assert "CLAB006" in rules  # the NetIron emulator caveat holds for every kind


def test_crpd_warnings_follow_the_intent(tmp_path):
    inv = seed_copy(tmp_path)

    def strip(d):
        d["services"] = {"vll": [s for s in d["services"]["vll"] if s["name"] in ("vll-41", "vll-42")]}
        d["mpls"]["rsvp"]["mesh"] = False

    edit_yaml(inv / "intent.yml", strip)
    export = export_containerlab(load_intent(inv), JunosKind.crpd, "t")
    rules = _rules(export)
    assert not {"CLAB001", "CLAB002", "CLAB004"} & set(rules)
    assert "CLAB003" in rules and "CLAB005" in rules
    assert "routing-instances" not in junos_tree(export.files["t/r1.cfg"])


def test_findings_are_written_into_the_topology_header():
    export = _seed_export(JunosKind.crpd)
    head = [line for line in export.text.splitlines() if line.startswith("#")]
    assert any("warning CLAB001 r1: VPLS vpls-40" in line for line in head)


# ---- CLI ------------------------------------------------------------------------------------------


def _interop(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mpls_interop", *args], capture_output=True, text=True, cwd=cwd or ROOT)


def test_cli_export_writes_topology_and_configs(tmp_path):
    out = tmp_path / "x" / "lab.clab.yml"
    res = _interop("lab", "export", "-i", str(SEED_INVENTORY), "--containerlab",
                   "--junos-kind", "juniper_crpd", "--name", "t1", "--out", str(out))
    assert res.returncode == 0, res.stderr
    topo = yaml.safe_load(out.read_text())
    assert topo["name"] == "t1"
    assert (out.parent / "t1" / "r1.cfg").is_file() and (out.parent / "t1" / "r3.cfg").is_file()
    assert "CLAB001" in res.stderr and "wrote" in res.stderr


def test_cli_export_default_name_and_path(tmp_path):
    res = _interop("lab", "export", "-i", str(SEED_INVENTORY), "--containerlab", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert yaml.safe_load((tmp_path / "seed-vjunosrouter.clab.yml").read_text())["name"] == "seed-vjunosrouter"


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--kind", "junos=juniper_mx80"], "--kind"),
        (["--kind", "juniper_mx80"], "--kind"),
        (["--image", "nobody"], "--image"),
        ([], "--containerlab"),
        (["--name", "bad name"], "--name"),
    ],
)
def test_cli_export_bad_input_is_one_line_exit_2(tmp_path, args, needle):
    if needle != "--containerlab":
        args = ["--containerlab", *args]
    res = _interop("lab", "export", "-i", str(SEED_INVENTORY), *args, "--out", str(tmp_path / "t.clab.yml"))
    assert res.returncode == 2
    assert needle in res.stderr and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "t.clab.yml").exists()


# ---- containerlab's ansible-inventory.yml ------------------------------------------------------

CLAB_INVENTORY = """\
all:
  vars:
    # as containerlab writes it
    ansible_httpapi_use_proxy: false
  children:
    juniper_vjunosrouter:
      vars:
        ansible_network_os: junos
        ansible_connection: ansible.netcommon.netconf
        ansible_user: admin
      hosts:
        clab-seed-vjunosrouter-r1:
          ansible_host: 172.20.20.2
    linux:
      hosts:
        clab-seed-vjunosrouter-r2:
          ansible_host: 172.20.20.3
        clab-seed-vjunosrouter-r3:
          ansible_host: 172.20.20.4
    routers:
      hosts:
        clab-seed-vjunosrouter-r1:
          ansible_host: 172.20.20.2
"""


def _clab_inv(tmp_path: Path, text: str = CLAB_INVENTORY) -> Path:
    path = tmp_path / "clab-seed-vjunosrouter" / "ansible-inventory.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_apply_clab_inventory_targets_the_lab(tmp_path):
    intent = load_intent(SEED_INVENTORY)
    lab = apply_clab_inventory(intent, _clab_inv(tmp_path))
    assert {n: d.host for n, d in lab.devices.items()} == {"r1": "172.20.20.2", "r2": "172.20.20.3", "r3": "172.20.20.4"}
    assert lab.devices["r1"].username == "admin"  # the lab's, from the kind group
    assert lab.devices["r2"].username == intent.devices["r2"].username
    assert lab.devices["r1"].port == intent.devices["r1"].port
    # the vJunos ports are the ones the export gave the VM: rendering the lab intent gives the
    # exported startup config exactly
    exported = _seed_export(JunosKind.vjunosrouter)
    assert render_device(lab, "r1") == exported.files["seed-vjunosrouter/r1.cfg"]
    assert render_device(lab, "r2") == render_device(intent, "r2")
    assert intent.devices["r1"].host == "192.0.2.11"  # the original is untouched


def test_clab_inventory_without_prefix_or_ansible_host(tmp_path):
    text = "all:\n  children:\n    juniper_vmx:\n      hosts:\n        r1:\n    linux:\n      hosts:\n        r2:\n        r3: {ansible_host: 172.20.20.9}\n"
    lab = apply_clab_inventory(load_intent(SEED_INVENTORY), _clab_inv(tmp_path, text))
    assert lab.devices["r1"].host == "r1" and lab.devices["r3"].host == "172.20.20.9"
    assert lab.links[0].a.interface == "ge-0/0/0"


@pytest.mark.parametrize(
    "text, message",
    [
        ("all: [unclosed\n", "malformed YAML"),
        ("- a\n- b\n", "no 'all' group"),
        ("all:\n  children:\n    linux:\n      hosts:\n        clab-x-r2: {ansible_host: 172.20.20.3}\n", "no containerlab host for r1, r3"),
        ("all:\n  children:\n    juniper_crpd:\n      hosts:\n        clab-x-r1:\n    linux:\n      hosts:\n        clab-x-r2:\n        clab-x-r3:\n",
         "r1 runs as juniper_crpd"),
        ("all:\n  children:\n    linux:\n      hosts: [clab-x-r1]\n", "hosts is not a mapping"),
    ],
)
def test_bad_clab_inventory_names_the_file(tmp_path, text, message):
    path = _clab_inv(tmp_path, text)
    with pytest.raises(InputError) as exc:
        apply_clab_inventory(load_intent(SEED_INVENTORY), path)
    assert str(path) in str(exc.value) and message in str(exc.value)


def test_missing_clab_inventory_file(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        apply_clab_inventory(load_intent(SEED_INVENTORY), tmp_path / "nope.yml")


def test_cli_option_helper(tmp_path):
    from mpls_interop.cli.common import with_clab_inventory

    intent = load_intent(SEED_INVENTORY)
    assert with_clab_inventory(intent, None) is intent
    assert with_clab_inventory(intent, _clab_inv(tmp_path)).devices["r3"].host == "172.20.20.4"


# ---- the NetIron node image -------------------------------------------------------------------


def test_dockerfile_runs_the_node_entry_point():
    text = (ROOT / "labs" / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim$", text, re.M)
    assert re.search(r"^RUN pip install \.", text, re.M)
    assert re.search(r"^EXPOSE 22$", text, re.M)
    entry = re.search(r"^ENTRYPOINT \[(.*)\]$", text, re.M)
    assert entry is not None
    args = json.loads(f"[{entry.group(1)}]")
    assert args[:2] == ["python", "-m"]
    assert (ROOT / "src" / (args[2].replace(".", "/") + ".py")).is_file()


def test_entry_point_never_imports_the_toolkit():
    text = (ROOT / "src" / "mpls_interop_lab" / "netiron_node.py").read_text()
    assert not re.search(r"^\s*(from|import)\s+mpls_interop\b", text, re.M)


def test_netiron_node_loads_startup_config_and_serves_ssh(tmp_path):
    asyncssh = pytest.importorskip("asyncssh")
    from mpls_interop_lab.netiron_node import load_startup_config, make_device, start

    cfg = tmp_path / "startup-config.cfg"
    cfg.write_text(render_device(load_intent(SEED_INVENTORY), "r2"))
    bad = make_device({"NETIRON_HOSTNAME": "rx"})
    assert load_startup_config(bad, "hostname rx\nfrobnicate the widget\n")  # a rejected line is reported

    env = {
        "NETIRON_HOSTNAME": "r2", "NETIRON_STARTUP_CONFIG": str(cfg), "NETIRON_PORT": "0",
        "NETIRON_LISTEN": "127.0.0.1", "NETIRON_HOST_KEY": str(tmp_path / "key"),
        "NETIRON_USERNAME": "tester", "NETIRON_PASSWORD": "lab-only-test",
    }

    async def session() -> str:
        device, acceptor = await start(env)
        port = acceptor.sockets[0].getsockname()[1]
        try:
            async with asyncssh.connect("127.0.0.1", port, username="tester", password="lab-only-test",
                                        known_hosts=None) as conn:
                proc = await conn.create_process(term_type="vt100")
                seen = ""

                async def until(marker: str) -> None:
                    nonlocal seen
                    while marker not in seen:
                        seen += await asyncio.wait_for(proc.stdout.read(4096), 10)

                await until("SSH@r2>")
                proc.stdin.write("enable\r")
                await until("SSH@r2#")
                proc.stdin.write("skip-page-display\r")
                proc.stdin.write("show running-config\r")
                await until("\nend")
                proc.close()
                return seen
        finally:
            acceptor.close()

    seen = asyncio.run(session())
    assert "vpls vpls-40 40" in seen and "lsp r2-to-r1" in seen
    assert (tmp_path / "key").is_file()  # the host key is kept for the next start
