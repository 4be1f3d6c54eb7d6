"""The NetIron emulator's model-backed show output (labs/netiron/shows/), as a CLI user gets it.

Three independent yardsticks, on the seed network and on broken variants of it:

* layout: the label sequence of each detail record and the column headers of each table are read
  from the real captures at test time (../shared/captures/netiron) and compared with ours;
* our own TextFSM parsers (mpls_interop.vendors.netiron.parsers) read back exactly what the model computed;
* ntc-templates' own ``brocade_netiron`` templates parse ``show interfaces [brief]`` into complete
  records.

Output is taken from ``NetIronDevice.exec_command`` with the model hook wired as labs/runtime.py
wires it, so the tests see what the SSH CLI prints (the device answers itself where the model
hook does not).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from mpls_interop.core.load import load_intent
from mpls_interop.core.render import render_all
from mpls_interop.vendors.netiron import parsers
from mpls_interop_lab.model import LabNetwork
from mpls_interop_lab.model.vocab import ospf_state, pw_status
from mpls_interop_lab.netiron.config import NetIronConfig
from mpls_interop_lab.netiron.device import NetIronDevice
from mpls_interop_lab.netiron.shows import ShowCommands
from tests.conftest import SEED_INVENTORY, capture
from tests.helpers import edit_yaml, link, seed_copy, service
from tests.labmodel import network
from tests.labmodel import pw as model_pw

# ---------------------------------------------------------------------------------------------
# the lab: network model + one NetIron CLI device per NetIron router


@dataclass
class Lab:
    net: LabNetwork
    devices: dict[str, NetIronDevice]

    def show(self, dev: str, command: str) -> str:
        return self.devices[dev].exec_command(command.split())


Patch = Callable[[str, str], str]


def build(inv: Path = SEED_INVENTORY, patch: Patch | None = None,
          down: Iterable[tuple[str, str]] = ()) -> Lab:
    intent = load_intent(inv)
    net = network(intent, patch)
    devices = {}
    for name, text in render_all(intent).items():
        if intent.devices[name].vendor != "netiron":
            continue
        if patch is not None:
            text = patch(name, text)
        dev = NetIronDevice(name)
        # factory config (management port) + the pushed config, as on a running lab device
        dev.running = NetIronConfig.from_text(dev.running.running_config() + text)
        dev.show_handler = ShowCommands(name, lambda: net.state, dev).handle
        net.set_config(name, "netiron", dev.running)
        devices[name] = dev
    for port in down:
        net.faults.link_down.add(port)
    net.changed()
    return Lab(net, devices)


def _remove(device: str, old: str) -> Patch:
    def patch(name: str, text: str) -> str:
        if name != device:
            return text
        assert old in text, (device, old)
        return text.replace(old, "", 1)
    return patch


def _disable_r3_port() -> Patch:
    def patch(name: str, text: str) -> str:
        if name != "r3":
            return text
        new, n = re.subn(r"(?<=interface ethernet 1/5\n) enable\n", "", text)
        assert n == 1
        return new
    return patch


def _ospf_mtu_mismatch(tmp: Path) -> Lab:
    inv = seed_copy(tmp)
    edit_yaml(inv / "intent.yml", lambda d: link(d, "r1-r2").update(b_ip_mtu=9000))
    return build(inv)


def _vll41_mtu_mismatch(tmp: Path) -> Lab:
    inv = seed_copy(tmp)
    edit_yaml(inv / "intent.yml", lambda d: service(d, "vll-41").update(pw_mtu_overrides={"r3": 9000}))
    return build(inv)


SCENARIOS: dict[str, Callable[[Path], Lab]] = {
    "seed": lambda tmp: build(),
    # r3 VLL 41 signals 9000 against r1's 9100: DOWN with VC-Parameter-MTU-Mismatch
    "vll-mtu-mismatch": _vll41_mtu_mismatch,
    # r3 port 1/5 never enabled: VLL 41 end-point down, VPLS peers wait for functional local ports
    "port-disabled": lambda tmp: build(patch=_disable_r3_port()),
    # r2 without `traffic-eng ospf`: no CSPF, every r2 LSP down
    "lsps-down": lambda tmp: build(patch=_remove("r2", " policy\n  traffic-eng ospf\n")),
    # the r1-r2 link is cut: r2-to-r1 runs on its secondary path through r3
    "lsp-on-secondary": lambda tmp: build(down=[("r1", "ge-1/0/0")]),
    # IP MTU 9000 on r2's end of the r1-r2 link: OSPF stuck in EXSTART on r2's ve 100 (master, see the model)
    "ospf-mtu-mismatch": _ospf_mtu_mismatch,
}


@pytest.fixture(scope="module", params=sorted(SCENARIOS))
def lab(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Lab:
    return SCENARIOS[request.param](tmp_path_factory.mktemp(request.param))


@pytest.fixture(scope="module")
def seed() -> Lab:
    return build()


def _broken(name: str, tmp_path: Path) -> Lab:
    return SCENARIOS[name](tmp_path)


# ---------------------------------------------------------------------------------------------
# layout of detail records: labels, in order, read from the captures


def line_labels(line: str) -> list[str]:
    """Field labels of one output line, in order.

    ``Label : value``, ``Label: value`` and ``a: 1, b: 2`` give their labels; a segment without a
    colon before the line's first colon gives its first word (``VLL X, VC-ID 7`` → VLL, VC-ID;
    ``Vlan 5`` → Vlan). Segments are split at ``,`` and at runs of two or more spaces."""
    text = re.sub(r"\s*:\s*", ": ", line.strip())
    labels: list[str] = []
    seen_colon = False
    for seg in re.split(r",\s+|\s{2,}", text):
        if ":" in seg:
            labels.append(seg.split(":", 1)[0].strip())
            seen_colon = True
        elif not seen_colon and seg[:1].isalpha():
            labels.append(seg.split()[0])
    return [lab for lab in labels if lab]


Record = list[list[str]]  # lines → labels


def records(text: str, start: str, labeler: Callable[[str], list[str]] = line_labels) -> list[Record]:
    """Records that begin with a line whose first label is ``start``; blank lines dropped."""
    out: list[Record] = []
    for line in text.splitlines():
        labels = labeler(line)
        if not labels:
            continue
        if labels[0] == start:
            out.append([])
        if out:
            out[-1].append(labels)
    return out


START, END = "<start>", "<end>"


def assert_layout(
    real: list[Record], ours: list[Record], *, optional: Iterable[str] = (),
    repeat: Iterable[tuple[str, str]] = (), extras: Iterable[str] = (), what: str = "",
) -> None:
    """Each of our records follows the captures' label order.

    The captures define which label may follow which (a record's labels in sequence, across all
    captured records). ``optional`` labels are ones the device prints only in some states (a
    record may skip them); ``repeat`` adds (last, first) edges for blocks that repeat (one per
    peer); ``extras`` are lines no capture shows (states none of them is in): such a line must
    start with one of these labels and is left out of the order check, as are extra labels
    appended to a known line. Labels share a line as in the captures. Labels present in every captured record (and not optional) must
    be present in ours."""
    assert real, f"{what}: no record in the capture"
    assert ours, f"{what}: no record in our output"
    optional, extras = set(optional), set(extras)
    known = {lab for rec in real for line in rec for lab in line}
    graph: dict[str, set[str]] = {}
    for rec in real:
        seq = [START, *(lab for line in rec for lab in line), END]
        for a, b in zip(seq, seq[1:], strict=False):
            graph.setdefault(a, set()).add(b)
    for a, b in repeat:
        graph.setdefault(a, set()).add(b)
    changed = True
    while changed:  # an optional label may be skipped: a → opt → b gives a → b
        changed = False
        for a in list(graph):
            for o in list(graph[a]):
                if o in optional and not graph.get(o, set()) <= graph[a]:
                    graph[a] |= graph[o]
                    changed = True
    mandatory = set.intersection(*({lab for line in rec for lab in line} for rec in real)) - optional
    lines = {tuple(line) for rec in real for line in rec}
    for rec in ours:
        flat: list[str] = []
        for line in rec:
            if line[0] not in known:
                assert line[0] in extras, f"{what}: line label {line[0]!r} is in no capture: {rec}"
                continue
            for lab in line:
                assert lab in known or lab in extras, f"{what}: label {lab!r} is in no capture: {line}"
            mine = tuple(lab for lab in line if lab in known)
            assert mine in lines, f"{what}: no captured line has exactly the labels {mine}"
            flat += mine
        missing = mandatory - set(flat)
        assert not missing, f"{what}: {sorted(missing)} missing from {flat}"
        seq = [START, *flat, END]
        wrong = [(a, b) for a, b in zip(seq, seq[1:], strict=False) if b not in graph.get(a, set())]
        assert not wrong, f"{what}: label order differs from the captures at {wrong} in {flat}"


def _captures(*names: str) -> str:
    return "\n".join(capture(f"netiron/{n}").read_text() for n in names)


VLL_CAPTURES = (
    "ansible-ironware__show_mpls_vll_detail",
    "genie-ironware__ShowMPLSVLL__down_output_output.txt",
    "genie-ironware__ShowMPLSVLL__qinq_output_output.txt",
    "genie-ironware__ShowMPLSVLL__untagged_output_output.txt",
)

#: LSP detail lines no capture shows: the captured LSPs are all down and have no secondary path
LSP_EXTRAS = {
    "tunnel interface(primary path)",  # From line of an up LSP
    "Sec. path", "Hot-standby",  # secondary path block
    "Recorded routes", "Protection codes/Rtr Id flag",  # route record of an up LSP
    "Last error",  # why an enabled LSP is down
}
#: printed only with global revertiveness / an adaptive reoptimize timer configured
LSP_OPTIONAL = {"Global", "ReoptimizeTimer"}


def test_line_labels_reads_the_capture_shapes() -> None:
    assert line_labels("    Remote VC type : --                Remote VC MTU  : --") == [
        "Remote VC type", "Remote VC MTU"]
    assert line_labels("  End-point        : tagged  vlan 2005  e 2/1") == ["End-point"]
    assert line_labels("    State          : DOWN - PW is Down (Reason:Wait for peer label)") == ["State"]
    assert line_labels("VLL TEST-VLL, VC-ID 111, VLL-INDEX 4") == ["VLL", "VC-ID", "VLL-INDEX"]
    assert line_labels("  Tnnl in use: tnl1(3)[RSVP]    Peer Index:0") == ["Tnnl in use", "Peer Index"]
    assert line_labels(" Total vlans: 2, Tagged ports: 2 (0 Up), Untagged ports 2 (0 Up)") == [
        "Total vlans", "Tagged ports"]
    assert line_labels("    10.0.0.1") == []


def test_assert_layout_catches_order_missing_and_invented_labels() -> None:
    real = records("R a\n x: 1, y: 2\n z: 3\n v: 4\nR b\n x: 1, y: 2\n v: 4\n", "R")
    assert_layout(real, records("R c\n x: 1, y: 2\n z: 3\n v: 4\n", "R"))
    assert_layout(real, records("R c\n x: 1, y: 2\n v: 4\n", "R"))  # z: in one captured record only
    with pytest.raises(AssertionError, match="order"):
        assert_layout(real, records("R c\n z: 3\n x: 1, y: 2\n v: 4\n", "R"))
    with pytest.raises(AssertionError, match="missing"):
        assert_layout(real, records("R c\n x: 1, y: 2\n", "R"))
    with pytest.raises(AssertionError, match="in no capture"):
        assert_layout(real, records("R c\n x: 1, y: 2\n w: 0\n v: 4\n", "R"))
    with pytest.raises(AssertionError, match="exactly the labels"):
        assert_layout(real, records("R c\n x: 1\n y: 2\n v: 4\n", "R"))
    assert_layout(real, records("R c\n x: 1, y: 2\n w: 0\n v: 4\n", "R"), extras={"w"})


def _devices_with(lab: Lab, command: str, marker: str) -> dict[str, str]:
    out = {name: lab.show(name, command) for name in lab.devices}
    return {name: text for name, text in out.items() if marker in text}


def test_vll_detail_layout(lab: Lab) -> None:
    real = records(_captures(*VLL_CAPTURES), "VLL")
    assert len(real) == 4
    texts = _devices_with(lab, "show mpls vll detail", "VLL ")
    assert texts
    for name, text in texts.items():
        assert_layout(real, records(text, "VLL"), what=f"{name} show mpls vll detail")
        for rec in records(text, "VLL"):  # `show mpls vll NAME` prints the same record
            vll = rec[0]
            assert vll[0] == "VLL"
        first = re.search(r"^VLL (\S+),", text, re.M)
        assert first is not None
        one = lab.show(name, f"show mpls vll {first.group(1)}")
        assert_layout(real, records(one, "VLL"), what=f"{name} show mpls vll NAME")
        assert len(records(one, "VLL")) == 1


def test_vpls_detail_layout(lab: Lab) -> None:
    real = records(_captures("ansible-ironware__show_mpls_vpls_detail"), "VPLS")
    texts = _devices_with(lab, "show mpls vpls detail", "VPLS ")
    assert texts
    for name, text in texts.items():
        assert_layout(
            real, records(text, "VPLS"),
            optional={"Tagged", "Untagged"},  # a VLAN lists only the kinds of ports it has
            repeat=[("Remote VC-Type", "Peer address")],  # one block per peer
            what=f"{name} show mpls vpls detail",
        )


def test_lsp_detail_layout(lab: Lab) -> None:
    real = records(_captures("ansible-ironware__show_mpls_lsp_detail"), "LSP")
    assert len(real) == 2
    for name in lab.devices:
        text = lab.show(name, "show mpls lsp detail")
        assert_layout(real, records(text, "LSP"), optional=LSP_OPTIONAL, extras=LSP_EXTRAS,
                      what=f"{name} show mpls lsp detail")


def test_broken_states_are_in_the_checked_output(tmp_path: Path) -> None:
    """The layout tests above run on these scenarios; make sure they do show the DOWN states."""
    mm = _broken("vll-mtu-mismatch", tmp_path / "mm").show("r3", "show mpls vll detail")
    assert "State          : DOWN - PW is Down (Reason:VC-Parameter-MTU-Mismatch)" in mm
    port = _broken("port-disabled", tmp_path / "pd")
    assert "State: Wait for functional local ports" in port.show("r3", "show mpls vpls detail")
    assert "End-Point state  : Down" in port.show("r3", "show mpls vll detail")
    down = _broken("lsps-down", tmp_path / "ld").show("r2", "show mpls lsp detail")
    assert down.count("status: DOWN") == 2
    sec = _broken("lsp-on-secondary", tmp_path / "sec")
    assert "Sec. path: r2-r1-any, active: yes" in sec.show("r2", "show mpls lsp detail")
    assert re.search(r"^r2-to-r1\*\s+10\.0\.0\.1\s+UP\s+UP", sec.show("r2", "show mpls lsp wide"), re.M)
    ospf = _broken("ospf-mtu-mismatch", tmp_path / "om").show("r2", "show ip ospf neighbor")
    # r2 (bigger IP MTU, higher router ID: the master) stays in ExStart (bench/openflow_crosscheck.py)
    assert re.search(r"^v100\s+198\.51\.100\.2\s+1\s+EXSTART/", ospf, re.M)


# ---------------------------------------------------------------------------------------------
# layout of tables: column headers


#: genie's ShowIPOSPFNeighbor documentation sample prints the options column as "Op"; the
#: docstring of that same genie parser (and our output) print "Opt"
HEADER_ABBREVIATIONS = {("Op", "Opt")}


def _columns(line: str) -> list[tuple[int, str]]:
    """(start, word) of each word; numbers (``Number of Interfaces is 3``) masked."""
    return [(m.start(), re.sub(r"\d+", "#", m.group())) for m in re.finditer(r"\S+", line)]


def assert_same_header(real_line: str, our_line: str, what: str) -> None:
    real, ours = _columns(real_line), _columns(our_line)
    assert len(real) == len(ours), f"{what}: {real_line!r} vs {our_line!r}"
    for (_, r), (_, o) in zip(real, ours, strict=True):
        assert r == o or (r, o) in HEADER_ABBREVIATIONS, f"{what}: column {r!r} vs {o!r}"
    if re.search(r"\S\s{2,}\S", real_line):  # an aligned capture: the columns start where ours do
        assert [p for p, _ in real] == [p for p, _ in ours], f"{what}: column positions differ"


def _line(text: str, pattern: str) -> str:
    found = [ln for ln in text.splitlines() if re.match(pattern, ln)]
    assert found, f"no line matching {pattern!r}"
    return found[0]


TABLES = [
    # capture, command, regular expressions of the header lines (first match in each text)
    ("genie-ironware__ShowMPLSLSP__golden_output1_output.txt", "show mpls lsp wide",
     [r"Note:", r"\s+Admin\s+Oper", r"Name\s+To"]),
    ("genie-ironware__ShowIPInterface__golden_output1_output.txt", "show ip interface", [r"Interface\s+IP-Address"]),
    ("genie-ironware__ShowMPLSLDPNeighbor__documentation_output_output.txt", "show mpls ldp neighbor",
     [r"Nbr\s+Transport"]),
    ("genie-ironware__ShowIPOSPFInterfaceBrief__documentation_output_output.txt", "show ip ospf interface brief",
     [r"Number of Interfaces is", r"Interface\s+Area"]),
    ("genie-ironware__ShowIPOSPFNeighbor__documentation_output_output.txt", "show ip ospf neighbor",
     [r"Port\s+Address\s+Pri"]),
    ("ntc__brocade_netiron_show_interfaces_brief.raw", "show interfaces brief", [r"Port\s+Link"]),
]


@pytest.mark.parametrize(("name", "command", "headers"), TABLES, ids=[t[1] for t in TABLES])
def test_table_headers(seed: Lab, name: str, command: str, headers: list[str]) -> None:
    real = capture(f"netiron/{name}").read_text()
    ours = seed.show("r2", command)
    for pattern in headers:
        assert_same_header(_line(real, pattern), _line(ours, pattern), f"{command} {pattern}")


def test_interfaces_brief_sections_like_the_capture(seed: Lab) -> None:
    """Ports, then ve interfaces, then loopbacks, each section under its own header."""
    real = capture("netiron/ntc__brocade_netiron_show_interfaces_brief.raw").read_text()
    ours = seed.show("r2", "show interfaces brief")

    def sections(text: str) -> list[str]:
        heads = [ln.split()[0] for ln in text.splitlines()[1:] if ln.strip()]
        kinds = ["header" if h == "Port" else re.sub(r"[\d/]+$", "", h) or "port" for h in heads]
        kinds = ["port" if k == "mgmt" else k for k in kinds]  # listed with the ports
        return [k for i, k in enumerate(kinds) if i == 0 or kinds[i - 1] != k]

    assert sections(ours) == sections(real) == ["header", "port", "header", "ve", "header", "lb"]
    assert "mgmt1" in ours  # the management port is listed with the ports (genie's layout shows it)


# ---------------------------------------------------------------------------------------------
# show version (answered by the device itself; labs/netiron/show.py)


def _version_key(line: str) -> list[str]:
    words = line.split()
    return [re.sub(r"\d+", "#", words[0])] if words else []


def _sections(text: str) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {}
    for block in re.split(r"^={20,}\s*$", text, flags=re.M):
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if not lines:
            continue
        kind = re.sub(r"\d+", "#", " ".join(lines[0].split()[:2]))
        out.setdefault(kind, []).append([_version_key(ln) for ln in lines])
    return out


def test_show_version_section_layout(seed: Lab) -> None:
    real = _sections(capture("netiron/ansible-ironware__show_version").read_text())
    ours = _sections(seed.show("r2", "show version"))
    assert list(ours) == list(real)  # chassis, active MP, standby MP, line cards, the last line
    for kind, recs in ours.items():
        assert_layout(
            real[kind], recs,
            # chassis: one fabric module block per module
            repeat=[("Switch", "NI-X-HSF")],
            # a line card's licence id line (the emulated line card prints none)
            optional={"(LID:", "License:"},
            what=f"show version section {kind!r}",
        )


# ---------------------------------------------------------------------------------------------
# our own TextFSM parsers read back what the model computed


def test_parsed_pseudowires_match_the_model(lab: Lab) -> None:
    st = lab.net.state
    for name in lab.devices:
        parsed = parsers.to_pseudowires_vll(parsers.parse("show mpls vll detail", lab.show(name, "show mpls vll detail")))
        parsed += parsers.to_pseudowires_vpls(
            parsers.parse("show mpls vpls detail", lab.show(name, "show mpls vpls detail")))
        model = st.devices[name].pws
        assert sorted((p.kind, p.service_id, p.peer) for p in parsed) == sorted((p.kind, p.id, p.peer) for p in model)
        for rec in parsed:
            want = next(p for p in model if (p.kind, p.id, p.peer) == (rec.kind, rec.service_id, rec.peer))
            where = (name, rec.kind, rec.service_id, rec.peer)
            assert rec.name == want.name, where
            assert rec.up == want.up, where
            assert rec.status == pw_status("netiron", want.kind, want.code), where
            assert (rec.local_label, rec.remote_label) == (want.local_label, want.remote_label), where
            assert (rec.pw_type, rec.remote_pw_type) == (want.pw_type, want.remote_type), where
            assert (rec.mtu, rec.remote_mtu) == (want.mtu, want.remote_mtu), where
            if want.peer_device is not None and want.remote_label is not None:
                other = model_pw(lab.net, want.peer_device, want.kind, want.id, name)
                assert rec.remote_label == other.local_label, f"labels do not cross: {where}"
                assert rec.remote_mtu == other.mtu, where


def test_parsed_pseudowire_labels_cross_between_netiron_ends(seed: Lab) -> None:
    """r2 and r3 are both NetIron: the parsed output of each names the other's labels."""
    parsed = {
        name: parsers.to_pseudowires_vpls(parsers.parse("show mpls vpls detail", seed.show(name, "show mpls vpls detail")))
        for name in ("r2", "r3")
    }
    pairs = 0
    for a in parsed["r2"]:
        if a.peer != "10.0.0.3":
            continue
        b = next(p for p in parsed["r3"] if p.service_id == a.service_id and p.peer == "10.0.0.2")
        assert a.up and b.up
        assert (a.local_label, a.remote_label) == (b.remote_label, b.local_label)
        assert a.local_label is not None and a.local_label != a.remote_label
        pairs += 1
    assert pairs == 2  # VPLS 40 and 140


