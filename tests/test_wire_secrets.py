"""Secret scrubbing that does not mangle words, the fleet runner's catch-all, library threads kept
off the terminal, and the progress display naming a device that waits."""

from __future__ import annotations

import threading
import time

import pytest

from mpls_interop.sdk import secrets
from mpls_interop.sdk.driver import DriverError, Target


@pytest.fixture(autouse=True)
def fresh_secrets():
    secrets.forget_all()
    yield
    secrets.forget_all()


def test_short_password_is_scrubbed_as_a_token_only():
    secrets.register("lab")
    text = "label collaborate lab: the lab password is lab"
    assert secrets.scrub(text) == "label collaborate ****: the **** password is ****"


def test_long_password_is_scrubbed_anywhere():
    secrets.register("Zq9-long-secret")
    assert secrets.scrub("x=Zq9-long-secretZ and (Zq9-long-secret)") == "x=****Z and (****)"


def test_secret_bearing_positions_are_scrubbed_even_unregistered():
    text = "kwargs {'host': 'r1', 'password': 'hunter2', 'secret': \"en\"} passwd=abc"
    out = secrets.scrub(text)
    assert "hunter2" not in out and "'secret': \"****\"" in out and "passwd=****" in out
    assert "'host': 'r1'" in out
    # ordinary prose about passwords is left alone
    assert secrets.scrub("no device password: set INTEROP_PASSWORD") == "no device password: set INTEROP_PASSWORD"


def test_targets_register_their_credentials_and_errors_never_carry_them():
    Target("r1", "10.0.0.1", 22, "netops", "Pa55-for-r1", "En-4-r1")
    err = DriverError("r1", "login with Pa55-for-r1 then enable En-4-r1 failed")
    assert "Pa55-for-r1" not in str(err) and "En-4-r1" not in str(err)
    assert str(err) == "r1: login with **** then enable **** failed"


def test_fleet_catch_all_is_one_scrubbed_line(monkeypatch):
    """An unexpected library exception (not a DriverError) carrying the password and several
    lines becomes one line naming device and step, without the password."""
    from mpls_interop.core.load import load_intent
    from mpls_interop.ops import fleet
    from tests.conftest import SEED_INVENTORY

    intent = load_intent(SEED_INVENTORY)
    pw = "Catch-all-Pa55"
    targets = {n: Target(n, "127.0.0.1", 1, "netops", pw) for n in ("r1", "r2")}
    nr = fleet.build(intent, targets, workers=2)

    def boom(host):
        raise RuntimeError(f"library said:\nuser netops password {pw}\nThings you might try")

    out = fleet.run(nr, boom, "inspect")
    for name, o in out.items():
        assert not o.ok and "\n" not in o.error and pw not in o.error, o.error
        assert o.error.startswith(f"{name}: inspect: RuntimeError: library said:"), o.error


def test_library_thread_exception_is_one_line(capsys):
    from mpls_interop.sdk.quiet import quiet_libraries

    secrets.register("Thread-Pa55-x")
    quiet_libraries()

    def bad() -> None:
        raise OSError("Error reading SSH protocol banner\n  with Thread-Pa55-x")

    t = threading.Thread(target=bad, name="paramiko-transport")
    t.start()
    t.join()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith("warning: paramiko-transport: OSError: Error reading SSH protocol banner"), err
    assert "Thread-Pa55-x" not in err


def test_paramiko_logger_never_reaches_the_terminal(capsys):
    import logging

    from mpls_interop.sdk.quiet import quiet_libraries

    quiet_libraries()
    logging.getLogger("paramiko.transport").error("Exception (client): Error reading SSH protocol banner")
    logging.getLogger("ncclient.transport.ssh").error("Traceback (most recent call last):")
    assert capsys.readouterr().err == ""


def test_progress_names_a_device_that_waits_and_for_how_long(capsys, monkeypatch):
    """The plain (non-terminal) display: a device that has been waiting for a step longer than
    NOTICE seconds gets a 'still waiting for <step> (<n>s)' line."""
    from mpls_interop.cli.net import DeviceProgress
    from mpls_interop.sdk.deadline import Watch

    monkeypatch.setattr(DeviceProgress, "NOTICE", 0.5)
    watch = Watch("r7", timeout=30)
    with DeviceProgress(["r7"]) as progress:
        progress("r7", "connect and read the configuration")
        with watch.step("'show running-config'"):
            time.sleep(2.0)  # four NOTICE periods: the ticker checks twice a second
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if "still waiting" in ln]
    assert lines, err
    assert "r7" in lines[0] and "'show running-config'" in lines[0] and "s)" in lines[0], lines


def test_library_warnings_are_silenced():
    import warnings

    from mpls_interop.sdk.quiet import quiet_libraries

    with warnings.catch_warnings(record=True) as seen:
        quiet_libraries()
        warnings.warn_explicit("An unknown exception occurred - please report.", RuntimeWarning,
                               "device.py", 864, module="jnpr.junos.device")
        warnings.warn_explicit("ours", UserWarning, "x.py", 1, module="mpls_interop.core.intent")
    assert [str(w.message) for w in seen] == ["ours"]
