"""Driver for an OpenFlow PE: an OVS bridge (OVSDB + OpenFlow 1.4) and FRR in a network namespace.

How the device is found: ``target.host:target.port`` is the OVSDB server (``tcp:``); the bridge
whose ``external_ids:mpls-interop-device`` is the target's name is the PE. Its other external ids
say where the rest lives: ``mgmt`` (the bridge's OpenFlow management socket), ``netns`` (the PE's
IP stack), ``frr-vty`` (FRR's vty socket directory) and ``program`` (the committed program).
Ports carry ``external_ids:mpls-interop-port`` (the name the intent uses); the program's
``{port}`` placeholders are bound to their OpenFlow port numbers at load time.

Commit: the host interfaces and FRR are brought to the program, then every flow is replaced in
one OpenFlow 1.4 bundle (``ovs-ofctl --bundle replace-flows``: all or nothing). The flow set
dumped before the commit and the previous program are kept for :meth:`rollback`. OVS has no
commit-confirmed: the confirm timer runs in this process (a timer thread) and an unconfirmed
change is rolled back when it fires or when the session closes. The driver runs on the OVS host
(it uses the ``ovs-ofctl``/``ovs-vsctl``/``ip``/``vtysh`` commands).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from mpls_interop.sdk.driver import Driver, DriverError
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
from mpls_interop.vendors.openflow.program import Program, parse
from mpls_interop.vendors.openflow.render import LEARNT_COOKIE

#: how a flow that MAC learning added shows in ``dump-flows``
LEARNT = f"cookie={LEARNT_COOKIE:#x},"

OF = "OpenFlow14"
HEADER_LINE = "! mpls-interop openflow program"
#: after a commit, protocol getters wait (at most this long) for OSPF and LDP to converge, as an
#: operator would: FRR needs a few hello intervals, the emulated routers need none
SETTLE_SECONDS = 45
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9]*)\}")
_LABEL = re.compile(r"\{label:(in|out):(\d+):([0-9.]+)\}")
#: at commit, how long to wait for LDP to signal the PW labels the flows need (both ends commit at
#: the same time in a deploy; FRR's targeted sessions come up in ~15 s)
LABEL_WAIT_SECONDS = 90
Labels = dict[tuple[int, str], tuple[int | None, int | None]]
_OSPF_STATE = {"full": "Full", "exstart": "ExStart", "exchange": "Exchange", "init": "Init", "2-way": "2Way",
               "loading": "Loading", "down": "Down", "attempt": "Attempt"}


class OpenFlowDriver(Driver):
    vendor = "openflow"

    def __init__(self, target) -> None:  # type: ignore[no-untyped-def]
        super().__init__(target)
        self.bridge = ""
        self.ids: dict[str, str] = {}
        self.ofports: dict[str, int] = {}
        self.staged: Program | None = None
        self._saved_flows: str | None = None
        self._saved_program = ""
        #: the bridge's record of bound PW labels before this run's commit (OVSDB syntax, '' none)
        self._saved_labels = ""
        self._timer: threading.Timer | None = None
        self._pending = False
        self._lock = threading.Lock()
        self._settled = False
        #: binds PW labels LDP signals after the commit's own wait, while the commit is pending
        self._late: threading.Thread | None = None
        self._late_stop = threading.Event()
        self._publishing = threading.Lock()

    # ---- plumbing ---------------------------------------------------------------------------
    def _run(self, args: list[str], check: bool = True, stdin: str | None = None) -> str:
        try:
            proc = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=self.target.timeout)
        except FileNotFoundError:
            raise self.error(f"{args[0]} is not installed (Debian: openvswitch-switch, frr, iproute2)") from None
        except subprocess.TimeoutExpired:
            raise self.error(f"{args[0]} timed out") from None
        if check and proc.returncode != 0:
            raise self.error(f"{' '.join(args[:3])}: {(proc.stderr or proc.stdout).strip().splitlines()[-1:]}")
        return proc.stdout

    def _vsctl(self, *args: str) -> str:
        return self._run(["ovs-vsctl", f"--db=tcp:{self.target.host}:{self.target.port}", "--timeout=10", *args])

    def _ofctl(self, *args: str, stdin: str | None = None, check: bool = True) -> str:
        return self._run(["ovs-ofctl", "-O", OF, *args], stdin=stdin, check=check)

    def _ns(self, *args: str, check: bool = True) -> str:
        return self._run(["ip", "netns", "exec", self.ids["netns"], *args], check=check)

    def _vtysh(self, command: str) -> str:
        return self._run(["vtysh", "--vty_socket", self.ids["frr-vty"], "-c", command])

    def _vtysh_json(self, command: str) -> dict:
        try:
            return json.loads(self._vtysh(command) or "{}")
        except ValueError:
            return {}

    # ---- session ----------------------------------------------------------------------------
    def connect(self) -> None:
        out = self._vsctl("--format=json", "--columns=name,external_ids", "find", "Bridge",
                          f"external_ids:mpls-interop-device={self.name}")
        rows = json.loads(out).get("data", [])
        if not rows:
            raise self.error(f"no OVS bridge with external_ids:mpls-interop-device={self.name}")
        self.bridge = rows[0][0]
        self.ids = dict(rows[0][1][1])
        for need in ("mgmt", "netns", "frr-vty"):
            if need not in self.ids:
                raise self.error(f"bridge {self.bridge} has no external_ids:{need}")
        self._ports()

    def _ports(self) -> None:
        out = self._vsctl("--format=json", "--columns=ofport,external_ids", "find", "Interface",
                          f"external_ids:mpls-interop-bridge={self.bridge}")
        self.ofports = {}
        for ofport, ids in json.loads(out).get("data", []):
            name = dict(ids[1]).get("mpls-interop-port")
            if name and isinstance(ofport, int) and ofport > 0:
                self.ofports[name] = ofport

    def close(self) -> None:
        self._stop_late()
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            pending = self._pending
        if pending:
            self.rollback()

    # ---- configuration ----------------------------------------------------------------------
    def get_config(self) -> str:
        out = self._vsctl("--if-exists", "get", "Bridge", self.bridge, "external_ids:mpls-interop-program").strip()
        return json.loads(out) if out.startswith('"') else out

    def load(self, config_text: str) -> None:
        try:
            prog = parse(config_text)
        except ValueError as exc:
            raise self.error(f"not a program: {exc}") from None
        if prog.value("device") not in ("", self.name):
            raise self.error(f"the program is for {prog.value('device')}, not {self.name}")
        self._bind(prog)  # every port the flows name exists
        self.staged = prog

    def _bind(self, prog: Program, labels: Labels | None = None) -> str:
        """The program's flows with OpenFlow port numbers and the PW labels LDP signalled; a flow
        needing a label LDP has not signalled (yet) is left out: that PW carries nothing."""
        missing: list[str] = []
        labels = labels or {}

        def port(m: re.Match[str]) -> str:
            if m.group(1) not in self.ofports:
                missing.append(m.group(1))
                return "0"
            return str(self.ofports[m.group(1)])

        out = []
        for f in prog.lines("flows"):
            if f.startswith("#"):
                continue
            unbound = False

            def label(m: re.Match[str]) -> str:
                nonlocal unbound
                local, remote = labels.get((int(m.group(2)), m.group(3)), (None, None))
                value = local if m.group(1) == "in" else remote
                if value is None:
                    unbound = True
                    return "0"
                return str(value)

            f = _LABEL.sub(label, _PLACEHOLDER.sub(port, f))
            if not unbound:
                out.append(f)
        if missing:
            raise self.error(f"bridge {self.bridge} has no port {sorted(set(missing))[0]}")
        return "\n".join(out) + "\n"

    def _signalled(self) -> Labels:
        """(PW id, peer) → (label this PE signals, label the peer signals), from FRR's ldpd."""
        out: Labels = {}
        for b in self._vtysh_json("show l2vpn atom binding json").values():
            if not isinstance(b, dict) or "vcId" not in b:
                continue
            local, remote = b.get("localLabel"), b.get("remoteLabel")
            out[(int(b["vcId"]), str(b.get("destination", "")))] = (
                local if isinstance(local, int) else None, remote if isinstance(remote, int) else None)
        return out

    @staticmethod
    def _needed(prog: Program) -> set[tuple[int, str]]:
        return {(int(m.group(2)), m.group(3)) for f in prog.lines("flows") for m in _LABEL.finditer(f)}

    def _wait_for_labels(self, prog: Program) -> Labels:
        """The signalled labels, once every PW the flows program has both (or the wait is over).
        Fails at once when the deploy abandons the transaction (a peer whose commit failed never
        signals)."""
        need = self._needed(prog)
        deadline = time.monotonic() + LABEL_WAIT_SECONDS
        while True:
            labels = self._signalled()
            if all(None not in labels.get(k, (None, None)) for k in need) or time.monotonic() > deadline:
                return labels
            self.pause(1)

    def _bound(self) -> Labels:
        out = self._vsctl("--if-exists", "get", "Bridge", self.bridge, "external_ids:mpls-interop-labels").strip()
        try:
            raw = json.loads(json.loads(out)) if out.startswith('"') else {}
        except ValueError:
            raw = {}
        return {(int(k.split("@")[0]), k.split("@")[1]): (v[0], v[1]) for k, v in raw.items()}

    def _labels_stale(self, prog: Program) -> list[str]:
        """PWs whose flows use labels that are not the ones LDP signals now."""
        bound, now = self._bound(), self._signalled()
        return [f"PW {k[0]} to {k[1]}" for k in sorted(self._needed(prog))
                if now.get(k, (None, None)) != bound.get(k, (None, None))]

    def diff(self) -> str:
        if self.staged is None:
            return ""
        running = self.get_config()
        diff = difflib.unified_diff(running.splitlines(), self.staged.text.splitlines(), "running", "candidate",
                                    lineterm="", n=1)
        out = "\n".join(diff)
        if not out and self._flows_drifted(self.staged):
            out = "flows differ from the committed program (changed out of band): they will be replaced"
        if not out:
            stale = self._labels_stale(self.staged)
            if stale:
                out = f"LDP signals other labels than the flows use ({', '.join(stale)}): the flows will be rebound"
        return out

    def preview(self, config_text: str) -> str:
        """Read-only diff (``diff``, ``deploy --dry-run``): the saved program, the flow digest and
        FRR's label bindings are read; nothing is staged or pushed."""
        before = self.staged
        try:
            self.load(config_text)
            return self.diff()
        finally:
            self.staged = before

    def _flows_drifted(self, prog: Program) -> bool:
        """The bridge's flows are not the set this driver committed (someone changed them)."""
        out = self._vsctl("--if-exists", "get", "Bridge", self.bridge, "external_ids:mpls-interop-flows").strip()
        want = out.strip('"') if out else ""
        return not want or want != self._digest()

    def _dump(self) -> str:
        """The bridge's flows as the program put them (without the MACs ``learn()`` added since;
        the flow set saved for rollback keeps them, so a restore puts back what was there)."""
        dump = self._ofctl("dump-flows", "--no-stats", "--no-names", self.ids["mgmt"])
        return "".join(x for x in dump.splitlines(keepends=True) if not x.strip().startswith(LEARNT))

    def _digest(self) -> str:
        dump = self._dump()
        lines = sorted(x.strip() for x in dump.splitlines() if x.strip() and "_ST" not in x)
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]

    def commit(self, confirm_minutes: int | None = None) -> None:
        if self.staged is None:
            raise self.error("nothing staged")
        prog = self.staged
        self._bind(prog)
        self.check_abandoned()  # nothing touched yet: nothing for the rollback to undo
        self._saved_program = self.get_config()
        self._saved_flows = self._ofctl("dump-flows", "--no-stats", "--no-names", self.ids["mgmt"])
        self._saved_labels = self._vsctl("--if-exists", "get", "Bridge", self.bridge,
                                         "external_ids:mpls-interop-labels").strip()
        try:
            old = parse(self._saved_program) if self._saved_program else None
        except ValueError:
            old = None
        try:
            self._apply_host(prog, old)
            self._apply_frr(prog, old)
            self.check_abandoned()  # abandoned meanwhile: no flows published, host and FRR restored
            # first bundle: everything but PWs whose labels LDP has not signalled yet (OSPF and
            # LDP need the flows to reach the peers); second bundle: the PW flows, once LDP has
            # signalled their labels (or what is known when the wait is over)
            self._publish(prog, self._signalled())
            labels = self._wait_for_labels(prog)
            self._publish(prog, labels)
        except Exception:
            self._restore()
            raise
        with self._lock:
            self._pending = True
            if confirm_minutes:
                self._timer = threading.Timer(confirm_minutes * 60, self._expire)
                self._timer.daemon = True
                self._timer.start()
        if self._needed(prog):
            self._late_stop.clear()
            self._late = threading.Thread(target=self._bind_late, args=(prog, labels), daemon=True,
                                          name=f"{self.name}-labels")
            self._late.start()

    def _bind_late(self, prog: Program, published: Labels) -> None:
        """While the commit is pending (verify runs; ``--wait`` lets the network converge), bind
        the PW labels LDP signals after the commit's own wait, or signals anew (a peer
        restarted): the flows follow within a second, in one bundle each time, never dropping a
        label already bound. Stopped by confirm, rollback and close."""
        need = sorted(self._needed(prog))

        def known(labels: Labels) -> list[tuple[int | None, int | None]]:
            return [labels.get(k, (None, None)) for k in need]

        def count(pairs: list[tuple[int | None, int | None]]) -> int:
            return sum(1 for pair in pairs for label in pair if label is not None)

        last = known(published)
        while not self._late_stop.wait(1.0):
            try:
                now = self._signalled()
            except DriverError:
                continue
            if known(now) == last or count(known(now)) < count(last):
                continue
            with self._publishing:
                if self._late_stop.is_set():
                    return
                try:
                    self._publish(prog, now)
                except DriverError:
                    continue
            last = known(now)

    def _stop_late(self) -> None:
        self._late_stop.set()
        with self._publishing:  # a bundle being sent finishes before anything else touches flows
            pass
        late, self._late = self._late, None
        if late is not None and late is not threading.current_thread():
            late.join(timeout=self.target.timeout)

    def _publish(self, prog: Program, labels: Labels) -> None:
        """One bundle with the program's flows bound to ``labels``, and the bridge's record of it."""
        self._replace_flows(self._bind(prog, labels))
        bound = {f"{k[0]}@{k[1]}": list(labels.get(k, (None, None))) for k in self._needed(prog)}
        self._vsctl("set", "Bridge", self.bridge, f"external_ids:mpls-interop-program={json.dumps(prog.text)}",
                    "--", "set", "Bridge", self.bridge, f"external_ids:mpls-interop-labels={json.dumps(json.dumps(bound))}",
                    "--", "set", "Bridge", self.bridge, f"external_ids:mpls-interop-flows={self._digest()}",
                    "--", "set", "Bridge", self.bridge, f"external_ids:mpls-interop-committed-at={time.time():.0f}")

    def extend_confirm(self, minutes: int) -> None:
        """The confirm timer runs in this process: start it again, ``minutes`` from now."""
        with self._lock:
            if not self._pending or self._timer is None:
                return
            self._timer.cancel()
            self._timer = threading.Timer(minutes * 60, self._expire)
            self._timer.daemon = True
            self._timer.start()

    def _expire(self) -> None:
        with self._lock:
            if not self._pending:
                return
        self.rollback()

    def _replace_flows(self, flows: str) -> None:
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "flows"
            path.write_text(flows)
            self._ofctl("--bundle", "replace-flows", self.ids["mgmt"], str(path))

    def confirm(self) -> None:
        """Make the change permanent: the committed program becomes the saved one (what the
        bridge is brought back to after a restart of the switch or a ``restore``)."""
        self._stop_late()
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self._pending = False
            self._saved_flows = None
        self._vsctl("set", "Bridge", self.bridge, f"external_ids:mpls-interop-saved={json.dumps(self.get_config())}")

    def get_saved_config(self) -> str:
        out = self._vsctl("--if-exists", "get", "Bridge", self.bridge, "external_ids:mpls-interop-saved").strip()
        if not out:
            return self.get_config()
        return json.loads(out) if out.startswith('"') else out

    def restore(self, running: str, saved: str) -> None:
        """Bring the bridge to the recorded program (host, FRR, flows in one bundle) and record
        ``saved`` as the saved one (``interop recover``)."""
        if running.strip():
            self.load(running)
            self.commit()
        else:  # the bridge had no program: an empty flow set, FRR and TAP ports cleared
            self._saved_program = self.get_config()
            self._saved_flows = self._ofctl("dump-flows", "--no-stats", "--no-names", self.ids["mgmt"])
            self._clear()
        with self._lock:
            self._pending = False
            self._saved_flows = None
        self._vsctl("set", "Bridge", self.bridge, f"external_ids:mpls-interop-saved={json.dumps(saved)}")
        if self.get_config() != running:
            raise self.error("the running program could not be restored")

    def _clear(self) -> None:
        empty = parse(HEADER_LINE + "\n[meta]\n[host]\n[frr]\n[flows]\n")
        self._apply_host(empty, None)
        self._apply_frr(empty, None)
        self._replace_flows("")
        self._vsctl("set", "Bridge", self.bridge, f"external_ids:mpls-interop-program={json.dumps('')}",
                    "--", "set", "Bridge", self.bridge, f"external_ids:mpls-interop-flows={self._digest()}")

    def rollback(self) -> None:
        self._stop_late()
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            committed = self._pending
            self._pending = False
        self.staged = None
        if committed and self._saved_flows is not None:
            self._restore()
            self._saved_flows = None

    def _restore(self) -> None:
        """Back to the program and flow set the bridge had before this run's commit."""
        try:
            old = parse(self._saved_program) if self._saved_program else None
        except ValueError:
            old = None
        if old is None:  # the bridge had no program: clear what this run set up
            old = parse(HEADER_LINE + "\n[meta]\n[host]\n[frr]\n[flows]\n")
        self._apply_host(old, None)
        self._apply_frr(old, None)
        if self._saved_flows is not None:
            flows = "\n".join(x for x in self._saved_flows.splitlines() if x.strip() and "_ST" not in x) + "\n"
            self._replace_flows(flows)
        labels = (["set", "Bridge", self.bridge, f"external_ids:mpls-interop-labels={self._saved_labels}"]
                  if self._saved_labels else ["remove", "Bridge", self.bridge, "external_ids", "mpls-interop-labels"])
        self._vsctl("set", "Bridge", self.bridge,
                    f"external_ids:mpls-interop-program={json.dumps(self._saved_program)}",
                    "--", "set", "Bridge", self.bridge, f"external_ids:mpls-interop-flows={self._digest()}",
                    "--", *labels)

    # ---- host and FRR -------------------------------------------------------------------------
    def _apply_host(self, prog: Program, old: Program | None) -> None:
        """Addresses, MTUs and MACs of the PE's TAP ports (v1..vN) and loopback."""
        links = json.loads(self._ns("ip", "-j", "addr", "show") or "[]")
        have = {x["ifname"]: x for x in links}
        want: set[str] = set()
        for line in prog.lines("host"):
            w = line.split()
            if w[0] == "loopback":
                self._ns("ip", "addr", "replace", w[1], "dev", "lo")
            elif w[0] == "link":
                name, kv = w[1], dict(zip(w[2::2], w[3::2], strict=False))
                if name not in have:
                    raise self.error(f"the PE has no TAP port {name} in its namespace")
                want.add(name)
                self._ns("ip", "link", "set", name, "mtu", kv["mtu"], "address", kv["mac"], "up")
                addrs = [f"{a['local']}/{a['prefixlen']}" for a in have[name].get("addr_info", [])
                         if a.get("family") == "inet"]
                if addrs != [kv["address"]]:
                    self._ns("ip", "addr", "flush", "dev", name)
                    self._ns("ip", "addr", "add", kv["address"], "dev", name)
        for name in have:
            if re.match(r"^v\d+$", name) and name not in want:
                self._ns("ip", "addr", "flush", "dev", name, check=False)
                self._ns("ip", "link", "set", name, "down", check=False)
        keep = {w.split()[1] for w in prog.lines("host") if w.startswith("loopback ")}
        for a in have.get("lo", {}).get("addr_info", []):
            cidr = f"{a['local']}/{a['prefixlen']}"
            if a.get("family") == "inet" and not a["local"].startswith("127.") and cidr not in keep:
                self._ns("ip", "addr", "del", cidr, "dev", "lo", check=False)
        del old

    def _apply_frr(self, prog: Program, old: Program | None) -> None:
        if old is not None and old.lines("frr") == prog.lines("frr"):
            return
        cmds = ["configure terminal", "no router ospf", "no mpls ldp"]
        running = self._vtysh("show running-config")
        for m in re.finditer(r"^l2vpn (\S+) type (\S+)", running, re.M):
            cmds.append(f"no l2vpn {m.group(1)} type {m.group(2)}")
        for m in re.finditer(r"^interface (v\d+)$", running, re.M):
            cmds.append(f"no interface {m.group(1)}")
        args = ["vtysh", "--vty_socket", self.ids["frr-vty"]]
        for c in cmds:
            args += ["-c", c]
        self._run(args, check=False)
        with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as fh:
            fh.write("\n".join(prog.lines("frr")) + "\n")
            path = fh.name
        try:
            Path(path).chmod(0o644)
            self._run(["vtysh", "--vty_socket", self.ids["frr-vty"], "-f", path])
        finally:
            Path(path).unlink(missing_ok=True)

    # ---- state --------------------------------------------------------------------------------
    def _program(self) -> Program | None:
        text = self.get_config()
        try:
            return parse(text) if text else None
        except ValueError:
            return None

    def facts(self) -> Facts:
        version = self._run(["ovs-vswitchd", "--version"], check=False).splitlines()[:1]
        return Facts(hostname=self.name, vendor=self.vendor, model="Open vSwitch (netdev)",
                     os_version=version[0] if version else "")

    def interfaces(self) -> list[Interface]:
        prog = self._program()
        mtus = {r["name"]: int(r["mtu"]) for r in prog.meta("port")} if prog else {}
        out = self._vsctl("--format=json", "--columns=admin_state,link_state,external_ids", "find", "Interface",
                          f"external_ids:mpls-interop-bridge={self.bridge}")
        result: list[Interface] = []
        up_ports: dict[str, bool] = {}
        for admin, link, ids in json.loads(out).get("data", []):
            name = dict(ids[1]).get("mpls-interop-port")
            if not name or re.match(r"^v\d+$", name):
                continue
            admin_up, oper = admin == "up", link == "up"
            published = dict(ids[1]).get("mpls-interop-link")  # a port living in another namespace
            if published is not None:  # the program never sets a port admin down: only the link
                admin_up, oper = True, published == "up"
            up_ports[name] = admin_up and oper
            result.append(Interface(name=name, admin_up=admin_up, oper_up=oper, l2_mtu=mtus.get(name)))
        if prog is None:
            return result
        links = {x["ifname"]: x for x in json.loads(self._ns("ip", "-j", "addr", "show") or "[]")}
        for r in prog.meta("ipif"):
            k = r["tap"]
            x = links.get(k)
            addrs = tuple(f"{a['local']}/{a['prefixlen']}" for a in (x or {}).get("addr_info", []) if a.get("family") == "inet")
            oper = bool(x) and "UP" in x.get("flags", []) and up_ports.get(r["port"], False)
            result.append(Interface(name=r["name"], admin_up=bool(x), oper_up=oper,
                                    ip_mtu=x.get("mtu") if x else None, addresses=addrs))
        return result

    def _settle(self) -> None:
        """Wait out convergence after a recent commit (OSPF Full on every OSPF interface, LDP up
        to every PW peer), never longer than SETTLE_SECONDS after the commit."""
        if self._settled:
            return
        self._settled = True
        at = self.ids.get("mpls-interop-committed-at", "0").strip('"')
        deadline = (float(at) if at.replace(".", "", 1).isdigit() else 0.0) + SETTLE_SECONDS
        prog = self._program()
        if prog is None:
            return
        want_ospf = sum(1 for r in prog.meta("ipif") if "ospf" in r)
        while time.time() < deadline:
            full = sum(1 for n in self._ospf() if n.full)
            ldp = all(s.up for s in self._ldp(prog))
            if full >= want_ospf and ldp:
                return
            time.sleep(1)

    def ospf_neighbors(self) -> list[OspfNeighbor]:
        self._settle()
        return self._ospf()

    def _ospf(self) -> list[OspfNeighbor]:
        prog = self._program()
        names = {r["tap"]: r["name"] for r in prog.meta("ipif")} if prog else {}
        data = self._vtysh_json("show ip ospf neighbor json")
        out = []
        for rid, entries in data.get("neighbors", {}).items():
            for e in entries:
                raw = str(e.get("nbrState") or e.get("state", "")).split("/")[0].lower()
                state = _OSPF_STATE.get(raw, raw.capitalize())
                ifname = str(e.get("ifaceName", "")).split(":")[0]
                out.append(OspfNeighbor(interface=names.get(ifname, ifname), neighbor_id=rid,
                                        address=str(e.get("ifaceAddress") or e.get("address", "")),
                                        state=state, full=state == "Full"))
        return out

    def ldp_sessions(self) -> list[LdpSession]:
        self._settle()
        return self._ldp(self._program())

    def _ldp(self, prog: Program | None) -> list[LdpSession]:
        peers = sorted({r["peer"] for r in prog.meta("pw")}) if prog else []
        data = self._vtysh_json("show mpls ldp neighbor json")
        seen = {str(n.get("neighborId")): str(n.get("state", "")) for n in data.get("neighbors", [])}
        return [LdpSession(peer=p, state=seen.get(p, "Nonexistent").capitalize(), up=seen.get(p, "").upper() == "OPERATIONAL")
                for p in peers]

    def _route_to(self, address: str) -> bool:
        out = self._ns("ip", "-j", "route", "get", address, check=False)
        try:
            return bool(json.loads(out or "[]"))
        except ValueError:
            return False

    def lsps(self) -> list[Lsp]:
        """LDP transport LSPs towards each PW peer (up when the peer's loopback is routed)."""
        prog = self._program()
        if prog is None:
            return []
        src = prog.value("loopback")
        return [Lsp(name=f"ldp-{p}", destination=p, source=src, up=self._route_to(p), state="LDP")
                for p in sorted({r["peer"] for r in prog.meta("pw")})]

    def pseudowires(self) -> list[Pseudowire]:
        prog = self._program()
        if prog is None:
            return []
        self._settle()
        ldp = {s.peer: s.up for s in self._ldp(prog)}
        ports = {i.name: i.oper_up for i in self.interfaces()}
        acs: dict[tuple[str, str], list[str]] = {}
        for r in prog.meta("ac"):
            acs.setdefault((r["kind"], r["name"]), []).append(r["port"])
        ris = {(r["kind"], r["name"]) for r in prog.meta("ri")}
        signalled, bound = self._signalled(), self._bound()
        out = []
        for r in prog.meta("pw"):
            key = (r["kind"], r["name"])
            pw_key = (int(r["id"]), r["peer"])
            local, remote = signalled.get(pw_key, (None, None))
            ac_up = key in ris or any(ports.get(p, False) for p in acs.get(key, []))
            if not ac_up:
                status, reason = "AC-DOWN", "local attachment circuit is down"
            elif r.get("via", "-") == "-":
                status, reason = "NO-ROUTE", f"no direct link to {r['peer']}"
            elif not ldp.get(r["peer"]):
                status, reason = "LDP-DOWN", f"no LDP session to {r['peer']}"
            elif remote is None:
                status, reason = "NO-REMOTE", f"{r['peer']} signals no label for PW {r['id']}"
            elif bound.get(pw_key) != (local, remote):
                status, reason = "LABEL-STALE", (
                    f"the flows use labels {bound.get(pw_key)}, LDP signals {(local, remote)}: deploy again")
            else:
                status, reason = "Up", ""
            out.append(Pseudowire(kind=r["kind"], service_id=int(r["id"]), name=r["name"], peer=r["peer"],  # type: ignore[arg-type]
                                  up=status == "Up", status=status, reason=reason, local_label=local,
                                  remote_label=remote, pw_type=r["mode"], mtu=int(r["mtu"])))  # type: ignore[arg-type]
        return out

    def bfd_sessions(self) -> list[BfdSession]:
        """The PE runs no BFD (FRR's bfdd is not part of its program)."""
        return []

    def ping(self, target: str, size: int, df: bool = True, count: int = 3, source: str | None = None,
             vrf: str | None = None) -> PingResult:
        if vrf:
            return PingResult(target=target, size=size, df=df, sent=0, received=0, error="no VRFs on this PE")
        args = ["ping", "-n", "-q", "-c", str(count), "-i", "0.2", "-W", "1", "-s", str(size),
                "-M", "do" if df else "dont"]
        if source:
            args += ["-I", source]
        out = self._ns(*args, target, check=False)
        m = re.search(r"(\d+) packets transmitted, (\d+) received", out)
        if not m:
            return PingResult(target=target, size=size, df=df, sent=count, received=0,
                              frag_needed="message too long" in out.lower(), error=out.strip()[-120:])
        return PingResult(target=target, size=size, df=df, sent=int(m.group(1)), received=int(m.group(2)),
                          frag_needed="frag needed" in out.lower())


def available() -> list[str]:
    """Commands this driver needs that are missing on this host."""
    return [c for c in ("ovs-vsctl", "ovs-ofctl", "vtysh", "ip", "ping") if shutil.which(c) is None]


DRIVER = OpenFlowDriver
