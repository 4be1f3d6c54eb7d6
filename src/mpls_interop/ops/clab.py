"""containerlab: export an inventory as a topology, read a deployed lab's Ansible inventory back.

Export (``interop lab export --containerlab``) makes one node per device and one veth link per
intent link, plus the startup configuration every node boots with. Each vendor's plugin says which
containerlab kinds it can run as and builds its own nodes (``VendorSpec.clab()``); this module owns
what is common:

* Ports: each device's exportable physical ports (link ports and service ports) in natural order
  get the container interfaces ``eth1``, ``eth2``… (``eth0`` is containerlab's management
  interface on every node); the vendor names them inside the node. The mapping is written into
  the topology (node labels ``interop.ethN`` and a header comment).
* Links: one per intent link, with the veth MTU letting the larger end's frames through.
* Findings (``CLAB0xx``) from the vendors, plus ``CLAB008`` for unwired service ports.

Import (``--clab-inventory``): the ``clab-<lab>-<node>`` hosts of ``ansible-inventory.yml`` are
mapped back to the inventory's devices to replace their management addresses (and port names,
where the kind renames ports).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mpls_interop.core.intent import Intent, Link, LinkEnd
from mpls_interop.core.planner import plan_intent
from mpls_interop.core.render import render_all
from mpls_interop.sdk.clab import ClabKind, ClabSupport, PortMap
from mpls_interop.sdk.errors import InputError
from mpls_interop.sdk.findings import Finding
from mpls_interop.sdk.spec import available_vendors, get_vendor

#: containerlab's own default management network, stated explicitly
MGMT = {"network": "clab", "ipv4-subnet": "172.20.20.0/24"}
_CLAB_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9-._]*$")

#: vendor → the containerlab kind chosen for it
Kinds = dict[str, ClabKind]


def _support(vendor: str) -> ClabSupport | None:
    return get_vendor(vendor).clab()


def resolve_kinds(choices: Mapping[str, str] | str | None = None) -> Kinds:
    """Each vendor's kind: its default, or the one chosen (``{vendor: kind}``, or a bare kind name
    that belongs to exactly one vendor); InputError naming ``--kind`` otherwise."""
    out: Kinds = {}
    for vendor in available_vendors():
        support = _support(vendor)
        if support is not None:
            out[vendor] = support.kinds[0]
    if choices is None:
        return out
    pairs: list[tuple[str | None, str]]
    if isinstance(choices, str):
        pairs = [(None, str(choices.value if hasattr(choices, "value") else choices))]
    else:
        pairs = [(v, str(k.value if hasattr(k, "value") else k)) for v, k in choices.items()]
    for vendor, name in pairs:
        if vendor is None:
            owners = [v for v in out if _support(v).kind(name) is not None]  # type: ignore[union-attr]
            if len(owners) != 1:
                raise InputError("--kind", f"{name!r} is not a containerlab kind of any vendor ({_known()})")
            vendor = owners[0]
        support = _support(vendor) if vendor in available_vendors() else None
        kind = support.kind(name) if support else None
        if kind is None:
            raise InputError("--kind", f"{vendor}={name} is not a known containerlab kind ({_known()})")
        out[vendor] = kind
    return out


def _known() -> str:
    return ", ".join(
        f"{v}={k.name}" for v in available_vendors() if (s := _support(v)) for k in s.kinds
    )


# ---- port mapping --------------------------------------------------------------------------


def _natural(name: str) -> tuple[str, tuple[int, ...]]:
    letters = re.match(r"[A-Za-z]*", name)
    return (letters.group(0) if letters else "", tuple(int(n) for n in re.findall(r"\d+", name)))


def _exportable(vendor: str, port: str) -> bool:
    support = _support(vendor)
    return support is not None and support.exportable(port)


def port_maps(intent: Intent, kinds: Mapping[str, str] | str | None = None) -> dict[str, list[PortMap]]:
    """Every device's exportable physical ports → ``ethN``, in a stable (natural) order."""
    chosen = resolve_kinds(kinds)
    plan = plan_intent(intent)
    out: dict[str, list[PortMap]] = {}
    for name in sorted(intent.devices):
        dev = intent.devices[name]
        support = _support(dev.vendor)
        ports = sorted((p for p in plan.devices[name].ports if _exportable(dev.vendor, p)), key=_natural)
        maps = []
        for i, port in enumerate(ports):
            linux = f"eth{i + 1}"
            inside = support.inside_name(chosen[dev.vendor], i, port, linux) if support else port
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


def _names(items: list[str]) -> str:
    return ", ".join(items)


# ---- export -----------------------------------------------------------------------------------