def test_parsed_vpls_ports_and_vll_endpoint_down(tmp_path: Path) -> None:
    lab = _broken("port-disabled", tmp_path)
    rows = parsers.parse("show mpls vpls detail", lab.show("r3", "show mpls vpls detail"))
    v140 = [r for r in rows if r["vpls_id"] == "140"]
    assert v140 and all(r["tagged_ports"] == ["ethe 1/5"] for r in v140)
    assert all(r["state"] == "Wait for functional local ports" for r in v140)
    text = lab.show("r3", "show mpls vpls detail")
    assert re.search(r"^VPLS vpls-140, .*\n Total vlans: 1, Tagged ports: 1 \(0 Up\)", text, re.M)
    vll = parsers.to_pseudowires_vll(parsers.parse("show mpls vll detail", lab.show("r3", "show mpls vll detail")))
    v41 = next(p for p in vll if p.service_id == 41)
    assert not v41.up and v41.reason == "endpoint is not UP"


def test_parsed_lsps_match_the_model(lab: Lab) -> None:
    for name in lab.devices:
        model = {lsp.name: lsp for lsp in lab.net.state.devices[name].lsps}
        detail = parsers.to_lsps(parsers.parse("show mpls lsp detail", lab.show(name, "show mpls lsp detail")))
        wide = parsers.to_lsps(parsers.parse("show mpls lsp wide", lab.show(name, "show mpls lsp wide")))
        assert sorted(r.name for r in detail) == sorted(r.name for r in wide) == sorted(model)
        for rec in detail:
            want = model[rec.name]
            assert (rec.destination, rec.up, rec.active_path, rec.frr) == (
                want.to, want.up, want.active if want.up else None, want.frr), (name, rec)
            assert rec.source == (want.source if want.up else "")
        for rec in wide:
            want = model[rec.name]
            assert (rec.up, rec.active_path) == (want.up, want.active if want.up else None), (name, rec)


