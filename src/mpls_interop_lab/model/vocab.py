"""Each vendor's words for the model's neutral states (what its show commands print)."""

from __future__ import annotations

JUNOS_PW = {
    "up": "Up",
    "local-ac-down": "LD",
    "no-ldp": "OL",
    "no-lsp": "OL",
    "no-remote": "OL",
    "remote-ac-down": "RD",
    "type-mismatch": "EM",
    "mtu-mismatch": "MM",
    "cw-mismatch": "CM",
}

NETIRON_VLL = {
    "up": "UP",
    "local-ac-down": "DOWN - endpoint is not UP",
    "no-ldp": "DOWN - PW is Down (Reason:Wait for LDP session to Peer)",
    "no-lsp": "DOWN - PW is Down (Reason:Wait for LSP tunnel to Peer)",
    "no-remote": "DOWN - PW is Down (Reason:Wait for peer label)",
    "remote-ac-down": "DOWN - PW is Down (Reason:Remote PW status is down)",
    "type-mismatch": "DOWN - PW is Down (Reason:VC-Type-Mismatch)",
    "mtu-mismatch": "DOWN - PW is Down (Reason:VC-Parameter-MTU-Mismatch)",
}

NETIRON_VPLS = {
    "up": "Operational",
    "local-ac-down": "Wait for functional local ports",
    "no-ldp": "Wait for LDP session to Peer",
    "no-lsp": "Wait for LSP tunnel to Peer",
    "no-remote": "Wait for peer label",
    "remote-ac-down": "Wait for remote PW status up",
    "type-mismatch": "VC-Type-Mismatch",
    "mtu-mismatch": "VC-Parameter-MTU-Mismatch",
}

JUNOS_OSPF = {"Full": "Full", "ExStart": "ExStart", "Exchange": "Exchange", "Init": "Init", "2Way": "2Way"}
NETIRON_OSPF = {"Full": "FULL", "ExStart": "EXSTART", "Exchange": "EXCHANGE", "Init": "INIT", "2Way": "2WAY"}


def pw_status(vendor: str, kind: str, code: str) -> str:
    if vendor == "junos":
        return JUNOS_PW[code]
    return (NETIRON_VLL if kind == "vll" else NETIRON_VPLS)[code]


def ospf_state(vendor: str, state: str) -> str:
    return (JUNOS_OSPF if vendor == "junos" else NETIRON_OSPF)[state]
