"""One emulated NetIron router: running and saved configs, faults, exec commands, prompts."""

from __future__ import annotations

import hmac
import logging
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from mpls_interop_lab.netiron import show
from mpls_interop_lab.netiron.config import CNode, ExecResult, NetIronConfig
from mpls_interop_lab.netiron.ports import expand_port_list, parse_port
from mpls_interop_lab.netiron.tokens import Tokens, error, incomplete

log = logging.getLogger(__name__)

#: network model hook: canonical words of a ``show`` command (``["show", "mpls", "vll",
#: "detail"]``) or a raw ``ping``/``traceroute`` line -> device text, or None if not handled
ShowHandler = Callable[[list[str]], "str | None"]
ChangeHandler = Callable[[NetIronConfig], None]

BASE_PORTS = [f"1/{n}" for n in range(1, 9)]
#: ``Local VC type`` words by release style: 5.x prints untag/tag, later releases raw-mode
VC_WORDS: dict[str, dict[str, str]] = {
    "untag": {"raw": "untag", "tagged": "tag"},
    "raw-mode": {"raw": "raw-mode", "tagged": "tag"},
}
WRITE_DONE = "Write startup-config done."


@dataclass
class NetIronFaults:
    """Faults the lab runtime can inject while the device runs."""

    #: cut the CLI session once this many more config-mode lines were processed (0: at the next)
    drop_after: int | None = None
    #: the next ``write memory`` fails with an ``Error -`` reply (then clears itself)
    commit_fail: bool = False
    #: the device stops answering: sessions get no echo or reply, new connections are closed
    down: bool = False
    #: the next CLI session hangs once this many more config-mode lines were processed (0: at the
    #: next): no echo, no reply, the connection stays open; new sessions are served as usual
    stall_after: int | None = None
    #: set when a ``stall_after`` fault fired (lab status shows it)
    stalled: bool = False


