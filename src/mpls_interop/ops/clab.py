"""containerlab: export an inventory as a topology, read a deployed lab's Ansible inventory back.

Export (``interop lab export --containerlab``) makes one node per device and one veth link per
intent link, plus the startup configuration every node boots with:

* Junos devices become the chosen kind: ``juniper_vjunosrouter`` / ``juniper_vmx`` (vrnetlab VMs)
  or ``juniper_crpd`` (a container); NetIron devices become ``linux`` nodes running the project's
  NetIron emulator image (``labs/Dockerfile``).
* Ports: each device's physical ports (link ports and service ports) in natural order get the
  container interfaces ``eth1``, ``eth2``… (``eth0`` is containerlab's management interface on
  every node). vrnetlab hands ``ethN`` to the VM as ``ge-0/0/(N-1)``; cRPD routes on the Linux
  ``ethN`` itself; the NetIron emulator keeps its ``ethe S/P`` names. The mapping is written into
  the topology (node labels ``interop.ethN`` and a header comment).
* Startup configs are the rendered configs with the ports renamed: curly text for vJunos-router
  (appended to vrnetlab's own), ``set`` lines for vMX (vrnetlab types them in configuration mode),
  and for cRPD a reduced ``juniper.conf`` (no ``chassis``, no ``interfaces``: Linux owns
  addressing, done by the node's ``exec`` commands; no VPLS, no ``lt-`` VRF hand-offs). What a
  kind cannot do is reported as lint-style findings (``CLAB0xx``).

Import (``--clab-inventory``): the ``clab-<lab>-<node>`` hosts of ``ansible-inventory.yml`` are
mapped back to the inventory's devices to replace their management addresses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

from mpls_interop.core.intent import Intent, Link, LinkEnd
from mpls_interop.core.lint import Finding
from mpls_interop.core.planner import plan_intent
from mpls_interop.core.render import render_all
from mpls_interop.sdk.errors import InputError
from mpls_interop.sdk.plan import DevicePlan
from mpls_interop.sdk.spec import ETH_HEADER, get_vendor


class JunosKind(str, Enum):
    vjunosrouter = "juniper_vjunosrouter"
    vmx = "juniper_vmx"
    crpd = "juniper_crpd"


#: short names used for lab names and file names
KIND_SHORT = {JunosKind.vjunosrouter: "vjunosrouter", JunosKind.vmx: "vmx", JunosKind.crpd: "crpd"}
#: images as vrnetlab (``make``) and Juniper's cRPD tarball name them; override with --junos-image
DEFAULT_JUNOS_IMAGES = {
    JunosKind.vjunosrouter: "vrnetlab/juniper_vjunos-router:23.2R1.15",
    JunosKind.vmx: "vrnetlab/juniper_vmx:22.1R1.10",
    JunosKind.crpd: "crpd:24.2R1.14",
}
NETIRON_IMAGE = "mpls-interop/netiron-emulator:latest"
#: where the emulator container reads its startup config (labs/netiron_node.py)
NETIRON_STARTUP_PATH = "/config/startup-config.cfg"
#: containerlab's own default management network, stated explicitly
MGMT = {"network": "clab", "ipv4-subnet": "172.20.20.0/24"}
#: vrnetlab kinds: the VM sees container ethN as ge-0/0/(N-1)
VRNETLAB_KINDS = (JunosKind.vjunosrouter, JunosKind.vmx)
#: kind names an ansible-inventory.yml may group Junos nodes under (short and legacy names too)
_KIND_ALIASES = {
    "juniper_vjunosrouter": JunosKind.vjunosrouter,
    "vjunosrouter": JunosKind.vjunosrouter,
    "juniper_vmx": JunosKind.vmx,
    "vr-vmx": JunosKind.vmx,
    "vr-juniper_vmx": JunosKind.vmx,
    "juniper_crpd": JunosKind.crpd,
    "crpd": JunosKind.crpd,
}
_CLAB_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9-._]*$")
_JUNOS_PHYSICAL = re.compile(r"^(ge|xe|et|fe)-\d")


# ---- port mapping --------------------------------------------------------------------------


@dataclass(frozen=True)
class PortMap:
    """One intent port of a device and what it becomes in the lab."""

    port: str  #: intent (canonical) name, e.g. ge-1/0/0 or ethe 1/1
    linux: str  #: container interface containerlab wires: eth1, eth2, …
    inside: str  #: the name the node's OS uses: ge-0/0/0 (vrnetlab), eth1 (cRPD), ethe 1/1 (NetIron)


def _natural(name: str) -> tuple[str, tuple[int, ...]]:
    letters = re.match(r"[A-Za-z]*", name)
    return (letters.group(0) if letters else "", tuple(int(n) for n in re.findall(r"\d+", name)))


def _exportable(vendor: str, port: str) -> bool:
    return vendor != "junos" or bool(_JUNOS_PHYSICAL.match(port))


def port_maps(intent: Intent, kind: JunosKind) -> dict[str, list[PortMap]]:
    """Every device's exportable physical ports → ``ethN``, in a stable (natural) order."""
    plan = plan_intent(intent)
    out: dict[str, list[PortMap]] = {}
    for name in sorted(intent.devices):
        dev = intent.devices[name]
        ports = sorted((p for p in plan.devices[name].ports if _exportable(dev.vendor, p)), key=_natural)
        maps = []
        for i, port in enumerate(ports):
            linux = f"eth{i + 1}"
            if dev.vendor != "junos":
                inside = port
            elif kind in VRNETLAB_KINDS:
                inside = f"ge-0/0/{i}"
            else:
                inside = linux
            maps.append(PortMap(port, linux, inside))
        out[name] = maps
    return out


