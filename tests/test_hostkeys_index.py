"""Known host keys are looked up in an index of the file's plain names; the answer is the one
paramiko's ``HostKeys.lookup`` gives on the same file (repeated names and key types, hashed
entries, marker and bad lines), so the pre-flight check of a fleet no longer compares every
device's name with every entry."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import paramiko
from hypothesis import given, settings
from hypothesis import strategies as st
from paramiko.hostkeys import HostKeys

from mpls_interop.sdk import hostkeys
from mpls_interop.sdk.hostkeys import HostKeyPolicy, host_entry, known_keys

HOSTS = [("10.0.0.1", 22), ("10.0.0.1", 2201), ("10.0.0.2", 830), ("r1.example", 22)]


@cache
def _keys() -> list[paramiko.PKey]:
    return [paramiko.ECDSAKey.generate(), paramiko.ECDSAKey.generate(), paramiko.RSAKey.generate(1024)]


def _line(name: str, key: int, hashed: bool) -> str:
    k = _keys()[key]
    shown = HostKeys.hash_host(name) if hashed else name
    return f"{shown} {k.get_name()} {k.get_base64()}"


_lines = st.lists(st.one_of(
    st.builds(lambda h, k, hashed: _line(host_entry(*h), k, hashed), st.sampled_from(HOSTS), st.integers(0, 2),
              st.booleans()),
    st.sampled_from(["# a comment", "", "@revoked * ssh-rsa AAAA", "10.0.0.9 ssh-ed25519 not-base64!", "junk"]),
), max_size=10)


def _reference(path: Path, name: str) -> dict:
    found = hostkeys._read(path).keys.lookup(name)  # paramiko's own scan of every entry
    return {t: k.asbytes() for t, k in (dict(found) if found else {}).items()}


@settings(max_examples=80, deadline=None)
@given(lines=_lines)
def test_the_index_answers_as_paramiko(lines: list[str], tmp_path_factory) -> None:
    path = tmp_path_factory.mktemp("kh") / "known_hosts"
    path.write_text("\n".join(lines) + "\n")
    policy = HostKeyPolicy(known_hosts=path)
    for host, port in [*HOSTS, ("10.0.0.3", 22)]:
        got = {t: k.asbytes() for t, k in known_keys(policy, host, port).items()}
        assert got == _reference(path, host_entry(host, port))
        assert list(got) == list(_reference(path, host_entry(host, port)))


def test_the_last_key_of_a_name_and_type_wins(tmp_path) -> None:
    path = tmp_path / "known_hosts"
    path.write_text("\n".join([_line("10.0.0.1", 0, False), _line("10.0.0.1", 2, False), _line("10.0.0.1", 1, False)]))
    keys = known_keys(HostKeyPolicy(known_hosts=path), "10.0.0.1", 22)
    assert list(keys) == ["ecdsa-sha2-nistp256", "ssh-rsa"]
    assert keys["ecdsa-sha2-nistp256"].asbytes() == _keys()[1].asbytes()


def test_threads_loading_at_once_read_the_file_once(tmp_path, monkeypatch) -> None:
    """A run's workers all connect at once: the known_hosts file is read by one of them and kept
    for the others; once the file changes, it is read again."""
    import threading

    path = tmp_path / "known_hosts"
    path.write_text(_line("10.0.0.1", 0, False) + "\n")
    reads: list[Path] = []
    real = hostkeys._read
    gate = threading.Barrier(12)

    def counted(p: Path) -> hostkeys._KnownHosts:
        reads.append(p)
        return real(p)

    monkeypatch.setattr(hostkeys, "_read", counted)
    answers: list[dict] = []

    def worker() -> None:
        gate.wait()
        answers.append(known_keys(HostKeyPolicy(known_hosts=path), "10.0.0.1", 22))

    threads = [threading.Thread(target=worker) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(reads) == 1 and len(answers) == 12 and all(a == answers[0] for a in answers)
    path.write_text(_line("10.0.0.1", 0, False) + "\n" + _line("10.0.0.2", 1, False) + "\n")
    assert known_keys(HostKeyPolicy(known_hosts=path), "10.0.0.2", 22)
    assert len(reads) == 2