def test_parsed_ospf_and_ldp_match_the_model(lab: Lab) -> None:
    for name in lab.devices:
        d = lab.net.state.devices[name]
        nbrs = parsers.to_ospf_neighbors(parsers.parse("show ip ospf neighbor", lab.show(name, "show ip ospf neighbor")))
        got = sorted((n.interface, n.neighbor_id, n.address, n.state) for n in nbrs)
        want = sorted((parsers.canonical_interface(n.interface.replace("ethernet ", "")), n.neighbor_id, n.address,
                       n.state) for n in d.ospf)
        assert got == want, name
        assert all(n.state.upper() == ospf_state("netiron", n.state) for n in nbrs)
        ldp = parsers.to_ldp_sessions(parsers.parse("show mpls ldp session", lab.show(name, "show mpls ldp session")))
        assert sorted((s.peer, s.up) for s in ldp) == sorted((s.peer, s.up) for s in d.ldp), name


def test_parsed_interfaces_match_the_model(lab: Lab) -> None:
    for name, dev in lab.devices.items():
        d = lab.net.state.devices[name]
        brief = parsers.parse("show interfaces brief", lab.show(name, "show interfaces brief"))
        detail = parsers.parse("show interfaces", lab.show(name, "show interfaces"))
        intfs = {i.name: i for i in parsers.to_interfaces(brief, detail)}
        for port in dev.ports:
            i = intfs[f"ethe {port}"]
            st = d.ports.get(f"ethe {port}")
            if st is None:  # never configured: disabled
                assert not i.admin_up and not i.oper_up, (name, port)
                continue
            assert (i.admin_up, i.oper_up, i.l2_mtu) == (st.admin_up, st.oper_up, st.l2_mtu), (name, port)
        for ipif in d.view.ipifs:
            key = parsers.canonical_interface(ipif.name.replace("ethernet ", ""))
            i = intfs[key]
            assert str(ipif.address) in i.addresses, (name, key)
            if ipif.name.startswith("ve "):
                assert i.ip_mtu == ipif.ip_mtu and i.oper_up == d.ip_oper_up(ipif.name), (name, key)
        assert intfs["management 1"].oper_up