def _canonical(intent: Intent, device: str, port: str) -> str:
    return get_vendor(intent.devices[device].vendor).normalize_interface(port)


def link_mtu(intent: Intent, link: Link) -> int:
    """veth MTU for a link: the larger of the two ends' largest untagged IP packet.

    containerlab's link MTU is the Linux veth MTU (Ethernet header and VLAN tag not counted), so
    this lets every frame either router may send cross unclipped: the routers' own MTUs decide.
    """

    def largest(end: LinkEnd) -> int:
        dev = intent.devices[end.device]
        return get_vendor(dev.vendor).max_ip_mtu(dev.native_mtu, 0)

    return max(largest(link.a), largest(link.b))


# ---- Junos config rewriting ------------------------------------------------------------------

_WORD = re.compile(r'"(?:[^"\\]|\\.)*"|[^\s{};"]+')
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|/\*.*?\*/|#[^\n]*|[{};]|[^\s{};"]+', re.S)


def _rename_words(text: str, rename: dict[str, str], bare_unit0: bool = False) -> str:
    """Rename interface words (``PORT`` or ``PORT.UNIT``) outside quoted strings."""

    def one(m: re.Match[str]) -> str:
        word = m.group(0)
        if word.startswith('"'):
            return word
        if word in rename:
            return rename[word]
        base, dot, unit = word.rpartition(".")
        if dot and unit.isdigit() and base in rename:
            return rename[base] if bare_unit0 and unit == "0" else f"{rename[base]}.{unit}"
        return word

    return _WORD.sub(one, text)


@dataclass
class _Stmt:
    words: list[str]
    body: list[_Stmt] | None = None  # None: a leaf ending in ';'


def _parse(text: str) -> list[_Stmt]:
    """Curly-brace Junos text (as the renderer writes it) → statement tree; comments dropped."""
    root: list[_Stmt] = []
    stack = [root]
    words: list[str] = []
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if tok.startswith(("/*", "#")):
            continue
        if tok == "{":
            body: list[_Stmt] = []
            stack[-1].append(_Stmt(words, body))
            stack.append(body)
            words = []
        elif tok == ";":
            stack[-1].append(_Stmt(words))
            words = []
        elif tok == "}":
            if len(stack) == 1 or words:
                raise ValueError("unbalanced Junos configuration text")
            stack.pop()
        else:
            words.append(tok)
    if len(stack) != 1 or words:
        raise ValueError("unbalanced Junos configuration text")
    return root


