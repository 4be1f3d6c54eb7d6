"""The lab's OVS switch and its OpenFlow PEs (see the package docstring)."""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from mpls_interop_lab.ovs import deps

RECORD = "ovs.json"
FRR_DAEMONS = ("zebra", "ospfd", "ldpd")
#: MTU of internal ports facing CEs (the PE's flows enforce the real frame limits)
TAP_MTU = 9216
#: TAP ports per PE for its IP interfaces (v1..vN)
TAPS = 8


def _pdeathsig() -> None:  # pragma: no cover - runs in the child
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _run(*args: str, check: bool = True) -> str:
    proc = subprocess.run(list(args), capture_output=True, text=True, timeout=30)
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:4])}: {(proc.stderr or proc.stdout).strip()}")
    return proc.stdout


def plain_offloads(netns: str, dev: str) -> None:
    """No TSO, GSO or checksum offload on a TAP port in a namespace: the kernel sends only
    wire-sized, checksummed frames through it (see ``OvsFabric.switch_options``)."""
    _run("ip", "netns", "exec", netns, "ethtool", "-K", dev, "tso", "off", "gso", "off", "tx", "off")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _short(*parts: str, n: int = 8) -> str:
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:n]


@dataclass
class _Faults:
    down: bool = False
    drop_after: int | None = None
    commit_fail: bool = False


@dataclass
class OvsPe:
    """One OpenFlow PE: a bridge, its ports, a namespace with FRR."""

    name: str
    bridge: str
    netns: str
    run_dir: Path
    ports: dict[str, str] = field(default_factory=dict)  # intent port name → OVS interface name
    faults: _Faults = field(default_factory=_Faults)
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def frr_dir(self) -> Path:
        return self.run_dir / "frr"


@dataclass
class Standin:
    """A namespace playing an emulated router's end of a wire to an OpenFlow PE (see standin.py)."""

    device: str  # the emulated router
    port: str  # its port on the wire
    netns: str
    iface: str  # the OpenFlow PE's OVS interface that lives in the stand-in
    frr_dir: Path
    applied: object = None
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)


