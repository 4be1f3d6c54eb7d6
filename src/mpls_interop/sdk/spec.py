"""What every vendor plugin provides to the vendor-neutral core, and how the core finds vendors.

A vendor is a package exposing a :class:`VendorSpec` instance through the ``mpls_interop.vendors``
entry-point group (in this distribution or another one), so adding a vendor edits no core file.
"""

from __future__ import annotations

import contextlib
import importlib
from abc import ABC, abstractmethod
from functools import cache
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

from mpls_interop.sdk.capabilities import PW_CAUSES, Capabilities

if TYPE_CHECKING:
    from mpls_interop.sdk.clab import ClabSupport
    from mpls_interop.sdk.configfacts import ConfigFacts
    from mpls_interop.sdk.driver import Driver
    from mpls_interop.sdk.plan import DevicePlan

#: neutral causes of a pseudowire that is down (what ``pw_status_causes`` maps to)

__all__ = ["PW_CAUSES", "VendorSpec", "available_vendors", "get_vendor", "register_vendor"]

ETH_HEADER = 14
VLAN_TAG = 4
FCS = 4


class VendorSpec(ABC):
    """One vendor: its capabilities (data, from the vendor's ``capabilities.yml``) and the code
    that speaks its syntax (interface naming, rendering, and through hooks its driver, config
    reader and containerlab kinds)."""

    #: set by each vendor from its capabilities.yml (``load_capabilities(__package__)``)
    capabilities: Capabilities

    @property
    def name(self) -> str:
        return self.capabilities.name

    @property
    def max_native_mtu(self) -> int:
        return self.capabilities.mtu.max

    @property
    def default_native_mtu(self) -> int:
        return self.capabilities.mtu.default

    @property
    def native_includes_fcs(self) -> bool:
        return self.capabilities.mtu.includes_fcs

    @property
    def pw_mtu_range(self) -> tuple[int, int]:
        return self.capabilities.pw_mtu

    @property
    def supports_lt(self) -> bool:
        return self.capabilities.features.l3_handoff == "lt"

    @property
    def pw_needs_lsp_to_peer(self) -> bool:
        return self.capabilities.features.pw_needs_lsp_to_peer

    @property
    def render_formats(self) -> tuple[str, ...]:
        return self.capabilities.render_formats

    @property
    def load_formats(self) -> tuple[str, ...]:
        return self.capabilities.load_formats

    @property
    def models(self) -> dict[str, int]:
        """Known hardware models → largest physical MTU in the vendor's convention (empty: any)."""
        return self.capabilities.models

    @property
    def pw_status_causes(self) -> dict[str, str]:
        """The OS's pseudowire status words (upper case) → neutral cause (:data:`PW_CAUSES`)."""
        return self.capabilities.pw_status_causes

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
    def ip_interface_name(self, port: str, unit: int | None, router_interface: int | None) -> str:
        """Name the device's getters report for the IP interface of a link end."""

    @abstractmethod
    def render(self, plan: DevicePlan, fmt: str = "text") -> str:
        """Render a device plan to configuration in this vendor's syntax (``fmt`` text|set|lines)."""

    # ---- hooks with conventional defaults: modules of the vendor package, imported on use ----

    @property
    def package(self) -> str:
        """The vendor's package (where its capabilities, templates and modules live)."""
        return type(self).__module__.rpartition(".")[0]

    def driver_class(self) -> type[Driver]:
        """The device driver (default: ``<package>.driver.DRIVER``)."""
        return importlib.import_module(f"{self.package}.driver").DRIVER

    def read_config(self, text: str, source: str) -> ConfigFacts:
        """An existing configuration → facts and single-file findings (``<package>.configlint.read``)."""
        return importlib.import_module(f"{self.package}.configlint").read(text, source)

    def config_likelihood(self, text: str) -> float:
        """How sure (0–1) this vendor is that ``text`` is one of its configurations."""
        return 0.0

    def clab(self) -> ClabSupport | None:
        """containerlab kinds for this vendor (None: the vendor cannot be exported)."""
        return None

    def plan_findings(self, plan: DevicePlan) -> list[str]:
        """What this device's plan asks that the vendor's implementation cannot do, beyond the
        capability flags (lint rule CAP002 reports each as an error)."""
        return []



#: the entry-point group vendors register in (``[project.entry-points."mpls_interop.vendors"]``)
ENTRY_POINT_GROUP = "mpls_interop.vendors"

_extra: dict[str, VendorSpec] = {}


def refresh_vendors() -> None:
    """Forget what was discovered (after installing a vendor package into a running process)."""
    _entry_points.cache_clear()
    available_vendors.cache_clear()
    get_vendor.cache_clear()


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


#: names a plain dict has as attributes (its methods): Jinja's ``x.name`` finds these before keys
_DICT_ATTRS = frozenset(dir(dict))


@cache
def _environment_class() -> type:
    import jinja2

    class Environment(jinja2.Environment):
        """``x.name`` on a plain dict goes straight to the key: Jinja's own lookup tries the
        attribute first and catches the AttributeError, for nearly every dict in a render
        context. Same result: a dict's attributes are its methods (``_DICT_ATTRS``), which still
        win, and a missing key is still undefined."""

        def getattr(self, obj: Any, attribute: str) -> Any:
            if obj.__class__ is dict and attribute not in _DICT_ATTRS:
                try:
                    return obj[attribute]
                except KeyError:
                    return self.undefined(obj=obj, name=attribute)
            try:  # jinja2.Environment.getattr, inlined (it runs ~300 times per device)
                return getattr(obj, attribute)
            except AttributeError:
                pass
            try:
                return obj[attribute]
            except (TypeError, LookupError, AttributeError):
                return self.undefined(obj=obj, name=attribute)

    return Environment


def _bytecode_cache():  # -> jinja2.BytecodeCache | None
    """Jinja's own cache of compiled templates (a private per-user directory under the temp
    directory; an entry is used only while its template's source is unchanged): compiling the
    vendors' templates is ~0.1 s of every ``render``. Any problem with it only means compiling."""
    import jinja2

    class QuietCache(jinja2.FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Any) -> None:
            try:
                super().load_bytecode(bucket)
            except OSError:
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    try:
        return QuietCache()
    except (OSError, RuntimeError):  # no safe private directory: compile every time
        return None


@cache
def template_env(package: str):  # -> jinja2.Environment
    """Jinja2 environment over a vendor package's ``templates/`` folder (shipped as package data)."""
    import jinja2

    return _environment_class()(
        bytecode_cache=_bytecode_cache(),
        loader=jinja2.PackageLoader(package, "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        # templates ship with the package: no stat of every included file on every render
        auto_reload=False,
    )