def _emit(stmts: list[_Stmt], depth: int = 0) -> str:
    out = []
    pad = "    " * depth
    for st in stmts:
        head = " ".join(st.words)
        if st.body is None:
            out.append(f"{pad}{head};\n")
        else:
            out.append(f"{pad}{head} {{\n{_emit(st.body, depth + 1)}{pad}}}\n")
    return "".join(out)


def _mentions_lt(st: _Stmt) -> bool:
    return len(st.words) >= 2 and st.words[0] == "interface" and st.words[1].startswith("lt-")


def _without_lt(stmts: list[_Stmt]) -> tuple[list[_Stmt], bool]:
    """Drop every ``interface lt-…`` statement, and the l2circuit blocks it leaves empty."""
    kept: list[_Stmt] = []
    changed = False
    for st in stmts:
        if _mentions_lt(st):
            changed = True
            continue
        if st.body is not None:
            st.body, lost = _without_lt(st.body)
            holds = any(s.body is not None or s.words[0] == "interface" for s in st.body)
            if lost and not holds and st.words[0] in ("neighbor", "l2circuit"):
                changed = True
                continue
            changed = changed or lost
        kept.append(st)
    return kept, changed


def _crpd_config(text: str) -> str:
    """The rendered Junos text reduced to what cRPD takes (see the module docstring)."""
    kept: list[_Stmt] = []
    for st in _parse(text):
        head = st.words[0]
        if head in ("chassis", "interfaces"):
            continue
        if head == "routing-instances" and st.body is not None:
            st.body = [ri for ri in st.body if not _vpls_or_lt(ri)]
            if not st.body:
                continue
        if head == "protocols" and st.body is not None:
            st.body = _without_lt(st.body)[0]
        kept.append(st)
    return _emit(kept)


def _vpls_or_lt(instance: _Stmt) -> bool:
    for st in instance.body or []:
        if st.words[:2] == ["instance-type", "vpls"] or _mentions_lt(st):
            return True
    return False


# ---- cRPD: Linux addressing ------------------------------------------------------------------


def _crpd_exec(dp: DevicePlan, ports: list[PortMap]) -> list[str]:
    """``ip``/``sysctl`` commands that give cRPD's Linux interfaces what ``interfaces`` would."""
    linux = {m.port: m.linux for m in ports}
    untagged_l3 = {l3.port: l3 for l3 in dp.l3 if l3.vlan is None and l3.port in linux}
    cmds: list[str] = []
    for m in ports:
        l3 = untagged_l3.get(m.port)
        # an untagged IP port's Linux MTU is its IP MTU; otherwise the Junos media MTU less the header
        mtu = l3.ip_mtu if l3 is not None else dp.ports[m.port].native_mtu - ETH_HEADER
        cmds += [f"ip link set dev {m.linux} mtu {mtu}", f"ip link set dev {m.linux} up"]
    mpls_devs: list[str] = []
    made: set[str] = set()

    def subif(port: str, unit: int, vlan: int, mtu: int | None) -> str:
        name = f"{linux[port]}.{unit}"
        if name not in made:
            made.add(name)
            cmds.append(f"ip link add link {linux[port]} name {name} type vlan id {vlan}")
            if mtu is not None:
                cmds.append(f"ip link set dev {name} mtu {mtu}")
            cmds.append(f"ip link set dev {name} up")
        return name

    for l3 in dp.l3:
        if l3.port not in linux:
            continue
        if l3.vlan is None:
            dev = linux[l3.port]
        else:
            dev = subif(l3.port, l3.unit if l3.unit is not None else l3.vlan, l3.vlan, l3.ip_mtu)
        cmds.append(f"ip address add {l3.address} dev {dev}")
        if l3.mpls:
            mpls_devs.append(dev)
    for svc in dp.vlls:
        for a in svc.attachments:
            if a.kind == "port" and a.port in linux and a.vlan is not None and a.tagging == "tagged":
                subif(a.port, a.unit if a.unit is not None else a.vlan, a.vlan, None)
    cmds.append(f"ip address add {dp.loopback}/32 dev lo")
    if mpls_devs:
        cmds.append("sysctl -w net.mpls.platform_labels=1048575")
        # sysctl spells the dot of a VLAN interface name as '/'
        cmds += [f"sysctl -w net.mpls.conf.{d.replace('.', '/')}.input=1" for d in mpls_devs]
    return cmds