# ---------------------------------------------------------------------------------------------
# ntc-templates' own brocade_netiron templates


def _ntc(command: str, text: str) -> list[dict[str, object]]:
    ntc = pytest.importorskip("ntc_templates.parse")
    return ntc.parse_output(platform="brocade_netiron", command=command, data=text)


def test_ntc_interfaces_brief_complete(lab: Lab) -> None:
    for name, dev in lab.devices.items():
        rows = _ntc("show interfaces brief", lab.show(name, "show interfaces brief"))
        by = {r["interface"]: r for r in rows}
        d = lab.net.state.devices[name]
        ves = {f"ve{i.name.split()[1]}" for i in d.view.ipifs if i.name.startswith("ve ")}
        lbs = {f"lb{i.name.split()[1]}" for i in d.view.ipifs if i.loopback}
        # the template's port pattern has no room for mgmt1; every other interface is there
        assert set(by) == set(dev.ports) | ves | lbs, name
        for port in dev.ports:
            r = by[port]
            assert all(r[k] for k in ("linkstate", "portstate", "duplex", "speed", "trunkid", "tagonly",
                                      "priority", "mac")), (name, r)
            st = d.ports.get(f"ethe {port}")
            up = st is not None and st.oper_up
            assert r["linkstate"] == ("Up" if up else ("Down" if st is not None and st.admin_up else "Disabled"))
        for ve in ves | lbs:
            assert by[ve]["linkstate"] in ("Up", "Down") and by[ve]["mac"], (name, by[ve])