class NetIronDevice:
    def __init__(
        self,
        hostname: str,
        model: str = "MLXe-4",
        version: str = "5.8.0f",
        serial: str | None = None,
        enable_password: str | None = None,
        on_change: ChangeHandler | None = None,
        show_handler: ShowHandler | None = None,
        mgmt_address: str = "192.0.2.1/24",
        startup_config: str | None = None,
        vc_words: str = "untag",
    ) -> None:
        """``hostname`` is the factory hostname (the prompt until ``hostname X``);
        ``startup_config`` a running/startup config the device boots with (a real one may hold
        statements the emulator does not model: they are kept verbatim; a line NetIron would not
        take raises :class:`ConfigError` naming its line); ``vc_words`` the release's
        ``Local VC type`` words (see :data:`VC_WORDS`)."""
        model = show.MODEL_ALIASES.get(model.upper(), model)
        if model not in show.CHASSIS:
            raise ValueError(f"unknown NetIron model {model!r} (known: {', '.join(show.CHASSIS)})")
        self.model = model
        self.version = version
        crc = zlib.crc32(hostname.encode())
        self.serial = serial or f"BGD{crc % 10000:04d}K{crc % 97:02d}{'ABCDEFGHJK'[crc % 10]}"
        self.enable_password = enable_password
        if vc_words not in VC_WORDS:
            raise ValueError(f"unknown VC type words {vc_words!r} (known: {', '.join(VC_WORDS)})")
        self.vc_words = VC_WORDS[vc_words]
        self.on_change = on_change
        self.show_handler = show_handler
        self.faults = NetIronFaults()
        self._default_hostname = hostname
        self._started = time.monotonic()
        self._mac_base = 0x0024_3800_0000 + (crc & 0xFFFF) * 0x100
        header = [
            f"ver V{version}T163",
            f"module 1 {show.CHASSIS[model].line_card_id}",
        ]
        if startup_config is None:
            self.running = NetIronConfig.factory(hostname, mgmt_address, header)
        else:
            self.running = NetIronConfig.from_text(startup_config)
            self.running.header = self.running.header or header
        self.saved = self.running.copy()

    # -- identity --------------------------------------------------------------------------

    @property
    def hostname(self) -> str:
        """The prompt's name: the configured ``hostname`` (at once), else the factory one."""
        return self.running.hostname or self._default_hostname

    def check_enable(self, password: str) -> bool:
        if self.enable_password is None:
            return True
        return hmac.compare_digest(password.encode(), self.enable_password.encode())

    @staticmethod
    def port_speed(port: str) -> int:
        """Mb/s of ``slot/port``: slot 1 holds the 10GbE card, other slots 1GbE cards."""
        parsed = parse_port(port)
        return 10000 if parsed is not None and parsed[0] == 1 else 1000

    @property
    def ports(self) -> list[str]:
        """Physical ports: the line card's 1/1..1/8 plus any port the configuration names."""
        found = set(BASE_PORTS)
        for _, node in self.running.root.walk():
            w = node.words()
            if node.line.startswith("interface ethernet "):
                found.add(w[2])
            elif w and w[0] in ("tagged", "untagged"):
                found.update(expand_port_list(w[1:]))
            elif node.line.startswith("mpls-interface e") and parse_port(w[1][1:]):
                found.add(w[1][1:])
        return sorted(found, key=lambda p: parse_port(p) or (0, 0))

    # -- configuration ---------------------------------------------------------------------

    def configure(self, context: list[CNode], line: str) -> ExecResult:
        """One config-mode line; tells ``on_change`` when the running config changed."""
        res = self.running.execute(context, line)
        if res.changed and self.on_change is not None:
            try:
                self.on_change(self.running)
            except Exception:  # the model's failure must not kill the CLI session
                log.exception("on_change failed for %s", self.hostname)
        return res

    def snapshot(self) -> tuple[NetIronConfig, NetIronConfig]:
        """Running and saved configuration (copies), for the lab's ``restore-state``."""
        return self.running.copy(), self.saved.copy()

    def restore_snapshot(self, snap: tuple[NetIronConfig, NetIronConfig]) -> None:
        """Running and saved configuration back to a :meth:`snapshot` (a lab operator's reset)."""
        self.running, self.saved = snap[0].copy(), snap[1].copy()
        if self.on_change is not None:
            self.on_change(self.running)

    def write_memory(self) -> str:
        if self.faults.commit_fail:
            self.faults.commit_fail = False
            return "Error - Write startup-config failed: flash write error, configuration not saved."
        self.saved = self.running.copy()
        return WRITE_DONE

    # -- exec commands ---------------------------------------------------------------------

    def exec_command(self, words: list[str]) -> str:
        """``show``/``write``/``ping``/``traceroute`` (abbreviations allowed); raises ConfigError."""
        t = Tokens(" ".join(words))
        cmd = t.keyword(["show", "write", "ping", "traceroute"])
        if cmd == "write":
            what = t.keyword(["memory", "terminal"])
            t.done()
            return self.write_memory() if what == "memory" else self.running.running_config()
        if cmd in ("ping", "traceroute"):
            if not t.more():
                raise incomplete()
            answer = self._ask([cmd, *t.words[1:]])
            return answer if answer is not None else _no_reply(cmd, t.words[1])
        return self.show(words)

    def show(self, words: list[str]) -> str:
        canon = show.expand_show(words)
        what = canon[1]
        if what == "version":
            return show.version_text(
                self.model, self.version, self.serial, time.monotonic() - self._started
            )
        if what == "running-config":
            return self._running_section(canon[2:])
        if what == "configuration":
            return (
                "!\nStartup-config data location is flash memory\n"
                + self.saved.render("Startup configuration")
            )
        answer = self._ask(canon)
        if answer is not None:
            return answer
        if what == "interfaces":
            return self._interfaces(canon[2:])
        return ""

    def _ask(self, words: list[str]) -> str | None:
        if self.show_handler is None:
            return None
        return self.show_handler(words)

    def _running_section(self, words: list[str]) -> str:
        if not words:
            return self.running.running_config()
        root = self.running.root
        if words[0] == "vlan":
            nodes = root.find("vlan")
        else:
            nodes = root.find("interface")
            if len(words) > 1:
                nodes = [n for n in nodes if n.words()[1] == words[1]]
            if len(words) > 2:
                nodes = [n for n in nodes if n.words()[2] == words[2]]
                if not nodes:
                    raise error(f"{words[1]} {words[2]} was not configured")
        out: list[str] = []
        for node in nodes:
            out.append(node.line)
            out.extend(" " * (d + 1) + n.line for d, n in node.walk())
            out.append("!")
        return "\n".join(out) + "\n" if out else ""

    # -- minimal show interfaces (used when the network model does not answer) ---------------

    def _interfaces(self, words: list[str]) -> str:
        infos = self._port_infos()
        if words and words[0] == "brief":
            return show.interfaces_brief_text(infos)
        if words:
            target = _short_name(words[0], words[1] if len(words) > 1 else "")
            infos = [p for p in infos if p.short == target]
            if not infos:
                raise error(f"invalid interface {' '.join(words)}")
        return show.interfaces_text(infos)

    def _port_infos(self) -> list[show.PortInfo]:
        root = self.running.root
        frame = self.running.frame_size
        tagged = {
            p
            for _, n in root.walk()
            if n.words() and n.words()[0] == "tagged"
            for p in expand_port_list(n.words()[1:])
        }
        infos: list[show.PortInfo] = []
        mgmt = root.child("interface management 1")
        if mgmt is not None:
            infos.append(self._info(mgmt, "mgmt1", "Ethernetmgmt1", "Ethernet", True, "1G", False, 0, frame))
        for i, port in enumerate(self.ports, start=1):
            node = root.child(f"interface ethernet {port}") or CNode(f"interface ethernet {port}")
            speed = "10G" if self.port_speed(port) == 10000 else "1G"
            hw = "10GigabitEthernet" if speed == "10G" else "GigabitEthernet"
            infos.append(self._info(node, port, f"{hw}{port}", hw, True, speed, port in tagged, i, frame))
        for node in root.find("interface ve"):
            n = node.words()[2]
            infos.append(self._info(node, f"ve{n}", f"Ve{n}", "Virtual Ethernet", False, "N/A", False, 0, frame))
        for node in root.find("interface loopback"):
            n = node.words()[2]
            infos.append(self._info(node, f"lb{n}", f"Loopback{n}", "Loopback", False, "N/A", False, 0, frame))
        return infos

    def _info(
        self, node: CNode, short: str, long: str, hw: str, physical: bool, speed: str,
        is_tagged: bool, index: int, frame: int,
    ) -> show.PortInfo:
        # ports are down unless `enable`; ve/loopback up unless `disable`
        up = node.child("enable") is not None if physical else node.child("disable") is None
        name = node.first("port-name")
        mtu = node.first("ip mtu")
        mac_int = self._mac_base + index
        mac = f"{mac_int >> 32 & 0xFFFF:04x}.{mac_int >> 16 & 0xFFFF:04x}.{mac_int & 0xFFFF:04x}"
        return show.PortInfo(
            short=short,
            long=long,
            hardware=hw,
            physical=physical,
            up=up,
            speed=speed,
            tagged=is_tagged,
            mac=mac,
            name=name.line[len("port-name ") :] if name else "",
            addresses=tuple(n.words()[2] for n in node.find("ip address")),
            ip_mtu=int(mtu.words()[2]) if mtu else frame - 18,
            frame=frame,
        )

    # -- prompts ---------------------------------------------------------------------------

    def prompt(self, level: str, context: list[CNode]) -> str:
        """``SSH@r2>`` (user), ``SSH@r2#`` (enable), ``SSH@r2(config-...)#`` (config)."""
        base = f"SSH@{self.hostname}"
        if level == "user":
            return f"{base}>"
        if level == "enable":
            return f"{base}#"
        return f"{base}({self.mode_name(context)})#"

    def mode_name(self, context: list[CNode]) -> str:
        if not context:
            return "config"
        node = context[-1]
        w = node.words()
        parent = context[-2].words() if len(context) > 1 else []
        if node.kind == "interface":
            if w[1] == "ethernet":
                return f"config-if-e{self.port_speed(w[2])}-{w[2]}"
            return {"ve": "config-vif-", "loopback": "config-lbif-", "management": "config-if-mgmt-"}[
                w[1]
            ] + w[2]
        if node.kind == "mpls-if":
            name = w[1]
            if name.startswith("ve"):
                return f"config-mpls-if-ve-{name[2:]}"
            return f"config-mpls-if-e{self.port_speed(name[1:])}-{name[1:]}"
        named = {
            "vlan": "config-vlan-",
            "path": "config-mpls-path-",
            "lsp": "config-mpls-lsp-",
            "vpls": "config-mpls-vpls-",
            "vll": "config-mpls-vll-",
        }
        if node.kind in named:
            return named[node.kind] + w[1]
        fixed = {"ospf": "config-ospf-router", "mpls": "config-mpls", "policy": "config-mpls-policy"}
        if node.kind in fixed:
            return fixed[node.kind]
        if node.kind == "secpath":
            return f"config-mpls-lsp-{parent[1]}-secpath-{w[1]}"
        if node.kind == "frr":
            return f"config-mpls-lsp-{parent[1]}-frr"
        if node.kind == "vpls-vlan":
            return f"config-mpls-vpls-{parent[1]}-vlan-{w[1]}"
        if node.kind == "vll-vlan":
            return f"config-mpls-vll-{parent[1]}-vlan-{w[1]}"
        if node.kind == "opaque":
            return _opaque_mode(w, context)
        if node.kind == "vpls-policy":
            return "config-mpls-vpls-policy"
        return "config"


def _opaque_mode(words: list[str], context: list[CNode]) -> str:
    """Prompt of an unmodelled block: ``router isis`` → ``config-isis-router``, ``ldp`` under
    ``router mpls`` → ``config-mpls-ldp``, ``lag "LAG" ...`` → ``config-lag-LAG``."""
    if words[0] == "router" and len(words) > 1:
        return f"config-{words[1]}-router"
    if words[0] == "lag" and len(words) > 1:
        return f"config-lag-{words[1].strip(chr(34))}"
    inside_mpls = any(n.kind == "mpls" for n in context[:-1])
    return f"config-mpls-{words[0]}" if inside_mpls else f"config-{words[0]}"


def _short_name(kind: str, arg: str) -> str:
    return {"ethernet": arg, "ve": f"ve{arg}", "loopback": f"lb{arg}", "management": f"mgmt{arg}"}[
        kind
    ]


def _no_reply(cmd: str, target: str) -> str:
    if cmd == "ping":
        return (
            f"Sending 1, 16-byte ICMP Echo to {target}, timeout 5000 msec, TTL 64\n"
            "Type Control-c to abort\n"
            "No reply from remote host."
        )
    return f"Type Control-c to abort\nTracing the route to IP node {target} from 1 to 30 hops\n"
