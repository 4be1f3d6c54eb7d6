"""The device-level operational replies the emulator answers itself (Junos element names):
``show version``, routing engine, chassis inventory, uptime, commit history, and the few files
and internal interfaces PyEZ's fact gathering reads.
"""

from __future__ import annotations

import time

from lxml import etree

from mpls_interop_lab.junos.device import JunosDevice, timestamp

JUNOS_NS = "http://xml.juniper.net/junos/{}/junos"
CHASSIS_NS = "http://xml.juniper.net/junos/{}/junos-chassis"
JS = "{%s}"

# IP addresses of the routing engines on the internal routing instance, as /etc/hosts.junos has them.
HOSTS_JUNOS = """#
# IP addresses for internal routing-engine communication
#
128.0.0.1       master
128.0.0.4       re0
128.0.0.5       re1
128.0.0.6       backup
"""


def _ns(device: JunosDevice) -> str:
    return JUNOS_NS.format(device.version.split("-")[0])


def _el(parent: etree._Element, tag: str, text: object = None, **attrib: str) -> etree._Element:
    e = etree.SubElement(parent, tag, attrib)
    if text is not None:
        e.text = str(text)
    return e


def _seconds_attr(device: JunosDevice, el: etree._Element, seconds: float) -> None:
    el.set(JS % _ns(device) + "seconds", str(int(seconds)))


def _duration(seconds: float) -> str:
    s = int(seconds)
    days, s = divmod(s, 86400)
    hours, s = divmod(s, 3600)
    minutes, s = divmod(s, 60)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    parts.append(f"{s} second{'s' if s != 1 else ''}")
    return ", ".join(parts)


def software_information(device: JunosDevice) -> etree._Element:
    root = etree.Element("software-information", nsmap={"junos": _ns(device)})
    _el(root, "host-name", device.hostname)
    _el(root, "product-model", device.model.lower())
    _el(root, "product-name", device.model.lower())
    _el(root, "junos-version", device.version)
    for name, comment in (
        ("os-kernel", f"JUNOS OS Kernel 64-bit  [{device.version}]"),
        ("os-libs", f"JUNOS OS libs [{device.version}]"),
        ("junos", f"JUNOS Base OS boot [{device.version}]"),
        ("jroute", f"JUNOS Routing Software Suite [{device.version}]"),
    ):
        pkg = _el(root, "package-information")
        _el(pkg, "name", name)
        _el(pkg, "comment", comment)
    return root


def software_information_all_res(device: JunosDevice) -> etree._Element:
    root = etree.Element("multi-routing-engine-results", nsmap={"junos": _ns(device)})
    item = _el(root, "multi-routing-engine-item")
    _el(item, "re-name", "re0")
    item.append(software_information(device))
    return root


def show_version_text(device: JunosDevice) -> str:
    return (
        f"Hostname: {device.hostname}\n"
        f"Model: {device.model.lower()}\n"
        f"Junos: {device.version}\n"
        f"JUNOS OS Kernel 64-bit  [{device.version}]\n"
        f"JUNOS Routing Software Suite [{device.version}]\n"
    )


def route_engine_information(device: JunosDevice) -> etree._Element:
    ns = CHASSIS_NS.format(device.version.split("-")[0])
    root = etree.Element("route-engine-information", nsmap={None: ns, "junos": _ns(device)})
    re0 = _el(root, "route-engine")
    _el(re0, "slot", 0)
    _el(re0, "mastership-state", "master")
    _el(re0, "mastership-priority", "master (default)")
    _el(re0, "status", "OK")
    _el(re0, "memory-dram-size", "2048 MB")
    _el(re0, "memory-buffer-utilization", 41)
    _el(re0, "cpu-user", 2)
    _el(re0, "cpu-background", 0)
    _el(re0, "cpu-system", 3)
    _el(re0, "cpu-interrupt", 0)
    _el(re0, "cpu-idle", 95)
    _el(re0, "model", f"RE-{device.model.upper()}")
    _el(re0, "serial-number", f"RE{device.serial}")
    up = time.time() - device.boot_seconds
    start = _el(re0, "start-time", timestamp(device.boot_seconds))
    _seconds_attr(device, start, device.boot_seconds)
    uptime = _el(re0, "up-time", _duration(up))
    _seconds_attr(device, uptime, up)
    _el(re0, "last-reboot-reason", "Router rebooted after a normal shutdown.")
    for tag, value in (("load-average-one", "0.05"), ("load-average-five", "0.04"), ("load-average-fifteen", "0.01")):
        _el(re0, tag, value)
    return root