NTC_KEYS_PHYSICAL = ("intstate", "protostate", "hardwaretype", "mac", "bia", "stprootguard", "conffiberspeed",
                     "actualspeed", "actualduplex", "l2portstate", "l2portmode", "stpconfstate", "priority",
                     "lacpbpduforward", "openflowopstate", "loadinterval", "inputpacketstotal",
                     "outputpacketstotal", "outputnptransmittedpackets")


def test_ntc_show_interfaces_complete(lab: Lab) -> None:
    for name, dev in lab.devices.items():
        rows = _ntc("show interfaces", lab.show(name, "show interfaces"))
        by = {r["interface"]: r for r in rows}
        d = lab.net.state.devices[name]
        routed = {i.ports[0] for i in d.view.ipifs if i.name.startswith("ethernet ")}
        for port in dev.ports:
            r = by[f"{'10GigabitEthernet' if port.startswith('1/') else 'GigabitEthernet'}{port}"]
            missing = [k for k in NTC_KEYS_PHYSICAL if not r[k]]
            assert not missing, (name, port, missing)
            # the template reads "MTU N bytes" only on lines that carry no IP address (real too)
            assert bool(r["l2mtubytes"]) == (f"ethe {port}" not in routed), (name, port)
            st = d.ports.get(f"ethe {port}")
            assert r["intstate"] == ("up" if st is not None and st.oper_up else
                                     "down" if st is not None and st.admin_up else "disabled"), (name, port)
            assert r["l2portstate"] == ("Forwarding" if st is not None and st.oper_up else "Disabled")
        for i in d.view.ipifs:
            if i.name.startswith("ve "):
                r = by[f"Ve{i.name.split()[1]}"]
            elif i.loopback:
                r = by[f"Loopback{i.name.split()[1]}"]
            else:
                continue
            assert r["intstate"] and r["ipaddress"] == str(i.address) and r["l3mtubytes"], (name, r)
        assert by["Ethernetmgmt1"]["intstate"] == "up"
        ve_vlans = [r["untaggedvlan"] for k, r in by.items() if k.startswith("Ve")]
        assert all(ve_vlans), (name, ve_vlans)  # every ve names its VLAN


