"""A vendor's capabilities as data: one ``capabilities.yml`` per vendor folder, validated here.

The core reads these (never a vendor name) to convert MTUs, gate features, pick default ports and
map Ansible ``network_os`` values to vendors. Modelled on netlab's ``netsim/devices/*.yml``.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

#: the vendor-neutral causes of a pseudowire being down (what ``pw_status_causes`` map to)
PW_CAUSES = (
    "mtu-mismatch", "type-mismatch", "cw-mismatch", "no-remote", "no-lsp", "no-ldp", "local-ac-down",
    "remote-ac-down",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MtuRules(_Strict):
    #: True when the vendor's physical MTU number counts the 4-byte FCS (e.g. a frame size)
    includes_fcs: bool
    #: physical MTU with nothing configured, in the vendor's own convention
    default: int = Field(ge=64)
    #: largest physical MTU in the vendor's own convention for a model not listed in ``models``
    #: (and what ``physical_mtu: max`` renders)
    max: int = Field(ge=64)
    #: what the vendor calls it, for messages (``media MTU``, ``frame size``)
    word: str = "MTU"


class Features(_Strict):
    ospf: bool = True
    rsvp: bool = True
    ldp: bool = True
    vpls: bool = True
    vll: bool = True
    #: how a PW is handed into a VRF on this vendor (``lt``: Junos-style logical tunnel pairs)
    l3_handoff: Literal["lt", "none"] = "none"
    #: numbered router interfaces on VLANs (a ``router_interface`` on a link end or VPLS endpoint)
    router_interfaces: bool = False
    #: a PW only comes up over an RSVP LSP whose destination is the PW peer
    pw_needs_lsp_to_peer: bool = False


class Capabilities(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    display_name: str
    mtu: MtuRules
    #: smallest/largest PW (VLL/VPLS) MTU the OS accepts
    pw_mtu: tuple[int, int] = (64, 9190)
    #: management port when the inventory gives none (NETCONF 830, SSH 22, …)
    default_port: int = Field(ge=1, le=65535)
    #: Ansible ``ansible_network_os`` values (lower case) that mean this vendor
    network_os: tuple[str, ...] = ()
    #: known models → largest physical MTU in the vendor's convention (empty: any model)
    models: dict[str, int] = Field(default_factory=dict)
    features: Features = Features()
    #: output formats of ``interop render --format`` (the first is the default)
    render_formats: tuple[str, ...] = ("text",)
    #: formats meant for loading onto a device (not for people)
    load_formats: tuple[str, ...] = ()
    #: how the driver reaches the device: ``ssh`` (NETCONF/CLI; the host key is checked before
    #: anything else) or ``local`` (commands and sockets on the host running the toolkit)
    management: Literal["ssh", "local"] = "ssh"
    #: what activating a staged change is called on this vendor (deploy progress lines)
    activate_word: str = "apply"
    #: ``confirm`` writes the startup configuration and nothing on the device undoes it by itself
    #: (no confirm timer): such devices confirm only after every other device has confirmed
    confirm_saves: bool = False
    #: an activated change reverts by itself unless confirmed within ``confirm_minutes`` (commit
    #: confirmed): while a deploy still verifies, ``Driver.extend_confirm`` re-arms the window
    confirm_window: bool = False
    #: vendor PW status words (upper case) → vendor-neutral cause of a PW being down
    pw_status_causes: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _ranges(self) -> Capabilities:
        if self.mtu.default > self.mtu.max:
            raise ValueError("mtu.default is above mtu.max")
        if self.pw_mtu[0] > self.pw_mtu[1]:
            raise ValueError("pw_mtu is not (min, max)")
        unknown = sorted(set(self.pw_status_causes.values()) - set(PW_CAUSES))
        if unknown:
            raise ValueError(f"pw_status_causes: unknown cause(s) {', '.join(unknown)} (known: {', '.join(PW_CAUSES)})")
        if any(k != k.upper() for k in self.pw_status_causes):
            raise ValueError("pw_status_causes: status words are written upper case")
        return self


def load_capabilities(package: str, filename: str = "capabilities.yml") -> Capabilities:
    """Read and validate ``capabilities.yml`` shipped inside a vendor package."""
    text = (files(package) / filename).read_text(encoding="utf-8")
    return Capabilities.model_validate(yaml.safe_load(text))
