"""What every vendor package provides to the vendor-neutral core.

A vendor lives in ``vendors/<name>/`` and exposes ``SPEC`` (a :class:`VendorSpec`) from its
``__init__``. The core finds vendors by name, so adding a vendor means adding a folder, not editing
the core.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from functools import cache
from importlib.metadata import entry_points
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mpls_interop.sdk.plan import DevicePlan

#: neutral causes of a pseudowire that is down (what ``pw_status_causes`` maps to)
PW_CAUSES = (
    "mtu-mismatch", "type-mismatch", "no-remote", "no-lsp", "no-ldp", "local-ac-down", "remote-ac-down",
)

ETH_HEADER = 14
VLAN_TAG = 4
FCS = 4


class VendorSpec(ABC):
    """Capabilities and conventions of one vendor's OS."""

    name: str
    #: largest physical MTU in the vendor's own convention (Junos media MTU, NetIron frame size)
    max_native_mtu: int
    #: physical MTU a device has when nothing is configured, in the vendor's own convention
    default_native_mtu: int
    #: True when the vendor's physical MTU number counts the 4-byte FCS (NetIron) and False when
    #: it does not (Junos media MTU)
    native_includes_fcs: bool
    #: smallest/largest PW (VLL/VPLS) MTU the OS accepts
    pw_mtu_range: tuple[int, int] = (64, 9190)
    #: True when the OS can hand a PW into a VRF through logical tunnel (lt-) interfaces
    supports_lt: bool = False
    #: True when a PW only comes up over an RSVP LSP whose destination is the PW peer
    pw_needs_lsp_to_peer: bool = False
    #: physical-MTU-policy value that means "vendor maximum"
    netmiko_device_type: str = ""
    #: known hardware models → largest physical MTU in the vendor's own convention (empty: the
    #: vendor lists none and any model name is accepted)
    models: dict[str, int] = {}  # noqa: RUF012
    #: the OS's pseudowire status words (upper case) → neutral cause, one of :data:`PW_CAUSES`
    pw_status_causes: dict[str, str] = {}  # noqa: RUF012

    def model_mtu(self, model: str) -> int | None:
        """Largest physical MTU of a known model (case-insensitive name), None when unknown."""
        wanted = model.strip().upper()
        return next((mtu for name, mtu in self.models.items() if name.upper() == wanted), None)

    def pw_cause(self, status: str, reason: str = "") -> str | None:
        """Neutral cause of a down PW from the device's own status code/text and reason."""
        for word in (status, reason):
            key = " ".join(word.split()).upper()
            if key in self.pw_status_causes:
                return self.pw_status_causes[key]
        text = f"{status} {reason}".upper()
        for key, cause in sorted(self.pw_status_causes.items(), key=lambda kv: -len(kv[0])):
            if len(key) > 3 and key in text:
                return cause
        return None

    def l2_mtu(self, native: int) -> int:
        """Vendor physical MTU → common convention (frame without FCS, header and tags included)."""
        return native - FCS if self.native_includes_fcs else native

    def native_mtu(self, l2_mtu: int) -> int:
        return l2_mtu + FCS if self.native_includes_fcs else l2_mtu

    def max_ip_mtu(self, native: int, tags: int) -> int:
        """Largest IP packet a port with this physical MTU carries with ``tags`` VLAN tags."""
        return self.l2_mtu(native) - ETH_HEADER - VLAN_TAG * tags

    @abstractmethod
    def normalize_interface(self, name: str) -> str:
        """Canonical interface name in this vendor's naming; ValueError when it is not one."""

    @abstractmethod
    def ip_interface_name(self, port: str, unit: int | None, ve: int | None) -> str:
        """Name the device's getters report for the IP interface of a link end."""

    @abstractmethod
    def render(self, plan: DevicePlan, fmt: str = "text") -> str:
        """Render a device plan to configuration in this vendor's syntax (``fmt`` text|set|lines)."""

    render_formats: tuple[str, ...] = ("text",)
    #: formats meant for loading onto a device (not for people): e.g. Junos `replace:`-tagged text
    load_formats: tuple[str, ...] = ()


#: the entry-point group vendors register in (``[project.entry-points."mpls_interop.vendors"]``)
ENTRY_POINT_GROUP = "mpls_interop.vendors"

_extra: dict[str, VendorSpec] = {}


def register_vendor(spec: VendorSpec) -> None:
    """Register a vendor at run time (tests, or a program embedding the toolkit)."""
    _extra[spec.name] = spec
    available_vendors.cache_clear()
    get_vendor.cache_clear()


def unregister_vendor(name: str) -> None:
    _extra.pop(name, None)
    available_vendors.cache_clear()
    get_vendor.cache_clear()


@cache
def _entry_points() -> dict[str, object]:
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


@cache
def available_vendors() -> tuple[str, ...]:
    return tuple(sorted(set(_entry_points()) | set(_extra)))


@cache
def get_vendor(name: str) -> VendorSpec:
    if name in _extra:
        return _extra[name]
    eps = _entry_points()
    if name not in eps:
        raise KeyError(name)
    spec = eps[name].load()  # type: ignore[attr-defined]
    if not isinstance(spec, VendorSpec):
        raise TypeError(f"entry point {name!r} of {ENTRY_POINT_GROUP} is not a VendorSpec")
    return spec


@cache
def template_env(package: str):  # -> jinja2.Environment
    """Jinja2 environment over a vendor package's ``templates/`` folder (shipped as package data)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
