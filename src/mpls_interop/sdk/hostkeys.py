"""SSH host key verification, the OpenSSH way, shared by every driver.

A device's key is checked against a ``known_hosts`` file (OpenSSH format: ``host`` for port 22,
``[host]:port`` otherwise; hashed entries work too) *before* any credential is offered:
:func:`verify` runs a key exchange only (no authentication), then the drivers connect with their
library's own strict checking against the same file (ncclient ``hostkey_verify``, netmiko
``ssh_strict``), so the session that carries the password is verified as well.

A mismatch is always refused; an unknown key is refused unless the policy opts in to
trust-on-first-use (``accept_new``), which records the key in the file.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mpls_interop.sdk.driver import DriverError

DEFAULT_KNOWN_HOSTS = Path("~/.ssh/known_hosts")
#: the signature algorithms that go with a known_hosts key type
_ALGORITHMS = {"ssh-rsa": ("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa")}
_WRITE_LOCK = threading.Lock()
log = logging.getLogger(__name__)


class HostKeyError(DriverError):
    """The device's host key is not the known one, or is unknown and not accepted."""


@dataclass(frozen=True)
class HostKeyPolicy:
    """Where known host keys live and whether unknown ones may be recorded (TOFU)."""

    known_hosts: Path = DEFAULT_KNOWN_HOSTS
    accept_new: bool = False
    #: the key was already verified in this run (by :func:`verify`): drivers skip their own key
    #: exchange and rely on their library's check against the pinned key
    prechecked: bool = False

    @property
    def path(self) -> Path:
        return self.known_hosts.expanduser()


def host_entry(host: str, port: int) -> str:
    """The known_hosts name of ``host:port`` (OpenSSH: bare host on port 22)."""
    return host if port == 22 else f"[{host}]:{port}"


def fingerprint(key: Any) -> str:
    """OpenSSH's fingerprint of a paramiko key: ``SHA256:`` and unpadded base64."""
    digest = hashlib.sha256(key.asbytes()).digest()
    return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


@dataclass
class _KnownHosts:
    """A known_hosts file as paramiko reads it, and its plain (unhashed) names indexed: a lookup
    in paramiko's ``HostKeys`` compares the name with every entry, so a fleet that looks up each
    of its N devices (several times) in a file of N entries did N² comparisons."""

    keys: Any  # paramiko.HostKeys
    #: plain name → key type → key, as ``HostKeys.lookup`` of the name gives them when no entry is
    #: hashed (the last line of a name and type wins, at the place of the first)
    plain: dict[str, dict[str, Any]]
    hashed: bool  # some entry is hashed (``|1|…``): a name may match it, look it up the slow way

    def lookup(self, name: str) -> dict[str, Any]:
        if self.hashed:
            found = self.keys.lookup(name)
            return dict(found) if found else {}
        return dict(self.plain.get(name, {}))


_LOADED: dict[str, tuple[tuple[int, int, int], _KnownHosts]] = {}
_LOADED_LOCK = threading.Lock()
_READ_LOCK = threading.Lock()


def _load(path: Path) -> _KnownHosts:
    """:func:`_read`, kept while the file is unchanged (same inode, size and mtime): a fleet of
    devices shares one known_hosts, and every connection looks its key up."""
    try:
        st = path.stat()
    except OSError:
        return _read(path)
    stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
    with _LOADED_LOCK:
        hit = _LOADED.get(str(path))
    if hit is not None and hit[0] == stamp:
        return hit[1]
    # one reader at a time: the workers of a run all connect at once, and each read the file
    # before the first had kept it (17 reads of the same file for 20 workers, profiled)
    with _READ_LOCK:
        with _LOADED_LOCK:
            hit = _LOADED.get(str(path))
        if hit is not None and hit[0] == stamp:
            return hit[1]
        keys = _read(path)
        with _LOADED_LOCK:
            _LOADED[str(path)] = (stamp, keys)
    return keys


def _read(path: Path) -> _KnownHosts:
    """The plain entries of a known_hosts file (hashed or not); marker lines (``@revoked``,
    ``@cert-authority``) and lines paramiko cannot read are skipped, as OpenSSH skips bad lines."""
    import paramiko
    from paramiko.hostkeys import HostKeyEntry, InvalidHostKey

    keys = paramiko.HostKeys()
    known = _KnownHosts(keys, {}, False)
    if not path.is_file():
        return known
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise HostKeyError("known_hosts", f"{path}: cannot read: {exc.strerror or exc}") from None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "@")):
            continue
        try:
            entry = HostKeyEntry.from_line(line)
        except (InvalidHostKey, paramiko.SSHException, ValueError):  # bad base64, unknown key type
            continue
        if entry is not None and entry.key is not None:
            for name in entry.hostnames:
                keys.add(name, entry.key.get_name(), entry.key)
                if name.startswith("|1|"):
                    known.hashed = True
                else:
                    known.plain.setdefault(name, {})[entry.key.get_name()] = entry.key
    return known


def known_keys(policy: HostKeyPolicy, host: str, port: int) -> dict[str, Any]:
    """Key type → known key for ``host:port`` (empty when unknown)."""
    return _load(policy.path).lookup(host_entry(host, port))