def chassis_inventory(device: JunosDevice) -> etree._Element:
    ns = CHASSIS_NS.format(device.version.split("-")[0])
    root = etree.Element("chassis-inventory", nsmap={None: ns, "junos": _ns(device)})
    chassis = _el(root, "chassis")
    chassis.set(JS % _ns(device) + "style", "inventory")
    _el(chassis, "name", "Chassis")
    _el(chassis, "serial-number", device.serial)
    _el(chassis, "description", device.model.upper())
    for name, desc in (("Midplane", f"{device.model.upper()}"), ("Routing Engine", f"RE-{device.model.upper()}"),
                       ("TFEB 0", "Forwarding Engine Processor"), ("FPC 0", "MPC BUILTIN")):
        mod = _el(chassis, "chassis-module")
        _el(mod, "name", name)
        _el(mod, "serial-number", f"{name[:2].upper()}{device.serial[-6:]}")
        _el(mod, "description", desc)
    return root


def system_uptime_information(device: JunosDevice) -> etree._Element:
    now = time.time()
    root = etree.Element("system-uptime-information", nsmap={"junos": _ns(device)})

    def stamp(parent_tag: str, seconds: float, with_length: bool) -> etree._Element:
        parent = _el(root, parent_tag)
        dt = _el(parent, "date-time", timestamp(seconds))
        _seconds_attr(device, dt, seconds)
        if with_length:
            tl = _el(parent, "time-length", _duration(now - seconds))
            _seconds_attr(device, tl, now - seconds)
        return parent

    stamp("current-time", now, False)
    _el(root, "time-source", " LOCAL CLOCK ")
    stamp("system-booted-time", device.boot_seconds, True)
    stamp("protocols-started-time", device.boot_seconds + 30, True)
    last = device.history[0]
    _el(stamp("last-configured-time", last.seconds, True), "user", last.user)
    info = _el(root, "uptime-information")
    dt = _el(info, "date-time", time.strftime("%I:%M%p", time.gmtime(now)))
    _seconds_attr(device, dt, now)
    up = _el(info, "up-time", _duration(now - device.boot_seconds))
    _seconds_attr(device, up, now - device.boot_seconds)
    _el(info, "active-user-count", 1)
    for tag, value in (("load-average-1", "0.05"), ("load-average-5", "0.04"), ("load-average-15", "0.01")):
        _el(info, tag, value)
    return root


def commit_information(device: JunosDevice) -> etree._Element:
    root = etree.Element("commit-information", nsmap={"junos": _ns(device)})
    for index, record in enumerate(device.history):
        entry = _el(root, "commit-history")
        _el(entry, "sequence-number", index)
        _el(entry, "user", record.user)
        _el(entry, "client", record.client)
        dt = _el(entry, "date-time", timestamp(record.seconds))
        _seconds_attr(device, dt, record.seconds)
        if record.comment:
            _el(entry, "log", record.comment)
        if record.confirm_minutes and index == 0 and device.confirm_pending:
            _el(entry, "comment", f"commit confirmed, rollback in {record.confirm_minutes}mins")
    return root


def private_interfaces(device: JunosDevice) -> etree._Element:
    """``show interfaces terse routing-instance __juniper_private1__``: the RE's internal addresses."""
    root = etree.Element("interface-information", nsmap={"junos": _ns(device)})
    root.set(JS % _ns(device) + "style", "terse")
    ifd = _el(root, "physical-interface")
    _el(ifd, "name", "em0")
    _el(ifd, "admin-status", "up")
    _el(ifd, "oper-status", "up")
    ifl = _el(ifd, "logical-interface")
    _el(ifl, "name", "em0.0")
    _el(ifl, "admin-status", "up")
    _el(ifl, "oper-status", "up")
    af = _el(ifl, "address-family")
    _el(af, "address-family-name", "inet")
    for local in ("128.0.0.1/2", "128.0.0.4/2"):
        addr = _el(af, "interface-address")
        _el(addr, "ifa-local", local)
    return root


def file_content(filename: str) -> etree._Element | None:
    if filename != "/etc/hosts.junos":
        return None
    el = etree.Element("file-content", filename=filename)
    el.text = HOSTS_JUNOS
    return el


def directory_list(user: str) -> etree._Element:
    home = f"/var/home/{user}/"
    root = etree.Element("directory-list", {"root-path": home})
    directory = _el(root, "directory")
    _el(directory, "directory-name", home)
    return root
