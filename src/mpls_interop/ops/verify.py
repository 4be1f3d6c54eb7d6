"""Collect state from every device in parallel, run the MTU pings, and check it all."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable

from nornir.core import Nornir
from nornir.core.inventory import Host

from mpls_interop.core.checks import (
    Check,
    DeviceFacts,
    PingJob,
    PingResults,
    all_checks,
    ping_jobs,
)
from mpls_interop.core.intent import Intent
from mpls_interop.core.planner import plan_intent
from mpls_interop.ops import fleet
from mpls_interop.sdk.configfacts import ConfigFacts
from mpls_interop.sdk.driver import Driver, DriverError
from mpls_interop.sdk.records import PingResult

PING_COUNT = 2


def read_config(vendor: str, name: str, text: str) -> ConfigFacts | None:
    """The running config through the vendor's config reader (timers, service ids); None when
    it cannot be read (the checks then go without it)."""
    try:
        return importlib.import_module(f"mpls_interop.vendors.{vendor}.configlint").read(text, name)
    except Exception:  # noqa: BLE001  (a config the reader cannot take must not stop verification)
        return None


def running_config(drv: Driver) -> ConfigFacts | None:
    try:
        text = drv.get_config()
    except DriverError:
        return None  # the state checks still run; only the configuration-based causes are missing
    return read_config(drv.vendor, drv.name, text)


def collect(nr: Nornir) -> dict[str, DeviceFacts]:
    def gather(host: Host) -> DeviceFacts:
        drv = fleet.driver(host)
        with drv.shared_reads():  # one snapshot: the running configuration is read once
            return DeviceFacts(
                interfaces=drv.interfaces(), ospf=drv.ospf_neighbors(), ldp=drv.ldp_sessions(),
                lsps=drv.lsps(), pws=drv.pseudowires(), bfd=drv.bfd_sessions(), config=running_config(drv),
            )

    out = fleet.run(nr, gather, "collect")
    return {name: (o.value if o.ok else DeviceFacts(error=o.error)) for name, o in out.items()}


def run_pings(nr: Nornir, jobs: list[PingJob]) -> tuple[PingResults, dict[PingJob, int], int]:
    """Every job, in parallel across devices (in order on each); for link pings whose fitting
    size fails, a binary search for the largest DF payload that does cross."""
    by_dev: dict[str, list[PingJob]] = {}
    for j in jobs:
        by_dev.setdefault(j.device, []).append(j)
    sent = 0

    def pings(host: Host) -> tuple[dict[PingJob, PingResult], dict[PingJob, int], int]:
        drv = fleet.driver(host)
        res: dict[PingJob, PingResult] = {}
        found: dict[PingJob, int] = {}
        n = 0
        for j in by_dev.get(host.name, []):
            res[j] = drv.ping(j.target, j.size, j.df, PING_COUNT, j.source, j.vrf)
            n += 1
        for j, r in list(res.items()):
            if r.success or r.frag_needed or j.vrf:
                continue
            over = PingJob(j.device, j.target, j.size + 1, j.df, j.source, j.vrf)
            if over not in res:
                continue
            lo, hi = 0, j.size  # lo passes (assumed), hi fails
            probe = drv.ping(j.target, 0, j.df, 1, j.source, j.vrf)
            n += 1
            if not probe.success:
                continue  # nothing crosses at all: no MTU to report
            while hi - lo > 1:
                mid = (lo + hi) // 2
                ok = drv.ping(j.target, mid, j.df, 1, j.source, j.vrf).success
                n += 1
                lo, hi = (mid, hi) if ok else (lo, mid)
            found[j] = lo
        return res, found, n

    outs = fleet.run(nr, pings, "ping", hosts=list(by_dev))
    results: PingResults = {}
    search: dict[PingJob, int] = {}
    for name, o in outs.items():
        if not o.ok:
            for j in by_dev[name]:
                results[j] = PingResult(target=j.target, size=j.size, df=j.df, sent=0, received=0, error=o.error)
            continue
        r, f, n = o.value
        results.update(r)
        search.update(f)
        sent += n
    return results, search, sent


def verify(intent: Intent, nr: Nornir) -> tuple[list[Check], int]:
    """All checks; also returns how many pings the checks sent."""
    plan = plan_intent(intent)
    facts = collect(nr)
    jobs = [j for j in ping_jobs(intent, plan) if not facts.get(j.device, DeviceFacts(error="x")).error]
    pings, search, sent = run_pings(nr, jobs)
    return all_checks(intent, plan, facts, pings, search), sent



def verify_settled(intent: Intent, nr: Nornir, wait: float, interval: float = 5.0,
                   on_retry: Callable[[int, float], None] | None = None,
                   clock: Callable[[], float] = time.monotonic,
                   sleep: Callable[[float], None] = time.sleep) -> tuple[list[Check], int]:
    """:func:`verify`, taken again every ``interval`` seconds while a check fails, for at most
    ``wait`` seconds; the last round is the verdict. Protocols need time after a change (a new
    OSPF adjacency on a broadcast link waits out the DR wait timer, LDP sessions and PW labels
    follow): a verdict taken at once condemns a network that is only converging.
    ``on_retry(failing, pause)`` is told before each pause. Returns the checks and all pings sent."""
    deadline = clock() + wait
    total = 0
    while True:
        checks, sent = verify(intent, nr)
        total += sent
        failing = sum(1 for c in checks if c.status == "fail")
        left = deadline - clock()
        if not failing or left <= 0:
            return checks, total
        pause = min(interval, left)
        if on_retry is not None:
            on_retry(failing, pause)
        sleep(pause)