# ---- findings ---------------------------------------------------------------------------------


def _names(items: list[str]) -> str:
    return ", ".join(items)


def _crpd_findings(dp: DevicePlan, lab: str) -> list[Finding]:
    dev = (dp.name,)
    out: list[Finding] = []
    if dp.vpls:
        out.append(Finding(
            "CLAB001", "warning", dev,
            f"VPLS {_names([s.name for s in dp.vpls])}: cRPD has no VPLS; left out of {dp.name}'s "
            "startup config (the other ends keep them, and they stay down)",
        ))
    if dp.lsps:
        out.append(Finding(
            "CLAB002", "warning", dev,
            f"RSVP-TE LSPs {_names([lsp.name for lsp in dp.lsps])}: cRPD has no RSVP data plane; "
            "the LSPs may signal but carry no traffic (the Linux kernel forwards MPLS: load "
            "mpls_router and mpls_iptunnel on the host)",
        ))
    port_vlls = [s.name for s in dp.vlls if any(a.kind == "port" for a in s.attachments)]
    if port_vlls:
        out.append(Finding(
            "CLAB003", "warning", dev,
            f"VLL {_names(port_vlls)}: cRPD runs the l2circuit control plane only; the pseudowires "
            "may signal but forward no frames",
        ))
    vrf_vlls = [s.name for s in dp.vlls if all(a.kind == "vrf" for a in s.attachments)]
    if dp.vrfs:
        also = f" (and VLL {_names(vrf_vlls)}, which ends in one)" if vrf_vlls else ""
        out.append(Finding(
            "CLAB004", "warning", dev,
            f"VRF hand-offs {_names([v.name for v in dp.vrfs])} need lt- interfaces (tunnel "
            f"services), which cRPD lacks; they{also} are left out of {dp.name}'s startup config",
        ))
    out.append(Finding(
        "CLAB005", "warning", dev,
        "cRPD's startup-config replaces containerlab's default juniper.conf, which holds the root "
        "password; the exported file holds no secret: set one after deploy (docker exec -it "
        f"clab-{lab}-{dp.name} cli, then: configure; set system root-authentication "
        "plain-text-password; commit)",
    ))
    return out


# ---- export -----------------------------------------------------------------------------------


