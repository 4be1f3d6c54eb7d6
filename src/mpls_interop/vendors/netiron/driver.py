"""NetIron driver: netmiko ``extreme_netiron`` over an SSH CLI session.

NetIron has no candidate configuration and no rollback, so the driver does both itself: it keeps
the running config from before the change, pushes only the lines that differ from the desired
config, and rolls back by pushing the difference back to the saved running config (the inverse
``no …`` commands, in reverse order). ``write memory`` happens only on confirm.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import re
from typing import Any

from netmiko.extreme.extreme_netiron import ExtremeNetironSSH

from mpls_interop.sdk.driver import Driver, Target
from mpls_interop.sdk.records import (
    BfdSession,
    Facts,
    Interface,
    LdpSession,
    Lsp,
    OspfNeighbor,
    PingResult,
    Pseudowire,
)
from mpls_interop.vendors.netiron import confdiff, parsers

logging.getLogger("netmiko").setLevel(logging.WARNING)
logging.getLogger("paramiko").setLevel(logging.WARNING)

ERROR_RE = re.compile(r"^(Invalid input.*|Error.*|Incomplete command.*)$", re.M)


class FastNetironSSH(ExtremeNetironSSH):
    """Stock netmiko waits ~2 s for the prompt on every config-mode check (DESIGN §6): read up
    to the prompt instead."""

    def check_config_mode(self, check_string: str = ")#", pattern: str = r"[>#]", force_regex: bool = False) -> bool:
        return super().check_config_mode(check_string=check_string, pattern=pattern, force_regex=force_regex)


class NetIronDriver(Driver):
    vendor = "netiron"

    def __init__(self, target: Target, fast: bool = True) -> None:
        super().__init__(target)
        self.fast = fast
        self.conn: Any = None
        self._before: str | None = None
        self._desired: str | None = None
        self._applied: list[str] = []

    # ---- session ----------------------------------------------------------------------------------
    def connect(self) -> None:
        from netmiko import ConnectHandler
        from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException

        t = self.target
        params: dict[str, Any] = {
            "device_type": "extreme_netiron", "host": t.host, "port": t.port, "username": t.username,
            "password": t.password, "secret": t.enable_password or t.password, "timeout": t.timeout,
            "conn_timeout": min(t.timeout, 10), "auth_timeout": min(t.timeout, 10),
            "banner_timeout": min(t.timeout, 10), "fast_cli": True,
        }
        try:
            if self.fast:
                params.pop("device_type")
                self.conn = FastNetironSSH(**params)
            else:
                self.conn = ConnectHandler(**params)
            if not self.conn.check_enable_mode():
                self.conn.enable()
        except NetmikoAuthenticationException:
            raise self.error(f"authentication failed for {t.username}@{t.host}:{t.port}") from None
        except (NetmikoTimeoutException, OSError) as exc:
            raise self.error(f"cannot connect to {t.host}:{t.port}: {exc}") from None
        except Exception as exc:
            raise self.error(f"cannot open a CLI session: {exc}") from None

    def close(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(Exception):
                self.conn.disconnect()
        self.conn = None

    def _alive(self) -> bool:
        try:
            return self.conn is not None and self.conn.is_alive()
        except Exception:
            return False

    def _send(self, command: str) -> str:
        try:
            # reading up to the known prompt saves netmiko's own prompt search on every command
            prompt = re.escape(self.conn.base_prompt) + r"[>#]"
            out = self.conn.send_command(command, read_timeout=self.target.timeout, expect_string=prompt)
        except Exception as exc:
            raise self.error(f"'{command}' failed: {exc}") from None
        m = ERROR_RE.search(out)
        if m and not command.startswith("ping"):
            raise self.error(f"'{command}': {m.group(1).strip()}")
        return out

    # ---- configuration --------------------------------------------------------------------------------
    def get_config(self) -> str:
        return self._send("show running-config")

    def load(self, config_text: str) -> None:
        if self._before is None:
            self._before = self.get_config()
        self._desired = config_text

    def _pending(self) -> list[confdiff.Change]:
        if self._desired is None:
            return []
        return confdiff.changes(confdiff.parse(self.get_config()), confdiff.parse(self._desired))

    def diff(self) -> str:
        return confdiff.diff_text(self._pending())

    def _push(self, lines: list[str]) -> str:
        if not lines:
            return ""
        try:
            # cmd_verify reads each echo back: no fixed 2 s wait for silence at the end
            out = self.conn.send_config_set(lines, cmd_verify=True, read_timeout=self.target.timeout,
                                            exit_config_mode=True)
        except Exception as exc:
            raise self.error(f"configuration session failed: {exc}") from None
        m = ERROR_RE.search(out)
        if m:
            raise self.error(f"device rejected the configuration: {m.group(1).strip()}")
        return out

    def commit(self, confirm_minutes: int | None = None) -> None:
        """Apply the difference to the running config (NetIron has no commit confirmed; the
        caller verifies, then ``confirm`` saves it or ``rollback`` reverts it)."""
        lines = confdiff.commands(self._pending())
        self._applied = lines
        self._push(lines)

    def confirm(self) -> None:
        try:
            out = self.conn.save_config()
        except Exception as exc:
            raise self.error(f"write memory failed: {exc}") from None
        m = ERROR_RE.search(out)
        if m:
            raise self.error(f"write memory failed: {m.group(1).strip()}")

    def rollback(self) -> None:
        if self._before is None:
            return
        if not self._alive():
            self.close()
            self.connect()
        current = confdiff.parse(self.get_config())
        back = confdiff.changes(current, confdiff.parse(self._before), prune_top_level=True)
        self._push(confdiff.commands(back))

    # ---- state ------------------------------------------------------------------------------------------
    def _parse(self, command: str) -> list[dict[str, Any]]:
        text = self._send(command)
        try:
            return parsers.parse(command, text)
        except Exception as exc:
            raise self.error(f"cannot parse '{command}': {exc}") from None

    def facts(self) -> Facts:
        return parsers.to_facts(self._parse("show version"), self.name)

    def interfaces(self) -> list[Interface]:
        records = parsers.to_interfaces(detail_rows=self._parse("show interfaces"))
        ip_mtus = _ip_mtus(self.get_config())
        out = []
        for r in records:
            mtu = ip_mtus.get(r.name, r.ip_mtu)
            out.append(r.model_copy(update={"ip_mtu": mtu}) if mtu != r.ip_mtu else r)
        return out

    def ospf_neighbors(self) -> list[OspfNeighbor]:
        return parsers.to_ospf_neighbors(self._parse("show ip ospf neighbor"))

    def ldp_sessions(self) -> list[LdpSession]:
        return parsers.to_ldp_sessions(self._parse("show mpls ldp session"))

    def lsps(self) -> list[Lsp]:
        return parsers.to_lsps(self._parse("show mpls lsp detail"))

    def pseudowires(self) -> list[Pseudowire]:
        return parsers.to_pseudowires_vll(self._parse("show mpls vll detail")) + parsers.to_pseudowires_vpls(
            self._parse("show mpls vpls detail")
        )

    def bfd_sessions(self) -> list[BfdSession]:
        return parsers.to_bfd_sessions(self._parse("show bfd neighbors"))

    def ping(
        self, target: str, size: int, df: bool = True, count: int = 3, source: str | None = None,
        vrf: str | None = None,
    ) -> PingResult:
        ipaddress.IPv4Address(target)
        cmd = f"ping {target}"
        if source:
            cmd += f" source {source}"
        cmd += f" count {count} size {size}"
        if df:
            cmd += " no-fragment"
        if vrf:
            cmd += f" vrf {vrf}"
        return parsers.to_ping(self._parse(cmd), target, size, df)


def _ip_mtus(config: str) -> dict[str, int]:
    """``ip mtu`` per interface from the running config (NetIron shows it nowhere else)."""
    out: dict[str, int] = {}
    tree = confdiff.parse(config)
    for line, node in tree.children.items():
        if not line.startswith("interface "):
            continue
        name = parsers.canonical_interface(line[len("interface "):])
        for child in node.children:
            if child.startswith("ip mtu "):
                out[name] = int(child.split()[2])
    return out


DRIVER = NetIronDriver
