"""Load an inventory directory into a validated :class:`~mpls_interop.core.intent.Intent`.

The directory holds the Ansible-style inventory (devices) and ``intent.yml`` (links, MPLS core,
services). Every problem becomes one :class:`InputError` naming the file and the field.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mpls_interop.core.intent import Device, Intent, ReferenceError_
from mpls_interop.core.inventory import HostVars, load_inventory, read_yaml
from mpls_interop.sdk.errors import InputError
from mpls_interop.sdk.spec import available_vendors, get_vendor

INTENT_FILES = ("intent.yml", "intent.yaml")

#: inventory variables that become Device fields
DEVICE_VARS = {
    "vendor": "vendor",
    "model": "model",
    "loopback": "loopback",
    "physical_mtu": "physical_mtu",
    "tunnel_services": "tunnel_services",
    "ansible_host": "host",
    "ansible_port": "port",
    "ansible_user": "username",
    "known_hosts": "known_hosts",
    "cli_batch_lines": "cli_batch_lines",
    "hostname": "hostname",
}
#: variables that hold secrets in Ansible (connection plugins ssh, paramiko, libssh, netconf,
#: network_cli, httpapi, winrm, psrp, Juniper's pyez; become plugins sudo, su, enable…): never
#: accepted from files, whatever the plugin
SECRET_VARS = frozenset({
    "ansible_password", "ansible_pass", "ansible_passwd",
    "ansible_ssh_pass", "ansible_ssh_password",
    "ansible_paramiko_pass", "ansible_paramiko_password",
    "ansible_libssh_pass", "ansible_libssh_password",
    "ansible_netconf_pass", "ansible_netconf_password",
    "ansible_httpapi_pass", "ansible_httpapi_password",
    "ansible_winrm_pass", "ansible_winrm_password", "ansible_psrp_pass", "ansible_psrp_password",
    "ansible_become_pass", "ansible_become_password",
    "ansible_sudo_pass", "ansible_sudo_password", "ansible_su_pass", "ansible_su_password",
    "ansible_enable_pass", "ansible_enable_password",
    "ansible_ssh_private_key_passphrase", "ansible_private_key_passphrase",
    "password", "passwd", "enable_password", "enable_secret", "secret",
})
#: and any other ansible_… variable named like one (ansible_<anything>_pass/password/passwd/passphrase)
SECRET_RE = re.compile(r"^ansible_(?:\w+_)?(?:pass|password|passwd|passphrase)$")


def network_os_vendor(value: str) -> str | None:
    """The vendor whose capabilities list this Ansible ``ansible_network_os`` value."""
    wanted = value.lower()
    for name in available_vendors():
        caps = get_vendor(name).capabilities
        if wanted == name or wanted in caps.network_os:
            return name
    return None


def _loc(parts: tuple[Any, ...]) -> str:
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += f".{p}" if out else str(p)
    return out


def _first_error(exc: ValidationError) -> tuple[str, str]:
    err = exc.errors(include_url=False)[0]
    loc = tuple(p for p in err["loc"] if p not in ("function-after", "function-before"))
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown field"
    elif msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    return _loc(loc), msg


def _device_fields(hv: HostVars) -> dict[str, Any]:
    fields: dict[str, Any] = {"name": hv.name, "groups": tuple(hv.groups)}
    for key, value in hv.values.items():
        where = hv.origin.get(key, "")
        if key in SECRET_VARS or SECRET_RE.match(key):
            raise InputError(
                where,
                f"{hv.name}.{key}: secrets are not read from files; "
                "set INTEROP_PASSWORD (or answer the prompt) instead",
            )
        if key in DEVICE_VARS:
            fields[DEVICE_VARS[key]] = value
        elif key == "ansible_network_os":
            vendor = network_os_vendor(str(value))
            if vendor is None:
                raise InputError(where, f"{hv.name}.ansible_network_os: unsupported {value!r}")
            fields.setdefault("vendor", vendor)
        elif key.startswith("ansible_") or key.startswith("x_"):
            continue  # other Ansible connection settings / user extensions
        else:
            raise InputError(where, f"{hv.name}.{key}: unknown field")
    if "vendor" not in fields:
        vendor_groups = [g for g in hv.groups if g in available_vendors()]
        if len(vendor_groups) == 1:
            fields["vendor"] = vendor_groups[0]
        else:
            raise InputError(
                hv.origin.get("loopback", ""),
                f"{hv.name}.vendor: cannot tell the vendor (put the host in one of the groups "
                f"{', '.join(available_vendors())}, or set 'vendor' or 'ansible_network_os')",
            )
    return fields


def load_devices(root: Path) -> dict[str, Device]:
    inv = load_inventory(root)
    if not inv.hosts:
        raise InputError(str(inv.hosts_file), "no hosts in inventory")
    devices: dict[str, Device] = {}
    for name, hv in inv.hosts.items():
        fields = _device_fields(hv)
        kh = fields.get("known_hosts")
        if isinstance(kh, str) and kh:
            # relative to the inventory directory, like the inventory's other files
            fields["known_hosts"] = str(root / Path(kh).expanduser())
        try:
            devices[name] = Device.model_validate(fields)
        except ValidationError as exc:
            loc, msg = _first_error(exc)
            field, dot, rest = loc.partition(".")
            key = {v: k for k, v in DEVICE_VARS.items()}.get(field, field)
            where = hv.origin.get(key, str(inv.hosts_file))
            # name the variable as the user wrote it (ansible_port, not port)
            raise InputError(where, f"{name}.{key}{dot}{rest}: {msg}") from None
    loopbacks: dict[str, str] = {}
    for d in devices.values():
        other = loopbacks.get(str(d.loopback))
        if other:
            raise InputError(str(inv.hosts_file), f"{d.name}.loopback: {d.loopback} already used by {other}")
        loopbacks[str(d.loopback)] = d.name
    return devices


def intent_file(root: Path) -> Path:
    for name in INTENT_FILES:
        if (root / name).is_file():
            return root / name
    raise InputError(str(root), "no intent.yml in inventory directory")


def load_intent(root: Path | str) -> Intent:
    root = Path(root)
    devices = load_devices(root)
    path = intent_file(root)
    data = read_yaml(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(str(path), "expected a mapping at the top level")
    if "devices" in data:
        raise InputError(str(path), "devices: devices come from hosts.yml / host_vars, not intent.yml")
    try:
        return Intent.model_validate({**data, "devices": devices})
    except ValidationError as exc:
        # reference errors raised by the Intent's own validator carry their own location
        for err in exc.errors(include_url=False):
            ctx_err = (err.get("ctx") or {}).get("error")
            if isinstance(ctx_err, ReferenceError_):
                raise InputError(str(path), f"{ctx_err.loc}: {ctx_err}") from None
        loc, msg = _first_error(exc)
        raise InputError(str(path), f"{loc}: {msg}") from None