class _Quoted(str):
    """A string YAML writes double-quoted (link endpoints: 'node:ethN')."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Quoted, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", str(s), style='"'))


@dataclass
class ClabExport:
    name: str
    kind: JunosKind
    topology: dict[str, Any]
    #: startup configs, by path relative to the topology file
    files: dict[str, str]
    ports: dict[str, list[PortMap]]
    findings: list[Finding] = field(default_factory=list)
    header: str = ""

    @property
    def text(self) -> str:
        """The topology file: header comment + YAML."""
        body = yaml.dump(self.topology, Dumper=_Dumper, sort_keys=False, default_flow_style=False, width=1000)
        return self.header + body

    def files_at(self, topology_file: Path) -> dict[Path, str]:
        """Every file to write when the topology goes to ``topology_file``."""
        out = {topology_file: self.text}
        for rel, text in self.files.items():
            out[topology_file.parent / rel] = text
        return out


def default_lab_name(inventory: Path, kind: JunosKind) -> str:
    base = re.sub(r"[^a-zA-Z0-9-._]", "-", inventory.resolve().name) or "lab"
    return f"{base}-{KIND_SHORT[kind]}"


def export_containerlab(
    intent: Intent,
    kind: JunosKind = JunosKind.vjunosrouter,
    name: str = "lab",
    junos_image: str | None = None,
    netiron_image: str = NETIRON_IMAGE,
    source: str = "",
) -> ClabExport:
    """The containerlab topology and startup configs of ``intent`` (see the module docstring)."""
    kind = JunosKind(kind)
    if not _CLAB_NAME.match(name):
        raise InputError("--name", f"{name!r} is not a containerlab lab name (letters, digits, '-', '_', '.')")
    for dev in intent.devices.values():
        if not _CLAB_NAME.match(dev.name):
            raise InputError(dev.name, "containerlab node names take letters, digits, '-', '_', '.' only")
        if dev.vendor not in ("junos", "netiron"):
            raise InputError(dev.name, f"no containerlab node kind for vendor {dev.vendor!r}")
    plan = plan_intent(intent)
    ports = port_maps(intent, kind)
    fmt = "set" if kind is JunosKind.vmx else "text"
    configs = render_all(intent, fmt)
    nodes: dict[str, dict[str, Any]] = {}
    files: dict[str, str] = {}
    findings: list[Finding] = []
    emulated: list[str] = []
    for dev_name in sorted(intent.devices):
        dev = intent.devices[dev_name]
        dp = plan.devices[dev_name]
        maps = ports[dev_name]
        rel = f"{name}/{dev_name}.cfg"
        labels: dict[str, str] = {"interop.vendor": dev.vendor}
        if dev.model:
            labels["interop.model"] = dev.model
        labels.update({f"interop.{m.linux}": m.port for m in maps})
        if dev.vendor == "junos":
            rename = {m.port: m.inside for m in maps}
            if kind is JunosKind.crpd:
                rename["lo0.0"] = "lo.0"  # cRPD's loopback
                files[rel] = _rename_words(_crpd_config(configs[dev_name]), rename, bare_unit0=True)
                findings += _crpd_findings(dp, name)
            else:
                files[rel] = _rename_words(configs[dev_name], rename)
            node: dict[str, Any] = {
                "kind": kind.value,
                "image": junos_image or DEFAULT_JUNOS_IMAGES[kind],
                "startup-config": rel,
            }
            if kind is JunosKind.crpd:
                node["exec"] = _crpd_exec(dp, maps)
        else:
            files[rel] = configs[dev_name]
            emulated.append(dev_name)
            env = {"NETIRON_HOSTNAME": dev_name, "NETIRON_STARTUP_CONFIG": NETIRON_STARTUP_PATH}
            if dev.model:
                env["NETIRON_MODEL"] = dev.model
            node = {
                "kind": "linux",
                "image": netiron_image,
                "env": env,
                "binds": [f"{rel}:{NETIRON_STARTUP_PATH}:ro"],
            }
        node["labels"] = labels
        nodes[dev_name] = node
        skipped = [p for p in dp.ports if not _exportable(dev.vendor, p)]
        if skipped:
            findings.append(Finding(
                "CLAB007", "warning", (dev_name,),
                f"{_names(skipped)} on {dev_name}: aggregated ports have no containerlab "
                "equivalent; left unwired (their config still names them)",
            ))

    linked: dict[str, set[str]] = {d: set() for d in intent.devices}
    links = []
    for link in intent.links:
        ends = []
        for end in (link.a, link.b):
            port = _canonical(intent, end.device, end.interface)
            linked[end.device].add(port)
            m = next((m for m in ports[end.device] if m.port == port), None)
            if m is None:
                break
            ends.append(_Quoted(f"{end.device}:{m.linux}"))
        if len(ends) == 2:
            links.append({"endpoints": ends, "mtu": link_mtu(intent, link)})
    for dev_name in sorted(intent.devices):
        spare = [m for m in ports[dev_name] if m.port not in linked[dev_name]]
        if spare and intent.devices[dev_name].vendor == "junos":  # the emulator has no data plane
            findings.append(Finding(
                "CLAB008", "info", (dev_name,),
                f"{_names([f'{m.port} ({m.linux})' for m in spare])} on {dev_name}: service ports "
                "with no intent link stay unwired; attach a host to test the services there",
            ))
    if emulated:
        findings.append(Finding(
            "CLAB006", "warning", tuple(emulated),
            f"{_names(emulated)} run the NetIron emulator: it answers the SSH CLI (config, show) "
            "but runs no OSPF, RSVP, LDP or pseudowires on the wire, so adjacencies, LSPs and "
            "pseudowires toward the real Junos node stay down",
        ))

    topology: dict[str, Any] = {"name": name, "mgmt": dict(MGMT), "topology": {"nodes": nodes}}
    if links:
        topology["topology"]["links"] = links
    export = ClabExport(name, kind, topology, files, ports, findings)
    export.header = _header(export, source)
    return export


def _header(export: ClabExport, source: str) -> str:
    rows = [("node", "intent port", "container", "inside the node")]
    for dev, maps in export.ports.items():
        rows += [(dev, m.port, m.linux, m.inside) for m in maps]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [
        f"containerlab topology{f' of inventory {source!r}' if source else ''}, Junos as {export.kind.value}.",
        f"Generated by: interop lab export --containerlab --junos-kind {export.kind.value}",
        f"Regenerate rather than edit; the startup configs are in {export.name}/.",
        "",
        "Ports (eth0 is the management interface of every node):",
        *("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows),
    ]
    if export.findings:
        lines += ["", "Findings:"]
        lines += [f"  {f.severity} {f.rule} {', '.join(f.devices)}: {f.message}" for f in export.findings]
    return "".join(f"# {line}".rstrip() + "\n" for line in lines)


# ---- containerlab's ansible-inventory.yml -----------------------------------------------------


@dataclass(frozen=True)
class ClabHost:
    """One host of a containerlab ``ansible-inventory.yml``."""

    name: str  #: clab-<lab>-<node> (or <prefix>-<lab>-<node>, or <node>)
    host: str  #: ansible_host, or the name itself (containerlab puts it in /etc/hosts)
    kind: str  #: the kind group it is listed under (e.g. juniper_vjunosrouter, linux)
    username: str | None = None


def read_clab_inventory(path: Path) -> list[ClabHost]:
    """Hosts of a containerlab-generated Ansible inventory; InputError naming the file."""
    from mpls_interop.core.inventory import read_yaml

    data = read_yaml(path)
    where = str(path)
    if not isinstance(data, dict) or not isinstance(data.get("all"), dict):
        raise InputError(where, "not a containerlab ansible-inventory.yml (no 'all' group)")
    found: dict[str, ClabHost] = {}

    def walk(group: str, body: Any, inherited: dict[str, Any]) -> None:
        if body is None:
            return
        if not isinstance(body, dict):
            raise InputError(where, f"group {group!r} is not a mapping")
        gvars = body.get("vars") or {}
        if not isinstance(gvars, dict):
            raise InputError(where, f"{group}.vars is not a mapping")
        merged = {**inherited, **gvars}
        hosts = body.get("hosts") or {}
        if not isinstance(hosts, dict):
            raise InputError(where, f"{group}.hosts is not a mapping")
        for hname, hvars in hosts.items():
            hvars = hvars or {}
            if not isinstance(hvars, dict):
                raise InputError(where, f"{group}.hosts.{hname} is not a mapping")
            values = {**merged, **hvars}
            host = values.get("ansible_host") or str(hname)
            user = values.get("ansible_user")
            prev = found.get(str(hname))
            # a host is listed under its kind and again under any ansible-group label: keep the kind
            if prev is None or (prev.kind not in _KIND_ALIASES and prev.kind != "linux"):
                found[str(hname)] = ClabHost(str(hname), str(host), group, str(user) if user else None)
        children = body.get("children") or {}
        if not isinstance(children, dict):
            raise InputError(where, f"{group}.children is not a mapping")
        for child, cbody in children.items():
            walk(str(child), cbody, merged)

    walk("all", data["all"], {})
    if not found:
        raise InputError(where, "no hosts in this containerlab inventory")
    return list(found.values())


def clab_hosts(intent: Intent, path: Path) -> dict[str, ClabHost]:
    """The inventory's devices → their containerlab hosts (``clab-<lab>-<node>`` ends in ``-<node>``)."""
    by_device: dict[str, ClabHost] = {}
    for h in read_clab_inventory(path):
        matches = [d for d in intent.devices if h.name == d or h.name.endswith(f"-{d}")]
        if not matches:
            continue  # hosts that are not routers of this inventory (test hosts, …)
        device = max(matches, key=len)
        if device in by_device:
            raise InputError(str(path), f"both {by_device[device].name} and {h.name} match device {device}")
        by_device[device] = h
    missing = sorted(set(intent.devices) - set(by_device))
    if missing:
        raise InputError(str(path), f"no containerlab host for {', '.join(missing)} (expected clab-<lab>-<device>)")
    return by_device