def test_ntc_interface_port_modes(seed: Lab) -> None:
    """r2 1/1 carries the tagged r1 link VLAN; 1/5 is untagged in VPLS 40 and tagged for 140/43."""
    rows = {r["interface"]: r for r in _ntc("show interfaces", seed.show("r2", "show interfaces"))}
    assert rows["10GigabitEthernet1/1"]["l2portmode"] == "tagged"
    assert rows["10GigabitEthernet1/2"]["l2portmode"] == "untagged"
    dual = rows["10GigabitEthernet1/5"]
    assert (dual["l2portmode"], dual["untaggedvlan"], dual["numtaggedvlans"]) == ("dual", "40", "2")
    assert rows["Ve100"]["untaggedvlan"] == "1000"


def test_show_interfaces_single_and_unknown(seed: Lab) -> None:
    one = seed.show("r2", "sh int e 1/5")
    assert one.startswith("10GigabitEthernet1/5 is up") and one.count(" is up, line protocol") == 1
    assert seed.show("r2", "show interfaces ve 100").startswith("Ve100 is up")
    assert seed.show("r2", "show interfaces loopback 1").startswith("Loopback1 is up")
    with pytest.raises(Exception, match="invalid interface"):
        seed.show("r2", "show interfaces ethernet 1/40")


