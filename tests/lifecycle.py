"""Lifecycle steps on a running lab: deploy an edited intent, read every running (and saved)
config, compare configs byte for byte, check that a failed step rolls back and that nothing is left
to change."""

from __future__ import annotations

import json
from collections.abc import Callable

from mpls_interop.core.load import load_intent
from mpls_interop.ops.targets import lab_targets
from mpls_interop.sdk.driver import driver_class
from tests.helpers import edit_yaml
from tests.lab_fixtures import RunningLab


def snapshots(lab: RunningLab) -> dict[str, tuple[str, str]]:
    """Every device's (running, saved) config, read with the toolkit's drivers (the saved one is
    the running one where the vendor keeps no other: Junos commits are what it boots with)."""
    intent = load_intent(lab.inventory)
    out = {}
    with lab.environment():
        for name, target in lab_targets(intent, lab.inventory, sorted(intent.devices), timeout=20).items():
            with driver_class(intent.devices[name].vendor)(target) as d:
                out[name] = (d.get_config(), d.get_saved_config())
    return out


def configs(lab: RunningLab) -> dict[str, str]:
    """Every device's running config, read with the toolkit's drivers."""
    intent = load_intent(lab.inventory)
    out = {}
    with lab.environment():
        for name, target in lab_targets(intent, lab.inventory, sorted(intent.devices), timeout=20).items():
            with driver_class(intent.devices[name].vendor)(target) as d:
                out[name] = d.get_config()
    return out


def same_snapshots(now: dict[str, tuple[str, str]], before: dict[str, tuple[str, str]]) -> None:
    """Running and saved configs byte-equal to ``before``'s."""
    same({n: r for n, (r, _) in now.items()}, {n: r for n, (r, _) in before.items()})
    try:
        same({n: s for n, (_, s) in now.items()}, {n: s for n, (_, s) in before.items()})
    except AssertionError as exc:
        raise AssertionError(f"saved config: {exc}") from None


def _take(text: str, entry: str) -> tuple[str, str]:
    """``text`` without the block of the list entry ``entry`` (its line, the deeper lines under
    it and a blank line closing it), and that block."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        body = line.strip()
        if body == entry or body.startswith((entry + " ", entry + ";")):
            depth = len(line) - len(line.lstrip())
            j = i + 1
            while j < len(lines) and lines[j].strip() and len(lines[j]) - len(lines[j].lstrip()) > depth:
                j += 1
            if j < len(lines) and not lines[j].strip():  # NetIron's blank line after a block
                j += 1
            return "".join(lines[:i] + lines[j:]), "".join(lines[i:j])
    raise AssertionError(f"{entry!r} not in the configuration")


def same(now: dict[str, str], before: dict[str, str], moved: dict[str, list[str]] | None = None) -> None:
    """Byte-equal running configs, with a readable difference when not.

    ``moved``: per device, entries of a user-ordered list that a later deploy created again
    (MPLS paths): both vendors show a new entry at the end of its list (Junos: a new identifier
    of an ``ordered-by user`` list goes to the end unless ``insert`` places it; NetIron: the
    emulator keeps entry order, best knowledge). Their order means nothing (a path is named, not
    counted), so the toolkit does not reorder the list (that would delete and re-create every
    later sibling in service): the configs must be byte-equal once those entries are taken
    out, and each entry byte-equal wherever it now is.
    """
    import difflib

    for name in before:
        a, b = before[name], now[name]
        for entry in (moved or {}).get(name, []):
            a, block_a = _take(a, entry)
            b, block_b = _take(b, entry)
            assert block_a == block_b, (name, block_a, block_b)
        if a != b:
            diff = "\n".join(difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm=""))
            raise AssertionError(f"{name} differs:\n{diff}")


def deploy(lab: RunningLab, verify: bool = True) -> dict:
    args = ["deploy", "-i", str(lab.inventory), "--lab", "--format", "json", "--timeout", "8"]
    if not verify:
        args += ["--no-verify", "--skip-lint"]  # lifecycle steps may be lint errors on purpose (targeted LDP off)
    proc = lab.run(*args)
    assert proc.returncode in (0, 1) and proc.stdout, proc.stderr  # lint errors: stderr only
    return json.loads(proc.stdout)


def set_intent(lab: RunningLab, change: Callable[[dict], None]) -> None:
    edit_yaml(lab.inventory / "intent.yml", change)


def restore(lab: RunningLab, text: str) -> None:
    (lab.inventory / "intent.yml").write_text(text)


def running_and_saved(lab: RunningLab) -> dict[str, str]:
    """Per device its running config, and under ``<device> (saved)`` its saved one."""
    out = {}
    for name, (running, saved) in snapshots(lab).items():
        out[name] = running
        out[f"{name} (saved)"] = saved
    return out


def failed_step_rolls_back(lab: RunningLab, device: str,
                           state: Callable[[RunningLab], dict[str, str]] = running_and_saved, *,
                           deploy_unverified: Callable[[RunningLab], dict] | None = None,
                           diagnosis: Callable[[RunningLab], str] = lambda lab: "") -> dict:
    """Deploying the intent as it is now, with ``device``'s commit failing, fails naming it and
    leaves everything ``state`` reads (by default every device's running and saved config; the
    OpenFlow lab adds its PEs' FRR config and flows) byte-equal to before (no rollback failed).

    ``deploy_unverified(lab)``: the deploy without verification (default :func:`deploy`);
    ``diagnosis(lab)``: what to add to the message when the deploy does not fail as it should.
    Returns the deploy's result."""
    before = state(lab)
    lab.fault("commit-fail", device)
    try:
        result = deploy_unverified(lab) if deploy_unverified else deploy(lab, verify=False)
    finally:
        lab.fault("clear")
    assert not result["ok"] and device in result["cause"], result["cause"] + diagnosis(lab)
    assert not any("rollback failed" in (d.get("error") or "") for d in result["devices"]), result["devices"]
    same(state(lab), before)
    return result


def settled(lab: RunningLab, diff: bool = False) -> None:
    """The intent as it is is deployed: a re-deploy changes nothing (and, with ``diff``, ``interop
    diff --exit-code`` reports no device that differs)."""
    again = deploy(lab, verify=False)
    assert again["ok"] and again["cause"] == "no changes", again
    if not diff:
        return
    proc = lab.run("diff", "-i", str(lab.inventory), "--lab", "--exit-code", "--timeout", "8")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def verified(result: dict, *checks: str) -> None:
    """A deploy that succeeded with every verification check passing, ``checks`` among them."""
    assert result["ok"], result["cause"]
    names = {c["check"]: c["status"] for c in result["checks"]}
    assert names and all(status == "pass" for status in names.values()), names
    for name in checks:
        assert names.get(name) == "pass", (name, names.get(name))