class OvsFabric:
    """ovsdb-server + ovs-vswitchd from a private run directory, and the PEs on it."""

    def __init__(self, state_dir: Path, devices: dict[str, list[str]], wires: list[tuple[tuple[str, str], tuple[str, str]]]) -> None:
        self.state_dir = state_dir
        self.tag = _short(str(state_dir.resolve()), n=6)
        self.devices = devices
        self.wires = [w for w in wires if w[0][0] in devices and w[1][0] in devices]
        #: wires from an OpenFlow PE port to an emulated router: (PE, port) → (router, port)
        self.foreign: dict[tuple[str, str], tuple[str, str]] = {}
        for a, b in wires:
            if a[0] in devices and b[0] not in devices:
                self.foreign[tuple(a)] = tuple(b)  # type: ignore[assignment]
            elif b[0] in devices and a[0] not in devices:
                self.foreign[tuple(b)] = tuple(a)  # type: ignore[assignment]
        self.standins: list[Standin] = []
        self.run_dir = Path(tempfile.mkdtemp(prefix=f"mi-ovs-{self.tag}-"))
        self.run_dir.chmod(0o755)
        self.db_port = 0
        self.switch_ns = f"mi{self.tag}-sw"
        self.namespaces: list[str] = []
        self.pes: dict[str, OvsPe] = {}
        self.procs: list[subprocess.Popen[bytes]] = []
        #: Open_vSwitch other_config set before the switch configures itself. The userspace
        #: datapath reads a TAP port into a buffer sized by the MTU it sees, and it cannot see a
        #: port moved into another namespace (it falls back to 1500): with userspace TSO its TAP
        #: reads take up to 64 KiB, so jumbo frames arrive whole. TSO, GSO and checksum offload
        #: are then turned off on every such port inside its namespace (``plain_offloads``), so
        #: the kernel hands over wire-sized frames only (TCP: LDP sessions) that the flows' frame
        #: limits can judge.
        self.switch_options: dict[str, str] = {"userspace-tso-enable": "true"}

    # ---- life cycle ----------------------------------------------------------------------------
    def start(self) -> None:
        deps.check()
        cleanup_stale(self.state_dir)
        self._record()
        d = self.run_dir
        _run("ovsdb-tool", "create", str(d / "conf.db"), deps.schema())
        self.db_port = _free_port()
        self._spawn(["ovsdb-server", str(d / "conf.db"), f"--remote=punix:{d}/db.sock",
                     f"--remote=ptcp:{self.db_port}:127.0.0.1", f"--unixctl={d}/ovsdb.ctl",
                     f"--log-file={d}/ovsdb.log", "--no-chdir"], env={"OVS_RUNDIR": str(d)})
        self._wait(lambda: (d / "db.sock").exists(), "ovsdb-server")
        # the userspace datapath's own TAP (ovs-netdev) is one per namespace: the switch gets its
        # own namespace, so labs (and a host OVS) never collide
        self._netns_add(self.switch_ns)
        self._spawn(["ovs-vswitchd", f"unix:{d}/db.sock", f"--unixctl={d}/vswitchd.ctl",
                     f"--log-file={d}/vswitchd.log", "--no-chdir"], env={"OVS_RUNDIR": str(d)},
                    netns=self.switch_ns)
        # options vswitchd reads once at its first configuration (one transaction with the init)
        extra = [a for k, v in self.switch_options.items()
                 for a in ("--", "set", "Open_vSwitch", ".", f"other_config:{k}={v}")]
        self.vsctl("--no-wait", "init", *extra)
        for n, (name, ports) in enumerate(sorted(self.devices.items())):
            self.pes[name] = self._pe(n, name, ports)
        self._wire()
        self._record()

    def _spawn(self, args: list[str], env: dict[str, str] | None = None, netns: str | None = None) -> subprocess.Popen[bytes]:
        cmd = ["ip", "netns", "exec", netns, *args] if netns else args
        log = open(self.run_dir / f"{Path(args[0]).name}.out", "ab")  # noqa: SIM115 - owned by the child
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
                                preexec_fn=_pdeathsig, start_new_session=True)
        self.procs.append(proc)
        return proc

    @staticmethod
    def _wait(cond, what: str, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if cond():
                return
            time.sleep(0.05)
        raise RuntimeError(f"{what} did not start")

    def _netns_add(self, ns: str) -> None:
        self.namespaces.append(ns)
        self._record()
        _run("ip", "netns", "del", ns, check=False)  # a namespace of this lab left by a crash
        _run("ip", "netns", "add", ns)

    def vsctl(self, *args: str) -> str:
        return _run("ovs-vsctl", f"--db=unix:{self.run_dir}/db.sock", "--timeout=10", *args)

    def _pe(self, n: int, name: str, ports: list[str]) -> OvsPe:
        bridge = f"mi{self.tag}b{n}"
        netns = f"mi{self.tag}-{name}"[:40]
        pe = OvsPe(name, bridge, netns, self.run_dir / name)
        pe.frr_dir.mkdir(parents=True)
        pe.run_dir.chmod(0o755)
        frr = pwd.getpwnam("frr")
        os.chown(pe.frr_dir, frr.pw_uid, frr.pw_gid)
        self.vsctl("add-br", bridge, "--", "set", "Bridge", bridge, "datapath_type=netdev",
                   "protocols=OpenFlow13,OpenFlow14", "fail_mode=secure",
                   f"external_ids:mpls-interop-device={name}", f"external_ids:netns={netns}",
                   f"external_ids:frr-vty={pe.frr_dir}", f"external_ids:mgmt=unix:{self.run_dir}/{bridge}.mgmt")
        self._netns_add(netns)
        _run("ip", "-n", netns, "link", "set", "lo", "up")
        for k in range(1, TAPS + 1):
            # the PE's IP interfaces: internal (TAP) ports moved into its namespace as v1..vN
            tap = f"m{_short(self.tag, name, f'v{k}')}"
            self._add_port(pe, f"v{k}", tap, "internal")
            _run("ip", "-n", self.switch_ns, "link", "set", tap, "netns", netns)
            _run("ip", "-n", netns, "link", "set", tap, "name", f"v{k}")
            plain_offloads(netns, f"v{k}")
        for key in ("net.ipv4.conf.all.rp_filter", "net.ipv4.conf.default.rp_filter"):
            _run("ip", "netns", "exec", netns, "sysctl", "-qw", f"{key}=0", check=False)
        wired = {end[1] for w in self.wires for end in w if end[0] == name}
        for port in ports:
            if port not in wired:
                # an attachment (an internal port facing a CE) or a link to an emulated router
                iface = f"m{_short(self.tag, name, port)}"
                self._add_port(pe, port, iface, "internal")
                if (name, port) in self.foreign:
                    self._standin(name, port, iface)
                else:
                    _run("ip", "-n", self.switch_ns, "link", "set", iface, "mtu", str(TAP_MTU), "up", check=False)
        pe.procs += self._frr(netns, pe.frr_dir, name)
        return pe

    def _frr(self, netns: str, frr_dir: Path, what: str) -> list[subprocess.Popen[bytes]]:
        procs = []
        for daemon in FRR_DAEMONS:
            args = [str(deps.FRR_DIR / daemon), "-u", "frr", "-g", "frr", "--vty_socket", str(frr_dir),
                    "-z", f"{frr_dir}/zserv.api", "-i", f"{frr_dir}/{daemon}.pid", "-f", "/dev/null",
                    "--log", f"file:{frr_dir}/{daemon}.log"]
            if daemon == "ldpd":
                args += ["--ctl_socket", str(frr_dir)]
            procs.append(self._spawn(args, netns=netns))
            self._record()
            if daemon == "zebra":
                self._wait(lambda: (frr_dir / "zserv.api").exists(), f"{what} zebra")
        self._wait(lambda: all((frr_dir / f"{d}.vty").exists() for d in FRR_DAEMONS), f"{what} FRR")
        return procs

    def _standin(self, pe: str, port: str, iface: str) -> None:
        dev, dport = self.foreign[(pe, port)]
        n = len(self.standins)
        netns = f"mi{self.tag}-x{n}"
        frr_dir = self.run_dir / f"standin{n}"
        frr_dir.mkdir(parents=True)
        frr = pwd.getpwnam("frr")
        os.chown(frr_dir, frr.pw_uid, frr.pw_gid)
        self._netns_add(netns)
        _run("ip", "-n", netns, "link", "set", "lo", "up")
        _run("ip", "-n", self.switch_ns, "link", "set", iface, "netns", netns)
        # OVS cannot see a port's state once it lives in another namespace: publish it
        self.vsctl("set", "Interface", iface, "external_ids:mpls-interop-link=up")
        _run("ip", "-n", netns, "link", "set", iface, "name", "w0")
        plain_offloads(netns, "w0")
        _run("ip", "-n", netns, "link", "set", "w0", "up")
        st = Standin(dev, dport, netns, iface, frr_dir)
        st.procs = self._frr(netns, frr_dir, f"{dev} stand-in")
        self.standins.append(st)

    def apply_standin(self, st: Standin, cfg: object) -> None:
        """Bring a stand-in to ``cfg`` (a standin.StandinConfig) when it changed."""
        if st.applied == cfg:
            return
        ns = ["ip", "-n", st.netns]
        _run(*ns, "addr", "flush", "dev", "w0", check=False)
        _run(*ns, "link", "set", "w0", "mtu", str(cfg.ip_mtu), "up", check=False)  # type: ignore[attr-defined]
        if cfg.address:  # type: ignore[attr-defined]
            _run(*ns, "addr", "add", cfg.address, "dev", "w0")  # type: ignore[attr-defined]
        _run(*ns, "addr", "flush", "dev", "lo", "scope", "global", check=False)
        if cfg.loopback:  # type: ignore[attr-defined]
            _run(*ns, "addr", "add", cfg.loopback, "dev", "lo")  # type: ignore[attr-defined]
        vty = ["vtysh", "--vty_socket", str(st.frr_dir)]
        running = _run(*vty, "-c", "show running-config", check=False)
        undo = ["-c", "configure terminal", "-c", "no router ospf", "-c", "no mpls ldp"]
        for line in running.splitlines():
            if line.startswith("l2vpn "):
                undo += ["-c", f"no {line.strip()}"]
        _run(*vty, *undo, check=False)
        path = st.frr_dir / "standin.conf"
        path.write_text(cfg.frr)  # type: ignore[attr-defined]
        path.chmod(0o644)
        _run(*vty, "-f", str(path), check=False)
        st.applied = cfg

    def _add_port(self, pe: OvsPe, port: str, iface: str, kind: str, *opts: str) -> None:
        self.vsctl("add-port", pe.bridge, iface, "--", "set", "Interface", iface, f"type={kind}", *opts,
                   f"external_ids:mpls-interop-port={port}", f"external_ids:mpls-interop-bridge={pe.bridge}")
        pe.ports[port] = iface

    def _wire(self) -> None:
        for (da, pa), (db, pb) in self.wires:
            ia, ib = f"m{_short(self.tag, da, pa)}", f"m{_short(self.tag, db, pb)}"
            self._add_port(self.pes[da], pa, ia, "patch", f"options:peer={ib}")
            self._add_port(self.pes[db], pb, ib, "patch", f"options:peer={ia}")

    def program(self, name: str) -> str:
        """The program the toolkit committed on a PE ('' before the first deploy)."""
        pe = self.pes[name]
        out = self.vsctl("--if-exists", "get", "Bridge", pe.bridge, "external_ids:mpls-interop-program").strip()
        if not out:
            return ""
        try:
            return json.loads(out) if out.startswith('"') else out
        except ValueError:
            return ""

    def set_link(self, name: str, port: str, up: bool) -> None:
        """A lab link fault on a PE port: the wire is unplugged (patch peer removed, or the far
        end's interface set down) and the state published for the driver."""
        iface = self.pes[name].ports[port]
        wire = next((w for w in self.wires if (name, port) in w), None)
        if wire is not None:
            other = wire[1] if wire[0] == (name, port) else wire[0]
            peer = self.pes[other[0]].ports[other[1]] if up else f"mi-unplugged-{iface}"
            self.vsctl("set", "Interface", iface, f"options:peer={peer}")
        else:
            standin = next((st for st in self.standins if st.iface == iface), None)
            ns = standin.netns if standin else self.switch_ns
            dev = "w0" if standin else iface
            _run("ip", "-n", ns, "link", "set", dev, "up" if up else "down", check=False)
        self.vsctl("set", "Interface", iface, f"external_ids:mpls-interop-link={'up' if up else 'down'}")

    def _record(self) -> None:
        rec = {"run_dir": str(self.run_dir), "netns": self.namespaces, "pids": [p.pid for p in self.procs]}
        (self.state_dir / RECORD).write_text(json.dumps(rec))

    def stop(self) -> None:
        for p in reversed(self.procs):
            with contextlib.suppress(ProcessLookupError):
                p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
        for ns in self.namespaces:
            _run("ip", "netns", "del", ns, check=False)
        shutil.rmtree(self.run_dir, ignore_errors=True)
        (self.state_dir / RECORD).unlink(missing_ok=True)


def _is_ours(pid: int, run_dir: str) -> bool:
    """Whether ``pid`` is still one of the crashed lab's processes: every process a lab spawns
    names its run directory on its command line. A recorded PID alone is not enough: after a
    crash the kernel may have given it to anything else (another lab's daemon, a test)."""
    if not run_dir or not Path(run_dir).name.startswith("mi-ovs-"):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return run_dir.encode() in cmdline


def cleanup_stale(state_dir: Path) -> None:
    """Remove what a crashed lab left behind (its record in the state directory)."""
    path = state_dir / RECORD
    if not path.exists():
        return
    try:
        rec = json.loads(path.read_text())
    except ValueError:
        rec = {}
    run_dir = rec.get("run_dir", "")
    for pid in rec.get("pids", []):
        if _is_ours(int(pid), run_dir):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(int(pid), signal.SIGTERM)
    for ns in rec.get("netns", []):
        _run("ip", "netns", "del", ns, check=False)
    if run_dir and Path(run_dir).name.startswith("mi-ovs-"):
        shutil.rmtree(run_dir, ignore_errors=True)
    path.unlink(missing_ok=True)