class _Quoted(str):
    """A string YAML writes double-quoted (link endpoints: 'node:ethN')."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Quoted, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", str(s), style='"'))


@dataclass
class ClabExport:
    name: str
    kinds: Kinds
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


def _chosen(kinds: Kinds, intent: Intent) -> list[tuple[str, ClabKind]]:
    """The vendors in use that had a choice of kinds, with the kind chosen (lab names, header)."""
    used = sorted({d.vendor for d in intent.devices.values()})
    return [(v, kinds[v]) for v in used if v in kinds and len(_support(v).kinds) > 1]  # type: ignore[union-attr]


def default_lab_name(inventory: Path, kinds: Mapping[str, str] | str | None = None, intent: Intent | None = None) -> str:
    base = re.sub(r"[^a-zA-Z0-9-._]", "-", inventory.resolve().name) or "lab"
    chosen = resolve_kinds(kinds)
    shorts = [k.short for _, k in _chosen(chosen, intent)] if intent else [
        k.short for v, k in sorted(chosen.items()) if len(_support(v).kinds) > 1  # type: ignore[union-attr]
    ]
    return "-".join([base, *shorts])


def export_containerlab(
    intent: Intent,
    kinds: Mapping[str, str] | str | None = None,
    name: str = "lab",
    images: Mapping[str, str] | None = None,
    source: str = "",
) -> ClabExport:
    """The containerlab topology and startup configs of ``intent`` (see the module docstring).

    ``kinds`` chooses a kind per vendor (default: each vendor's first); ``images`` overrides the
    kind's default image per vendor.
    """
    chosen = resolve_kinds(kinds)
    images = dict(images or {})
    if not _CLAB_NAME.match(name):
        raise InputError("--name", f"{name!r} is not a containerlab lab name (letters, digits, '-', '_', '.')")
    for dev in intent.devices.values():
        if not _CLAB_NAME.match(dev.name):
            raise InputError(dev.name, "containerlab node names take letters, digits, '-', '_', '.' only")
        if dev.vendor not in chosen:
            raise InputError(dev.name, f"no containerlab node kind for vendor {dev.vendor!r}")
    for vendor in images:
        if vendor not in chosen:
            raise InputError("--image", f"unknown vendor {vendor!r} ({', '.join(chosen)})")
    plan = plan_intent(intent)
    ports = port_maps(intent, {v: k.name for v, k in chosen.items()})
    by_format: dict[str, dict[str, str]] = {}
    nodes: dict[str, dict[str, Any]] = {}
    files: dict[str, str] = {}
    findings: list[Finding] = []
    per_vendor: dict[str, list[str]] = {}
    for dev_name in sorted(intent.devices):
        dev = intent.devices[dev_name]
        kind = chosen[dev.vendor]
        support = _support(dev.vendor)
        assert support is not None
        if kind.render_format not in by_format:
            by_format[kind.render_format] = render_all(intent, kind.render_format)
        rel = f"{name}/{dev_name}.cfg"
        maps = ports[dev_name]
        built = support.node(
            kind, plan.devices[dev_name], by_format[kind.render_format][dev_name], maps, name,
            images.get(dev.vendor, kind.image), rel,
        )
        labels: dict[str, str] = {"interop.vendor": dev.vendor}
        if dev.model:
            labels["interop.model"] = dev.model
        labels.update({f"interop.{m.linux}": m.port for m in maps})
        files[rel] = built.config
        nodes[dev_name] = {**built.node, "labels": labels}
        findings += built.findings
        per_vendor.setdefault(dev.vendor, []).append(dev_name)

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
        support = _support(intent.devices[dev_name].vendor)
        if spare and support is not None and support.real_software:
            findings.append(Finding(
                "CLAB008", "info", (dev_name,),
                f"{_names([f'{m.port} ({m.linux})' for m in spare])} on {dev_name}: service ports "
                "with no intent link stay unwired; attach a host to test the services there",
            ))
    for vendor, devices in sorted(per_vendor.items()):
        findings += _support(vendor).lab_findings(chosen[vendor], devices)  # type: ignore[union-attr]

    topology: dict[str, Any] = {"name": name, "mgmt": dict(MGMT), "topology": {"nodes": nodes}}
    if links:
        topology["topology"]["links"] = links
    export = ClabExport(name, chosen, topology, files, ports, findings)
    export.header = _header(export, source, _chosen(chosen, intent))
    return export


def _header(export: ClabExport, source: str, chosen: list[tuple[str, ClabKind]]) -> str:
    rows = [("node", "intent port", "container", "inside the node")]
    for dev, maps in export.ports.items():
        rows += [(dev, m.port, m.linux, m.inside) for m in maps]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    as_kinds = ", ".join(f"{v} as {k.name}" for v, k in chosen)
    flags = "".join(f" --kind {v}={k.name}" for v, k in chosen)
    lines = [
        f"containerlab topology{f' of inventory {source!r}' if source else ''}"
        f"{f', {as_kinds}' if as_kinds else ''}.",
        f"Generated by: interop lab export --containerlab{flags}",
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


def _is_kind(group: str) -> bool:
    return any((s := _support(v)) is not None and s.kind(group) is not None for v in available_vendors())


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
            if prev is None or not _is_kind(prev.kind):
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
    ``username`` the lab's, where containerlab states one). Devices whose kind renames ports
    (e.g. vrnetlab VMs) get their ports renamed to what the export gave them, so deploy and verify
    talk about the ports those nodes have. Kinds that cannot be managed this way are refused.
    """
    hosts = clab_hosts(intent, path)
    rename: dict[str, dict[str, str]] = {}
    for dev_name, h in hosts.items():
        vendor = intent.devices[dev_name].vendor
        support = _support(vendor)
        kind = support.kind(h.kind) if support else None
        if kind is None:
            continue
        if kind.unmanaged_reason:
            raise InputError(str(path), f"{dev_name} runs as {h.kind}: {kind.unmanaged_reason}")
        if kind.renames_ports:
            rename[dev_name] = {m.port: m.inside for m in port_maps(intent, {vendor: kind.name})[dev_name]}
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
