"""Run work on many devices at once through Nornir.

The Nornir inventory is built from the Ansible-style inventory (names, platform, groups) and the
resolved targets; each device's open driver travels in ``host.data`` so every phase of a
deployment (stage, commit, verify, confirm, rollback) reuses the same session.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nornir.core import Nornir
from nornir.core.inventory import Defaults, Groups, Host, Hosts, Inventory
from nornir.core.task import Result, Task
from nornir.plugins.runners import SerialRunner, ThreadedRunner

from mpls_interop.core.intent import Intent
from mpls_interop.sdk.driver import Driver, DriverError, Target, driver_class
from mpls_interop.sdk.quiet import quiet_libraries
from mpls_interop.sdk.secrets import scrub

#: set on SIGTERM/SIGINT: no device starts new work (the steps already running finish)
STOP = threading.Event()


@dataclass
class Outcome:
    value: Any = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def build(intent: Intent, targets: dict[str, Target], workers: int = 20) -> Nornir:
    quiet_libraries()
    for vendor in sorted({intent.devices[n].vendor for n in targets}):
        driver_class(vendor).import_libraries()  # here, in the main thread, before any worker
    hosts = Hosts()
    for name, t in targets.items():
        dev = intent.devices[name]
        hosts[name] = Host(
            name=name, hostname=t.host, port=t.port, username=t.username, platform=dev.vendor,
            data={"target": t, "vendor": dev.vendor, "driver": None},
        )
    runner = ThreadedRunner(num_workers=max(1, workers)) if workers > 1 else SerialRunner()
    return Nornir(inventory=Inventory(hosts=hosts, groups=Groups(), defaults=Defaults()), runner=runner)


def run(nr: Nornir, fn: Callable[[Host], Any], name: str, hosts: list[str] | None = None,
        stoppable: bool = True) -> dict[str, Outcome]:
    """Run fn(host) on each (selected) host in parallel; errors become one-line Outcomes. Once
    :data:`STOP` is set, a stoppable run starts no new host (a rollback is not stoppable)."""

    def task(task: Task) -> Result:
        if stoppable and STOP.is_set():
            return Result(host=task.host, result=Outcome(error=f"{task.host.name}: {name}: interrupted"))
        try:
            return Result(host=task.host, result=Outcome(fn(task.host)))
        except DriverError as exc:
            return Result(host=task.host, result=Outcome(error=str(exc)))
        except Exception as exc:  # a bug or an unexpected library error: keep it to one line
            text = " ".join(f"{type(exc).__name__}: {exc}".split())
            return Result(host=task.host, result=Outcome(error=f"{task.host.name}: {name}: {scrub(text)}"))

    if hosts is not None and not hosts:
        return {}
    target = nr.filter(filter_func=lambda h: h.name in hosts) if hosts is not None else nr
    agg = target.run(task=task, name=name)
    return {h: r[0].result for h, r in agg.items()}


def driver(host: Host) -> Driver:
    """The host's open driver (connected on first use)."""
    drv = host.data.get("driver")
    if drv is None:
        drv = driver_class(host.data["vendor"])(host.data["target"])
        drv.connect()
        host.data["driver"] = drv
    return drv


def close_all(nr: Nornir) -> None:
    for host in nr.inventory.hosts.values():
        drv = host.data.get("driver")
        if drv is not None:
            drv.close()
            host.data["driver"] = None