def server_key(host: str, port: int, timeout: float, key_types: list[str] | None = None,
               device: str = "") -> Any:
    """The host key the server at ``host:port`` proves it holds: key exchange only, no
    authentication, nothing else is sent. Bounded by ``timeout`` as a whole; a failure is a
    classified :class:`~mpls_interop.sdk.connerrors.ConnectError`."""
    import paramiko

    from mpls_interop.sdk.connerrors import classify, open_socket
    from mpls_interop.sdk.deadline import Watch

    sock = open_socket(device or host, host, port, timeout)
    watch = Watch(device or host, timeout)
    watch.bind(sock)
    transport = None
    try:
        with _as_connect_timeout(device or host, host, port, timeout), watch.step("SSH key exchange"):
            transport = paramiko.Transport(sock)
            transport.banner_timeout = timeout
            if key_types:
                opts = transport.get_security_options()
                wanted = [a for t in key_types for a in _ALGORITHMS.get(t, (t,)) if a in opts.key_types]
                if wanted:
                    opts.key_types = wanted
            try:
                transport.start_client(timeout=timeout)
            except (OSError, EOFError, paramiko.SSHException) as exc:
                if key_types and isinstance(exc, paramiko.SSHException) and "host key" in str(exc).lower():
                    raise
                raise classify(device or host, exc, host, port, timeout) from None
            return transport.get_remote_server_key()
    finally:
        if transport is not None:
            transport.close()
        sock.close()


@contextmanager
def _as_connect_timeout(device: str, host: str, port: int, timeout: float) -> Iterator[None]:
    from mpls_interop.sdk.connerrors import TIMEOUT, ConnectError, describe
    from mpls_interop.sdk.deadline import StepTimeout

    try:
        yield
    except StepTimeout:
        raise ConnectError(device, TIMEOUT, describe(TIMEOUT, host, port, timeout)) from None


def record(policy: HostKeyPolicy, host: str, port: int, key: Any) -> None:
    """Append ``key`` for ``host:port`` to the known_hosts file (created 0600, parent 0700)."""
    path = policy.path
    line = f"{host_entry(host, port)} {key.get_name()} {key.get_base64()}\n"
    with _WRITE_LOCK:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            if fh.tell() > 0 and not path.read_bytes().endswith(b"\n"):
                fh.write("\n")
            fh.write(line)


def revoked(policy: HostKeyPolicy, key: Any) -> bool:
    """``key`` is listed in a ``@revoked`` line of the known_hosts file (for any host)."""
    path = policy.path
    if not path.is_file():
        return False
    wanted = key.get_base64()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[0] == "@revoked" and fields[3] == wanted:
            return True
    return False


def check_key(policy: HostKeyPolicy, device: str, host: str, port: int, offered: Any) -> None:
    """Accept ``offered`` for ``host:port`` or raise :class:`HostKeyError` (one line)."""
    entry = host_entry(host, port)
    if revoked(policy, offered):
        raise HostKeyError(device, f"host key {fingerprint(offered)} of {entry} is @revoked in {policy.path}; "
                                   "refusing to connect")
    known = known_keys(policy, host, port)
    if not known:
        if policy.accept_new:
            record(policy, host, port, offered)
            # like OpenSSH's "Permanently added …": what was trusted is on record (stderr)
            log.warning("%s: added host key %s for %s to %s", device, fingerprint(offered), entry, policy.path)
            return
        raise HostKeyError(
            device,
            f"unknown host key {fingerprint(offered)} for {entry} (not in {policy.path}); "
            "check it with the device's administrator, then rerun with --accept-new-host-keys to record it",
        )
    same = known.get(offered.get_name())
    if same is not None and same.asbytes() == offered.asbytes():
        return
    expected = ", ".join(fingerprint(k) for k in known.values())
    raise HostKeyError(
        device,
        f"HOST KEY MISMATCH for {entry}: {policy.path} has {expected}, the server offered "
        f"{fingerprint(offered)}; refusing to connect (nothing was sent, no password offered)",
    )


def verify(policy: HostKeyPolicy | None, device: str, host: str, port: int, timeout: float) -> bool:
    """Check the host key of ``device`` at ``host:port`` before any authentication: True when
    checked (or already checked). A wrong or unaccepted key raises :class:`HostKeyError`; a
    device that cannot be reached raises a classified
    :class:`~mpls_interop.sdk.connerrors.ConnectError` (refused, closed before banner, timeout…)."""
    import paramiko

    policy = policy or HostKeyPolicy()
    if policy.prechecked:
        return True
    types = list(known_keys(policy, host, port))
    try:
        offered = server_key(host, port, timeout, types, device)
    except paramiko.SSHException as exc:
        raise HostKeyError(
            device, f"HOST KEY MISMATCH for {host_entry(host, port)}: the server offers no "
            f"key of the known type{'s' if len(types) > 1 else ''} {', '.join(types)} ({policy.path})",
        ) from exc
    check_key(policy, device, host, port, offered)
    return True


@contextmanager
def pinned(policy: HostKeyPolicy | None, host: str, port: int) -> Iterator[Path]:
    """A private temporary known_hosts holding only the known keys of ``host:port``, for the
    libraries' own check of the session that authenticates (empty when the key is unknown)."""
    keys = known_keys(policy or HostKeyPolicy(), host, port)
    with tempfile.TemporaryDirectory(prefix="interop-hostkeys-") as d:
        path = Path(d) / "known_hosts"
        path.write_text("".join(f"{host_entry(host, port)} {t} {k.get_base64()}\n" for t, k in keys.items()))
        yield path


def ncclient_ssh_config(known_hosts: Path, user_config: Path | None = None) -> str:
    """An ssh_config text that makes ncclient check host keys against ``known_hosts`` (first
    value wins, so the user's own ssh_config still applies after it)."""
    text = f"Host *\n    UserKnownHostsFile {known_hosts}\n"
    if user_config is not None and user_config.is_file():
        text += "\n" + user_config.read_text(encoding="utf-8", errors="replace")
    return text


def netmiko_options(known_hosts: Path) -> dict[str, Any]:
    """netmiko settings: reject unknown keys, check only against ``known_hosts``."""
    return {"ssh_strict": True, "system_host_keys": False, "alt_host_keys": True, "alt_key_file": str(known_hosts)}
