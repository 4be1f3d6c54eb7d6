"""Generate a large inventory (N routers in a ring with chords, S services) for the benchmarks.

    python bench/gen_inventory.py OUTDIR [--routers 50] [--services 200] [--mesh full|pw-peers]

Even routers are Junos MX, odd ones NetIron MLX/XMR; every link runs OSPF at IP MTU 1500; services
alternate VLL raw/tagged and 3-member VPLS, spread over the ring.
"""

from __future__ import annotations

import argparse
import ipaddress
from pathlib import Path

import yaml

#: service VLANs per service port (100..3999), so generated VLAN ids stay valid (1..4094)
VLANS_PER_PORT = 3900


def generate(out: Path, routers: int = 50, services: int = 200, mesh: bool | str = True) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    (out / "host_vars").mkdir(exist_ok=True)
    names = [f"p{i:02d}" for i in range(routers)]
    junos = [n for i, n in enumerate(names) if i % 2 == 0]
    netiron = [n for i, n in enumerate(names) if i % 2 == 1]
    hosts = {"all": {"children": {
        "junos": {"hosts": {n: {"ansible_host": "192.0.2.1"} for n in junos}},
        "netiron": {"hosts": {n: {"ansible_host": "192.0.2.2"} for n in netiron}},
    }}}
    (out / "hosts.yml").write_text(yaml.safe_dump(hosts, sort_keys=False))
    for i, n in enumerate(names):
        model = "MX240" if n in junos else ("XMR" if i % 4 == 1 else "MLX")
        (out / "host_vars" / f"{n}.yml").write_text(
            yaml.safe_dump({"model": model, "loopback": f"10.255.{i // 250}.{i % 250 + 1}", "physical_mtu": "max"})
        )

    def port(dev: str, k: int) -> str:
        return f"ge-0/0/{k}" if dev in junos else f"ethe 1/{k + 1}"

    used: dict[str, int] = {n: 0 for n in names}
    links = []
    subnets = ipaddress.ip_network("10.128.0.0/14").subnets(new_prefix=30)
    pairs = [(i, (i + 1) % routers) for i in range(routers)] + [(i, (i + routers // 2) % routers) for i in range(0, routers // 2, 5)]
    for a, b in pairs:
        da, db = names[a], names[b]
        links.append({
            "name": f"{da}-{db}",
            "a": {"device": da, "interface": port(da, used[da])},
            "b": {"device": db, "interface": port(db, used[db])},
            "subnet": str(next(subnets)),
            "ospf": {"area": 0, "hello": 10, "dead": 40},
        })
        used[da] += 1
        used[db] += 1
    vpls, vll = [], []
    for s in range(services):
        a = names[(s * 7) % routers]
        b = names[(s * 7 + 3) % routers]
        c = names[(s * 7 + 11) % routers]
        vid = 100 + s  # service (PW/VPLS) id: unique in the network
        # VLAN ids stay in 100..3999: past that the services move on to the next service port
        vlan, sport = 100 + s % VLANS_PER_PORT, 20 + s // VLANS_PER_PORT
        if s % 3 == 2:
            members = list(dict.fromkeys([a, b, c]))
            vpls.append({"name": f"vpls-{vid}", "id": vid, "mode": "raw", "endpoints": [
                {"device": m, "port": port(m, sport), "vlan": vlan, "tagging": "tagged"} for m in members]})
        else:
            if a == b:
                b = c
            vll.append({"name": f"vll-{vid}", "id": vid, "mode": "raw" if s % 2 else "tagged", "endpoints": [
                {"device": a, "port": port(a, sport), "vlan": vlan}, {"device": b, "port": port(b, sport), "vlan": vlan}]})
    intent = {
        "defaults": {"pw_mtu": 9100, "ip_mtu": 9000, "core_ip_mtu": 1500},
        "links": links,
        "mpls": {"rsvp": {"mesh": mesh, "frr": True, "secondary": False}, "ldp": {"targeted": True}},
        "services": {"vpls": vpls, "vll": vll},
    }
    (out / "intent.yml").write_text(yaml.safe_dump(intent, sort_keys=False))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--routers", type=int, default=50)
    ap.add_argument("--services", type=int, default=200)
    ap.add_argument("--mesh", choices=["full", "pw-peers"], default="full",
                    help="LSP mesh: every PE pair (N² LSPs) or only PEs sharing a pseudowire")
    args = ap.parse_args()
    print(generate(args.out, args.routers, args.services, True if args.mesh == "full" else "pw-peers"))


if __name__ == "__main__":
    main()
