"""containerlab kinds for Junos: vJunos-router and vMX (vrnetlab VMs) and cRPD (a container).

* vrnetlab hands container ``ethN`` to the VM as ``ge-0/0/(N-1)``; cRPD routes on the Linux
  ``ethN`` itself.
* Startup configs are the rendered configs with the ports renamed: curly text for vJunos-router
  (appended to vrnetlab's own), ``set`` lines for vMX (vrnetlab types them in configuration mode),
  and for cRPD a reduced ``juniper.conf`` (no ``chassis``, no ``interfaces``: Linux owns
  addressing, done by the node's ``exec`` commands; no VPLS, no ``lt-`` VRF hand-offs). What a
  kind cannot do is reported as findings (``CLAB001``–``CLAB005``, ``CLAB007``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from mpls_interop.sdk.clab import ClabKind, ClabNode, ClabSupport, PortMap
from mpls_interop.sdk.findings import Finding
from mpls_interop.sdk.plan import DevicePlan
from mpls_interop.sdk.spec import ETH_HEADER


class JunosKind(str, Enum):
    vjunosrouter = "juniper_vjunosrouter"
    vmx = "juniper_vmx"
    crpd = "juniper_crpd"


VJUNOSROUTER = ClabKind(
    JunosKind.vjunosrouter.value, "vjunosrouter", "vrnetlab/juniper_vjunos-router:23.2R1.15",
    aliases=("vjunosrouter",), renames_ports=True,
)
VMX = ClabKind(
    JunosKind.vmx.value, "vmx", "vrnetlab/juniper_vmx:22.1R1.10",
    aliases=("vr-vmx", "vr-juniper_vmx"), render_format="set", renames_ports=True,
)
CRPD = ClabKind(
    JunosKind.crpd.value, "crpd", "crpd:24.2R1.14", aliases=("crpd",),
    unmanaged_reason="deploy/verify need juniper_vjunosrouter or juniper_vmx "
    "(cRPD takes the exported startup config and exec commands instead)",
)
_PHYSICAL = re.compile(r"^(ge|xe|et|fe)-\d")


class JunosClab(ClabSupport):
    kinds = (VJUNOSROUTER, VMX, CRPD)

    def exportable(self, port: str) -> bool:
        return bool(_PHYSICAL.match(port))

    def inside_name(self, kind: ClabKind, index: int, port: str, linux: str) -> str:
        return f"ge-0/0/{index}" if kind.renames_ports else linux

    def node(
        self, kind: ClabKind, dp: DevicePlan, config: str, ports: list[PortMap], lab: str, image: str,
        startup_path: str,
    ) -> ClabNode:
        rename = {m.port: m.inside for m in ports}
        findings: list[Finding] = []
        node: dict[str, Any] = {"kind": kind.name, "image": image, "startup-config": startup_path}
        if kind is CRPD:
            rename["lo0.0"] = "lo.0"  # cRPD's loopback
            text = _rename_words(_crpd_config(config), rename, bare_unit0=True)
            findings += _crpd_findings(dp, lab)
            node["exec"] = _crpd_exec(dp, ports)
        else:
            text = _rename_words(config, rename)
        skipped = [p for p in dp.ports if not self.exportable(p)]
        if skipped:
            findings.append(Finding(
                "CLAB007", "warning", (dp.name,),
                f"{_names(skipped)} on {dp.name}: aggregated ports have no containerlab "
                "equivalent; left unwired (their config still names them)",
            ))
        return ClabNode(node, text, findings)


CLAB = JunosClab()


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
