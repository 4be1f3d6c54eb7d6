"""SSH host key verification: an impostor on 127.0.0.1 with another host key never sees a password,
the right key works, trust-on-first-use records a key only with --accept-new-host-keys, and the
lab is reached with verification on through its own known_hosts.

Fingerprints are computed with asyncssh (not the toolkit's paramiko code) as an independent oracle.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import threading
from pathlib import Path

import asyncssh
import pytest

from mpls_interop.core.load import load_intent
from mpls_interop.ops import lab as labmod
from mpls_interop.ops.targets import lab_targets
from mpls_interop.sdk import hostkeys
from mpls_interop.sdk.driver import Target, driver_class
from mpls_interop.sdk.hostkeys import HostKeyError, HostKeyPolicy
from tests.conftest import SEED_INVENTORY
from tests.lab_fixtures import RunningLab, cli

PASSWORD = "s3cret-not-for-impostors"


class Impostor:
    """An SSH server on 127.0.0.1 (random port) with its own host key that records every
    authentication attempt and every password offered to it."""

    def __init__(self) -> None:
        self.key = asyncssh.generate_private_key("ssh-ed25519")
        self.auth_attempts: list[str] = []
        self.passwords: list[str] = []
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server = asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(20)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _start(self):
        outer = self

        class Server(asyncssh.SSHServer):
            def begin_auth(self, username: str) -> bool:
                outer.auth_attempts.append(username)
                return True

            def password_auth_supported(self) -> bool:
                return True

            def validate_password(self, username: str, password: str) -> bool:
                outer.passwords.append(password)
                return False

            def public_key_auth_supported(self) -> bool:
                return True

            def validate_public_key(self, username: str, key) -> bool:
                outer.auth_attempts.append(f"publickey:{username}")
                return False

        return await asyncssh.create_server(Server, "127.0.0.1", 0, server_host_keys=[self.key])

    @property
    def fingerprint(self) -> str:
        return self.key.get_fingerprint("sha256")

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.server.close)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def impostor():
    imp = Impostor()
    yield imp
    imp.close()


@pytest.fixture
def lab(seed_lab) -> RunningLab:
    """The seed lab at factory state: these tests deploy from their own inventory copies, which
    own nothing an earlier test deployed."""
    seed_lab.reset()
    return seed_lab


def lab_key(lab: RunningLab, monkeypatch) -> asyncssh.SSHKey:
    monkeypatch.setenv("INTEROP_STATE_DIR", lab.env["INTEROP_STATE_DIR"])
    return asyncssh.read_private_key(str(labmod.lab_dir(lab.inventory) / "ssh_host_key"))


def known_hosts_line(port: int, key: asyncssh.SSHKey) -> str:
    return f"[127.0.0.1]:{port} {key.export_public_key().decode().split()[0]} " \
           f"{key.export_public_key().decode().split()[1]}\n"


def direct_inventory(lab: RunningLab, tmp_path: Path, ports: dict[str, int]) -> Path:
    """A non-lab copy of the seed inventory whose devices are at 127.0.0.1:<port>."""
    inv = tmp_path / "direct"
    shutil.copytree(SEED_INVENTORY, inv)
    for name, port in ports.items():
        with (inv / "host_vars" / f"{name}.yml").open("a") as fh:
            fh.write(f"\nansible_host: 127.0.0.1\nansible_port: {port}\n")
    return inv


def lab_ports(lab: RunningLab) -> dict[str, int]:
    return {d["name"]: int(d["port"]) for d in lab.status()["devices"]}


def env_for(lab: RunningLab) -> dict[str, str]:
    dev = lab.status()["devices"][0]
    return {**lab.env, "INTEROP_USERNAME": dev["username"], "INTEROP_PASSWORD": dev["password"], "COLUMNS": "300"}


def one_line(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


# ---- the impostor ------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["diff", "deploy", "verify"])
def test_impostor_with_another_key_is_refused_before_authentication(lab, impostor, tmp_path, monkeypatch, command):
    key = lab_key(lab, monkeypatch)
    ports = lab_ports(lab)
    ports["r1"] = impostor.port  # r1's address is taken over by the impostor
    inv = direct_inventory(lab, tmp_path, ports)
    kh = tmp_path / "known_hosts"
    kh.write_text("".join(known_hosts_line(p, key) for p in ports.values()))
    before = kh.read_text()
    configs_before = running_configs(lab, monkeypatch)
    env = {**env_for(lab), "INTEROP_PASSWORD": PASSWORD}
    proc = cli(command, "-i", str(inv), "--known-hosts", str(kh), env=env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    line = one_line(proc.stderr)
    assert line.startswith("error: r1: HOST KEY MISMATCH for [127.0.0.1]:" + str(impostor.port)), line
    assert key.get_fingerprint("sha256") in line and impostor.fingerprint in line
    assert impostor.auth_attempts == [] and impostor.passwords == []
    assert PASSWORD not in proc.stdout + proc.stderr
    assert kh.read_text() == before
    assert running_configs(lab, monkeypatch) == configs_before  # nothing was deployed anywhere


@pytest.mark.parametrize("vendor", ["junos", "netiron"])
def test_both_drivers_refuse_the_impostor_on_their_own(impostor, tmp_path, vendor):
    kh = tmp_path / "known_hosts"
    real = asyncssh.generate_private_key("ssh-ed25519")
    kh.write_text(known_hosts_line(impostor.port, real))
    target = Target("dev1", "127.0.0.1", impostor.port, "netops", PASSWORD, PASSWORD, 5, HostKeyPolicy(kh))
    with pytest.raises(HostKeyError) as info:
        driver_class(vendor)(target).connect()
    msg = str(info.value)
    assert msg.startswith("dev1: HOST KEY MISMATCH") and "\n" not in msg
    assert real.get_fingerprint("sha256") in msg and impostor.fingerprint in msg
    assert impostor.auth_attempts == [] and impostor.passwords == []


@pytest.mark.parametrize("vendor", ["junos", "netiron"])
def test_library_check_guards_the_authenticating_session_too(impostor, tmp_path, vendor, monkeypatch):
    """Even with the key-exchange pre-check skipped (a key swapped between the check and the
    session), ncclient/paramiko refuse the key before any password is offered."""
    kh = tmp_path / "known_hosts"
    kh.write_text(known_hosts_line(impostor.port, asyncssh.generate_private_key("ssh-ed25519")))
    monkeypatch.setattr(hostkeys, "verify", lambda *a, **k: None)
    target = Target("dev1", "127.0.0.1", impostor.port, "netops", PASSWORD, PASSWORD, 5, HostKeyPolicy(kh))
    with pytest.raises(HostKeyError) as info:
        driver_class(vendor)(target).connect()
    assert "refusing to authenticate" in str(info.value)
    assert impostor.auth_attempts == [] and impostor.passwords == []


@pytest.mark.parametrize("vendor", ["junos", "netiron"])
def test_unknown_key_is_refused_without_opt_in(impostor, tmp_path, vendor):
    kh = tmp_path / "known_hosts"
    target = Target("dev1", "127.0.0.1", impostor.port, "netops", PASSWORD, None, 5, HostKeyPolicy(kh))
    with pytest.raises(HostKeyError) as info:
        driver_class(vendor)(target).connect()
    assert str(info.value) == (
        f"dev1: unknown host key {impostor.fingerprint} for [127.0.0.1]:{impostor.port} (not in {kh}); "
        "check it with the device's administrator, then rerun with --accept-new-host-keys to record it"
    )
    assert not kh.exists()
    assert impostor.auth_attempts == [] and impostor.passwords == []


def test_default_policy_is_the_users_known_hosts(impostor, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    target = Target("dev1", "127.0.0.1", impostor.port, "netops", PASSWORD, None, 5)
    with pytest.raises(HostKeyError, match=r"not in .*\.ssh/known_hosts"):
        driver_class("netiron")(target).connect()
    assert impostor.passwords == []


# ---- the right key, and trust on first use -------------------------------------------------------
def running_configs(lab: RunningLab, monkeypatch) -> dict[str, str]:
    monkeypatch.setenv("INTEROP_STATE_DIR", lab.env["INTEROP_STATE_DIR"])
    intent = load_intent(lab.inventory)
    out = {}
    for name, target in lab_targets(intent, lab.inventory, sorted(intent.devices), timeout=20).items():
        with driver_class(intent.devices[name].vendor)(target) as d:
            out[name] = d.get_config()
    return out


def test_right_key_in_known_hosts_works_for_diff_deploy_verify(lab, tmp_path, monkeypatch):
    key = lab_key(lab, monkeypatch)
    ports = lab_ports(lab)
    inv = direct_inventory(lab, tmp_path, ports)
    kh = tmp_path / "known_hosts"
    other = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode().split()
    # a real-life file: comments, CA and revoked markers, an unreadable line, then the entries
    kh.write_text(f"# mine\n@cert-authority *.example.net {other[0]} {other[1]}\n"
                  f"@revoked * {other[0]} {other[1]}\nnot a key line\n"
                  + "".join(known_hosts_line(p, key) for p in ports.values()))
    env = env_for(lab)
    proc = cli("diff", "-i", str(inv), "--known-hosts", str(kh), env=env)
    assert proc.returncode == 0, proc.stderr
    proc = cli("deploy", "-i", str(inv), "--known-hosts", str(kh), "--format", "json", "--timeout", "8", env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(proc.stdout)["ok"] is True
    proc = cli("verify", "-i", str(inv), "--known-hosts", str(kh), "--format", "json", env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not any("host key" in c.get("detail", "").lower() for c in json.loads(proc.stdout)["checks"])


def test_known_hosts_inventory_variable(lab, tmp_path, monkeypatch):
    key = lab_key(lab, monkeypatch)
    ports = lab_ports(lab)
    inv = direct_inventory(lab, tmp_path, ports)
    (inv / "ssh").mkdir()
    (inv / "ssh" / "known_hosts").write_text("".join(known_hosts_line(p, key) for p in ports.values()))
    with (inv / "group_vars" / "all.yml").open("a") as fh:
        fh.write("\nknown_hosts: ssh/known_hosts\n")
    proc = cli("diff", "-i", str(inv), "-l", "r2", env=env_for(lab))
    assert proc.returncode == 0, proc.stderr


def test_trust_on_first_use_records_only_with_opt_in(lab, tmp_path, monkeypatch):
    key = lab_key(lab, monkeypatch)
    ports = lab_ports(lab)
    inv = direct_inventory(lab, tmp_path, ports)
    kh = tmp_path / "new" / "known_hosts"
    env = env_for(lab)

    proc = cli("diff", "-i", str(inv), "--known-hosts", str(kh), env=env)
    assert proc.returncode == 1
    line = one_line(proc.stderr)
    assert "unknown host key " + key.get_fingerprint("sha256") in line and "--accept-new-host-keys" in line
    assert not kh.exists()

    proc = cli("diff", "-i", str(inv), "--known-hosts", str(kh), "--accept-new-host-keys", env=env)
    assert proc.returncode == 0, proc.stderr
    for name, port in ports.items():  # each recorded key is announced on stderr
        assert f"{name}: added host key {key.get_fingerprint('sha256')} for [127.0.0.1]:{port} to {kh}" \
            in proc.stderr.splitlines()
    recorded = sorted(kh.read_text().splitlines())
    assert recorded == sorted(known_hosts_line(p, key).strip() for p in ports.values())
    assert kh.stat().st_mode & 0o077 == 0

    proc = cli("diff", "-i", str(inv), "--known-hosts", str(kh), env=env)  # now known: no flag needed
    assert proc.returncode == 0, proc.stderr


def test_accept_new_never_overrides_a_changed_key(impostor, tmp_path):
    kh = tmp_path / "known_hosts"
    real = asyncssh.generate_private_key("ssh-ed25519")
    kh.write_text(known_hosts_line(impostor.port, real))
    target = Target("dev1", "127.0.0.1", impostor.port, "u", PASSWORD, None, 5, HostKeyPolicy(kh, accept_new=True))
    with pytest.raises(HostKeyError, match="HOST KEY MISMATCH"):
        driver_class("junos")(target).connect()
    assert kh.read_text() == known_hosts_line(impostor.port, real)
    assert impostor.passwords == []


# ---- the lab -------------------------------------------------------------------------------------
def test_lab_has_its_own_known_hosts_and_verification_on(lab, monkeypatch):
    key = lab_key(lab, monkeypatch)
    proc = lab.run("diff", "-i", str(lab.inventory), "--lab")
    assert proc.returncode == 0, proc.stderr
    kh = labmod.lab_dir(lab.inventory) / "known_hosts"
    assert sorted(kh.read_text().splitlines()) == sorted(
        known_hosts_line(p, key).strip() for p in lab_ports(lab).values()
    )
    target = lab_targets(load_intent(lab.inventory), lab.inventory, ["r2"])["r2"]
    assert target.host_keys == HostKeyPolicy(kh)


def test_lab_known_hosts_is_rebuilt_from_the_lab_key_not_trusted_from_disk(lab, monkeypatch, impostor):
    """A tampered lab known_hosts is rewritten from the lab's key file, so an entry for a port the
    lab does not own never makes an impostor trusted."""
    lab_key(lab, monkeypatch)
    kh = labmod.lab_dir(lab.inventory) / "known_hosts"
    lab_targets(load_intent(lab.inventory), lab.inventory, ["r2"])
    kh.write_text(known_hosts_line(impostor.port, impostor.key))
    lab_targets(load_intent(lab.inventory), lab.inventory, ["r2"])
    assert f":{impostor.port} " not in kh.read_text()


def test_hashed_entries_are_understood(impostor, tmp_path):
    import paramiko

    kh = tmp_path / "known_hosts"
    pub = impostor.key.export_public_key().decode().split()
    kh.write_text(f"{paramiko.HostKeys.hash_host(f'[127.0.0.1]:{impostor.port}')} {pub[0]} {pub[1]}\n")
    hostkeys.verify(HostKeyPolicy(kh), "dev1", "127.0.0.1", impostor.port, 5)  # accepted: no error
    assert impostor.auth_attempts == []


def test_revoked_key_is_refused_even_with_accept_new(impostor, tmp_path):
    kh = tmp_path / "known_hosts"
    pub = impostor.key.export_public_key().decode().split()
    kh.write_text(f"@revoked * {pub[0]} {pub[1]}\n")
    with pytest.raises(HostKeyError, match="is @revoked in"):
        hostkeys.verify(HostKeyPolicy(kh, accept_new=True), "dev1", "127.0.0.1", impostor.port, 5)
    assert kh.read_text() == f"@revoked * {pub[0]} {pub[1]}\n"


def test_preflight_marks_only_checked_devices_and_skips_unreachable_ones(impostor, tmp_path):
    import socket

    from mpls_interop.ops.targets import check_host_keys

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    kh = tmp_path / "known_hosts"
    kh.write_text(known_hosts_line(impostor.port, impostor.key))
    policy = HostKeyPolicy(kh)
    out = check_host_keys({
        "up": Target("up", "127.0.0.1", impostor.port, "u", PASSWORD, None, 5, policy),
        "down": Target("down", "127.0.0.1", closed, "u", PASSWORD, None, 5, policy),
    })
    assert out["up"].host_keys.prechecked and not out["down"].host_keys.prechecked
    assert impostor.auth_attempts == []


def test_fingerprint_matches_openssh_format():
    import base64

    import paramiko

    key = asyncssh.generate_private_key("ssh-ed25519")
    pkey = paramiko.Ed25519Key(data=base64.b64decode(key.export_public_key().split()[1]))
    assert hostkeys.fingerprint(pkey) == key.get_fingerprint("sha256")


def test_host_entry_is_openssh_style():
    assert hostkeys.host_entry("10.0.0.1", 22) == "10.0.0.1"
    assert hostkeys.host_entry("10.0.0.1", 830) == "[10.0.0.1]:830"