def test_vpls_port_ranges_and_counts_follow_the_configuration() -> None:
    """Several ports in one VPLS VLAN: listed as ``ethe 1/5 to 1/7`` and counted per kind."""
    def patch(name: str, text: str) -> str:
        if name != "r2":
            return text
        old = "  vlan 140\n   tagged ethe 1/5\n"
        assert old in text
        return text.replace(old, "  vlan 140\n   tagged ethe 1/5 to 1/7\n   untagged ethe 1/8\n")

    lab = build(patch=patch)
    text = lab.show("r2", "show mpls vpls detail")
    block = text[text.index("VPLS vpls-140"):]
    assert " Total vlans: 1, Tagged ports: 3 (1 Up), Untagged ports 1 (0 Up)\n" in block
    assert "   Tagged: ethe 1/5 to 1/7\n   Untagged: ethe 1/8\n" in block
    real = records(_captures("ansible-ironware__show_mpls_vpls_detail"), "VPLS")
    assert_layout(real, records(text, "VPLS"), optional={"Tagged", "Untagged"},
                  repeat=[("Remote VC-Type", "Peer address")], what="vpls with port ranges")
    rows = [r for r in parsers.parse("show mpls vpls detail", text) if r["vpls_id"] == "140"]
    assert rows and all((r["tagged_ports"], r["untagged_ports"]) == (["ethe 1/5 to 1/7"], ["ethe 1/8"])
                        for r in rows)
    ntc = {r["interface"]: r for r in _ntc("show interfaces", lab.show("r2", "show interfaces"))}
    assert (ntc["10GigabitEthernet1/6"]["intstate"], ntc["10GigabitEthernet1/6"]["l2portmode"]) == (
        "disabled", "tagged")
    assert ntc["10GigabitEthernet1/8"]["untaggedvlan"] == "140"
