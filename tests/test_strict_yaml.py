"""Strict YAML and strict types: duplicate keys, booleans as integers, numbers as addresses, deep
nesting, alias bombs, NUL bytes, oversized files, newline injection and secret variables. Each is
one exact line on stderr and exit code 2 from the real command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from mpls_interop.cli.app import main
from mpls_interop.core import yamlstrict
from mpls_interop.core.load import SECRET_VARS, load_intent
from mpls_interop.sdk.errors import InputError, one_line
from tests.helpers import seed_copy

SECRET = "hunter2-do-not-echo"


def run_cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """The real entry point, in process (fast): exit code, stdout, stderr."""
    monkeypatch.setattr(sys, "argv", ["interop", *args])
    with pytest.raises(SystemExit) as info:
        main()
    captured = capsys.readouterr()
    return int(info.value.code or 0), captured.out, captured.err


def refused(monkeypatch, capsys, inv: Path, expected: str) -> None:
    code, stdout, stderr = run_cli(monkeypatch, capsys, "lint", "-i", str(inv))
    assert code == 2, stdout + stderr
    assert stderr.splitlines() == [expected]
    assert "Traceback" not in stderr and stdout == ""


def insert_after(path: Path, anchor: str, text: str) -> int:
    """Insert ``text`` as the line after the first line starting with ``anchor``; its line number."""
    lines = path.read_text().splitlines(keepends=True)
    i = next(n for n, ln in enumerate(lines) if ln.startswith(anchor))
    lines.insert(i + 1, text)
    path.write_text("".join(lines))
    return i + 2


# ---- duplicate keys --------------------------------------------------------------------------------
def test_duplicate_key_in_intent(tmp_path, monkeypatch, capsys):
    inv = seed_copy(tmp_path)
    first = next(n for n, ln in enumerate((inv / "intent.yml").read_text().splitlines(), 1)
                 if ln.startswith("  pw_mtu: 9100"))
    line = insert_after(inv / "intent.yml", "  pw_mtu: 9100", "  pw_mtu: 64\n")
    refused(monkeypatch, capsys, inv,
            f"error: {inv}/intent.yml:{line}: duplicate key 'pw_mtu' (first at line {first})")


def test_duplicate_key_in_host_vars(tmp_path, monkeypatch, capsys):
    inv = seed_copy(tmp_path)
    path = inv / "host_vars" / "r2.yml"
    path.write_text("loopback: 10.0.0.2\nmodel: MLX\nloopback: 10.0.0.99\n")
    refused(monkeypatch, capsys, inv, f"error: {path}:3: duplicate key 'loopback' (first at line 1)")


def test_duplicate_host_in_hosts_file(tmp_path, monkeypatch, capsys):
    inv = seed_copy(tmp_path)
    (inv / "hosts.yml").write_text(
        "all:\n  children:\n    junos:\n      hosts:\n        r1: {}\n    netiron:\n      hosts:\n"
        "        r2: {}\n        r3: {}\n        r2: {ansible_host: 192.0.2.99}\n"
    )
    refused(monkeypatch, capsys, inv, f"error: {inv}/hosts.yml:10: duplicate key 'r2' (first at line 8)")


def test_duplicate_key_in_flow_mapping(tmp_path, monkeypatch, capsys):
    inv = seed_copy(tmp_path)
    line = insert_after(inv / "intent.yml", "links:",
                        "  - {name: x, a: {device: r1, interface: ge-1/0/5}, a: {device: r2, interface: e1/5}}\n")
    refused(monkeypatch, capsys, inv, f"error: {inv}/intent.yml:{line}: duplicate key 'a' (first at line {line})")


def test_merge_keys_may_still_be_overridden():
    data = yamlstrict.load("base: &b {hello: 10, dead: 40}\nospf:\n  <<: *b\n  dead: 30\n")
    assert data["ospf"] == {"hello": 10, "dead": 30}


# ---- booleans are not integers, numbers are not addresses -----------------------------------------
def test_boolean_router_interface_is_refused(tmp_path, monkeypatch, capsys):
    inv = seed_copy(tmp_path)
    text = (inv / "intent.yml").read_text()
    new = text.replace("vlan: 1000, router_interface: 100}", "vlan: 1000, router_interface: true}", 1)
    assert new != text
    (inv / "intent.yml").write_text(new)
    refused(monkeypatch, capsys, inv,
            f"error: {inv}/intent.yml: links[0].b.router_interface: expected an integer, got the boolean true")


def test_boolean_ansible_port_is_refused(tmp_path, monkeypatch, capsys):
    inv = seed_copy(tmp_path)
    path = inv / "group_vars" / "junos.yml"
    path.write_text(path.read_text().replace("ansible_port: 830", "ansible_port: true"))
    refused(monkeypatch, capsys, inv, f"error: {path}: r1.ansible_port: expected an integer, got the boolean true")


def test_boolean_tunnel_services_fpc_is_refused(tmp_path, monkeypatch, capsys):
    inv = seed_copy(tmp_path)
    path = inv / "host_vars" / "r1.yml"
    path.write_text(path.read_text().replace("  fpc: 0", "  fpc: true"))
    refused(monkeypatch, capsys, inv,
            f"error: {path}: r1.tunnel_services.fpc: expected an integer, got the boolean true")


def test_boolean_ospf_area_is_refused(tmp_path, monkeypatch, capsys):
    inv = seed_copy(tmp_path)
    text = (inv / "intent.yml").read_text()
    (inv / "intent.yml").write_text(text.replace("ospf: {area: 0, cost: 100, hello: 10, dead: 40, bfd",
                                                 "ospf: {area: yes, cost: 100, hello: 10, dead: 40, bfd", 1))
    refused(monkeypatch, capsys, inv,
            f"error: {inv}/intent.yml: links[0].ospf.area: expected an integer, got the boolean true")


def test_numeric_loopback_is_refused(tmp_path, monkeypatch, capsys):
    inv = seed_copy(tmp_path)
    path = inv / "host_vars" / "r2.yml"
    path.write_text("model: MLX\nloopback: 4294967295\n")
    refused(monkeypatch, capsys, inv,
            f"error: {path}: r2.loopback: expected an IPv4 address as text (like 192.0.2.1), got 4294967295")


@pytest.mark.parametrize("address", ["255.255.255.255", "0.0.0.0", "224.0.0.5", "127.0.0.1", "169.254.1.1"])
def test_unusable_loopback_is_refused(tmp_path, monkeypatch, capsys, address):
    inv = seed_copy(tmp_path)
    path = inv / "host_vars" / "r2.yml"
    path.write_text(f"model: MLX\nloopback: {address}\n")
    refused(monkeypatch, capsys, inv,
            f"error: {path}: r2.loopback: {address} is not a usable router loopback (a unicast host address)")


def test_numeric_subnet_is_refused(tmp_path, monkeypatch, capsys):
    inv = seed_copy(tmp_path)
    text = (inv / "intent.yml").read_text()
    (inv / "intent.yml").write_text(text.replace("subnet: 198.51.100.0/30", "subnet: 3325256704", 1))
    refused(monkeypatch, capsys, inv, f"error: {inv}/intent.yml: links[0].subnet: expected an IPv4 address "
                                      "as text (like 192.0.2.1), got 3325256704")


# ---- bounded parsing ----------------------------------------------------------------------------------
@pytest.mark.parametrize("levels", [yamlstrict.MAX_DEPTH, 5000])
def test_deep_nesting_is_one_line(tmp_path, monkeypatch, capsys, levels):
    inv = seed_copy(tmp_path)
    (inv / "intent.yml").write_text("links: " + "[" * levels + "]" * levels + "\n")
    refused(monkeypatch, capsys, inv,
            f"error: {inv}/intent.yml:1: nested deeper than {yamlstrict.MAX_DEPTH} levels")


def test_nesting_at_the_limit_is_accepted():
    depth = yamlstrict.MAX_DEPTH - 1  # the top-level mapping is level 1
    data = yamlstrict.load("x: " + "[" * depth + "]" * depth)
    data = data["x"]
    for _ in range(depth - 1):
        assert len(data) == 1
        data = data[0]
    assert data == []


def test_deep_block_nesting_and_recursive_anchor(tmp_path, monkeypatch, capsys):
    inv = seed_copy(tmp_path)
    (inv / "intent.yml").write_text("".join("  " * i + "- \n" for i in range(80)).replace("- \n", "-\n"))
    code, _, stderr = run_cli(monkeypatch, capsys, "lint", "-i", str(inv))
    assert code == 2 and len(stderr.splitlines()) == 1 and "nested deeper than" in stderr
    (inv / "intent.yml").write_text("defaults: {}\nlinks: &l [*l]\n")
    refused(monkeypatch, capsys, inv,
            f"error: {inv}/intent.yml:2: nested deeper than {yamlstrict.MAX_DEPTH} levels")


def test_alias_bomb_is_refused(tmp_path, monkeypatch, capsys):
    inv = seed_copy(tmp_path)
    names = "abcdefg"
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]\n"]
    for prev, cur in zip(names, names[1:], strict=False):
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 10)}]\n")
    (inv / "intent.yml").write_text("".join(lines))
    # g expands to 10**6 * 11 + ... values: far over the limit; it is on line 7
    refused(monkeypatch, capsys, inv,
            f"error: {inv}/intent.yml:7: aliases expand to more than {yamlstrict.MAX_NODES} values")


def test_a_long_chain_of_groups_loads(tmp_path):
    inv = seed_copy(tmp_path)
    chain = "".join(f"    g{i}:\n      children:\n        g{i + 1}: {{}}\n" for i in range(3000))
    (inv / "hosts.yml").write_text(
        "all:\n  children:\n    junos:\n      hosts:\n        r1: {}\n    netiron:\n      hosts:\n"
        f"        r2: {{}}\n        r3: {{}}\n{chain}    g3000:\n      hosts:\n        r1: {{}}\n"
    )
    groups = load_intent(inv).devices["r1"].groups
    assert "g0" in groups and "g3000" in groups and len(groups) == 3002


def test_nul_byte_is_one_line(tmp_path, monkeypatch, capsys):
    inv = seed_copy(tmp_path)
    path = inv / "host_vars" / "r3.yml"
    path.write_bytes(b"model: XMR\nloopback: 10.0.0.3\nx_note: a\x00b\n")
    refused(monkeypatch, capsys, inv, f"error: {path}:3: NUL byte in a text file")


def test_control_character_is_one_line(tmp_path, monkeypatch, capsys):
    inv = seed_copy(tmp_path)
    path = inv / "host_vars" / "r3.yml"
    path.write_bytes(b"model: XMR\nloopback: 10.0.0.3\nx_note: a\x1bb\n")
    refused(monkeypatch, capsys, inv, f"error: {path}:3: malformed YAML: unacceptable character #x001b")


def test_oversized_file_is_refused(tmp_path, monkeypatch, capsys):
    inv = seed_copy(tmp_path)
    with (inv / "intent.yml").open("ab") as fh:
        fh.truncate(yamlstrict.MAX_BYTES + 1)
    refused(monkeypatch, capsys, inv,
            f"error: {inv}/intent.yml: larger than the {yamlstrict.MAX_BYTES // 2**20} MiB limit for input files")


# ---- one line, whatever the input ----------------------------------------------------------------
def test_newline_in_host_name_is_escaped(tmp_path, monkeypatch, capsys):
    inv = seed_copy(tmp_path)
    (inv / "hosts.yml").write_text(
        'all:\n  children:\n    junos:\n      hosts:\n        "r1\\nerror: all good, deploy succeeded": {}\n'
    )
    refused(monkeypatch, capsys, inv, f"error: {inv}/hosts.yml: host: 'r1\\nerror: all good, deploy succeeded' "
                                      "contains forbidden character '\\n'")


def test_newline_in_a_key_is_escaped(tmp_path, monkeypatch, capsys):
    inv = seed_copy(tmp_path)
    with (inv / "intent.yml").open("a") as fh:
        fh.write('"servces\\nerror: injected\\u2028x\\e[2J": {}\n')
    refused(monkeypatch, capsys, inv,
            f"error: {inv}/intent.yml: servces\\nerror: injected\\u2028x\\x1b[2J: unknown field")


def test_newline_in_ansible_host_is_refused(tmp_path, monkeypatch, capsys):
    inv = seed_copy(tmp_path)
    path = inv / "host_vars" / "r2.yml"
    with path.open("a") as fh:
        fh.write('ansible_host: "192.0.2.12\\nerror: nothing to see"\n')
    refused(monkeypatch, capsys, inv,
            f"error: {path}: r2.ansible_host: '192.0.2.12\\nerror: nothing to see' is not a host name or address")


def test_path_traversal_in_host_name_is_refused(tmp_path, monkeypatch, capsys):
    inv = seed_copy(tmp_path)
    (inv / "hosts.yml").write_text("all:\n  hosts:\n    ../../etc/x: {}\n")
    refused(monkeypatch, capsys, inv, f"error: {inv}/hosts.yml: host: '../../etc/x' is not a valid name "
                                      "(letters, digits, '_', '-', '.', ':'; max 63, no spaces)")


def test_one_line_escapes_what_could_break_a_line_or_the_terminal():
    assert one_line("a\nb\rc\td\x00e\x1b[31mf\u2028g\u202eh\x85i") == \
        "a\\nb\\rc\\td\\x00e\\x1b[31mf\\u2028g\\u202eh\\x85i"
    assert one_line("plain: é ü 10.0.0.1") == "plain: é ü 10.0.0.1"
    assert str(InputError("f\nile", "bad\nvalue")) == "f\\nile: bad\\nvalue"


# ---- secrets ----------------------------------------------------------------------------------------
EXTRA_SECRET_NAMES = ["ansible_passwd", "ansible_enable_password", "ansible_netconf_password",
                      "ansible_ssh_password", "ansible_custom_thing_pass"]


@pytest.mark.parametrize("var", sorted(SECRET_VARS | set(EXTRA_SECRET_NAMES)))
def test_every_secret_variable_is_refused_with_one_message(tmp_path, monkeypatch, capsys, var):
    inv = seed_copy(tmp_path)
    path = inv / "group_vars" / "junos.yml"
    with path.open("a") as fh:
        fh.write(f"{var}: {SECRET}\n")
    refused(monkeypatch, capsys, inv, f"error: {path}: r1.{var}: secrets are not read from files; "
                                      "set INTEROP_PASSWORD (or answer the prompt) instead")


def test_the_list_covers_ansibles_documented_secret_variables():
    # from ansible-core's ssh/paramiko connection, sudo/su/enable become and netconf/httpapi plugin docs
    documented = {
        "ansible_password", "ansible_ssh_pass", "ansible_ssh_password", "ansible_paramiko_pass",
        "ansible_paramiko_password", "ansible_become_password", "ansible_become_pass", "ansible_sudo_pass",
        "ansible_su_pass", "ansible_su_password", "ansible_enable_pass", "ansible_netconf_password",
        "ansible_httpapi_pass", "ansible_httpapi_password", "ansible_libssh_pass", "ansible_libssh_password",
        "ansible_winrm_pass", "ansible_winrm_password", "password", "passwd",
    }
    assert documented <= SECRET_VARS


@pytest.mark.parametrize("var", ["ansible_sshpass_prompt", "ansible_ssh_password_mechanism", "ansible_become_user"])
def test_non_secret_ansible_variables_still_load(tmp_path, var):
    inv = seed_copy(tmp_path)
    with (inv / "group_vars" / "all.yml").open("a") as fh:
        fh.write(f"{var}: something\n")
    assert sorted(load_intent(inv).devices) == ["r1", "r2", "r3"]


# ---- the loaders -------------------------------------------------------------------------------------
def test_c_loader_is_used_when_available():
    if not getattr(yaml, "__with_libyaml__", False):
        pytest.skip("PyYAML without libyaml")
    assert issubclass(yamlstrict.StrictLoader, yaml.CSafeLoader)


@pytest.mark.parametrize("loader", [yamlstrict.StrictLoader, yamlstrict.PureStrictLoader])
def test_both_loaders_refuse_the_same_way(loader):
    with pytest.raises(yamlstrict.StrictYAMLError) as info:
        yamlstrict.load("a: 1\nb: 2\na: 3\n", loader)
    assert info.value.problem == "duplicate key 'a' (first at line 1)" and info.value.problem_mark.line == 2
    with pytest.raises(yaml.YAMLError):
        yamlstrict.load("x: " + "[" * 3000 + "]" * 3000, loader)
    assert yamlstrict.load("a: [1, {b: c}]\n", loader) == {"a": [1, {"b": "c"}]}


def test_seed_inventory_still_loads():
    from tests.conftest import SEED_INVENTORY

    assert sorted(load_intent(SEED_INVENTORY).devices) == ["r1", "r2", "r3"]


def test_real_process_exit_2_on_deep_nesting_and_nul(tmp_path):
    inv = seed_copy(tmp_path)
    (inv / "intent.yml").write_text("links: " + "[" * 20000 + "]" * 20000 + "\n")
    for content in (None, b"links: []\n\x00\n"):
        if content is not None:
            (inv / "intent.yml").write_bytes(content)
        proc = subprocess.run([sys.executable, "-m", "mpls_interop", "render", "-i", str(inv)],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2
        assert len(proc.stderr.splitlines()) == 1 and "Traceback" not in proc.stderr, proc.stderr


_SCALARS = ["", "~", "null", "yes", "No", "on", "OFF", "true", "0", "012", "0o17", "0x1f", "1_000", "1:20", "-1",
            "+5", "1.5", ".5", "1e3", ".inf", "-.Inf", ".nan", "2024-01-02", "2024-01-02 10:00:00", "<<", "=",
            "ge-0/0/1", "10.0.0.1/30", "a b", "y", "n", "190:20"]


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.sampled_from(_SCALARS), st.text(max_size=12)),
       implicit=st.sampled_from([(True, False), (False, True), (False, False)]))
def test_tag_resolution_is_pyyamls(value: str, implicit: tuple[bool, bool]) -> None:
    """The strict loaders' shortened resolver gives every scalar the tag PyYAML's gives it."""
    from mpls_interop.core.yamlstrict import PureStrictLoader, StrictLoader

    for ours, theirs in ((StrictLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)), (PureStrictLoader, yaml.SafeLoader)):
        assert ours("").resolve(yaml.ScalarNode, value, implicit) == theirs("").resolve(yaml.ScalarNode, value, implicit)
        for kind in (yaml.SequenceNode, yaml.MappingNode):
            assert ours("").resolve(kind, None, implicit) == theirs("").resolve(kind, None, implicit)