def apply_clab_inventory(intent: Intent, path: Path) -> Intent:
    """``intent`` aimed at a deployed containerlab lab.

    Each device's ``host`` becomes its management address from ``ansible-inventory.yml`` (and
    ``username`` the lab's, where containerlab states one). Junos devices running as vJunos-router
    or vMX also get their ports renamed to the ``ge-0/0/N`` the export gave them, so deploy and
    verify talk about the ports those VMs have. cRPD nodes are refused: their Linux ports cannot
    be named in a Junos intent; they boot with the exported startup config instead.
    """
    hosts = clab_hosts(intent, path)
    rename: dict[str, dict[str, str]] = {}
    for dev_name, h in hosts.items():
        kind = _KIND_ALIASES.get(h.kind)
        if intent.devices[dev_name].vendor != "junos" or kind is None:
            continue
        if kind is JunosKind.crpd:
            raise InputError(
                str(path),
                f"{dev_name} runs as {h.kind}: deploy/verify need juniper_vjunosrouter or juniper_vmx "
                "(cRPD takes the exported startup config and exec commands instead)",
            )
        rename[dev_name] = {m.port: m.inside for m in port_maps(intent, kind)[dev_name]}
    devices = {}
    for dev_name, dev in intent.devices.items():
        update: dict[str, Any] = {"host": hosts[dev_name].host}
        if hosts[dev_name].username:
            update["username"] = hosts[dev_name].username
        devices[dev_name] = dev.model_copy(update=update)
    return intent.model_copy(update={"devices": devices, **_renamed(intent, rename)})


def _renamed(intent: Intent, rename: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Links and services with ports renamed per device (canonical names as keys)."""
    if not rename:
        return {}

    def port(device: str, name: str) -> str:
        table = rename.get(device)
        return table.get(_canonical(intent, device, name), name) if table else name

    links = [
        link.model_copy(update={
            side: end.model_copy(update={"interface": port(end.device, end.interface)})
            for side, end in (("a", link.a), ("b", link.b))
        })
        for link in intent.links
    ]

    def endpoints(svc: Any) -> Any:
        eps = [ep.model_copy(update={"port": port(ep.device, ep.port)}) if ep.port else ep for ep in svc.endpoints]
        return svc.model_copy(update={"endpoints": eps})

    services = intent.services.model_copy(update={
        "vpls": [endpoints(s) for s in intent.services.vpls],
        "vll": [endpoints(s) for s in intent.services.vll],
    })
    return {"links": links, "services": services}
