"""The emulated Junos NETCONF server against real clients: ncclient, junos-eznc (PyEZ), napalm."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import asyncssh
import pytest
from lxml import etree

from mpls_interop_lab.junos.device import JunosDevice
from mpls_interop_lab.junos.netconf import start_netconf_server

USER, PASSWORD = "lab", "lab-pass-1"
INTERFACES = """\
interfaces {
    ge-1/0/0 {
        vlan-tagging;
        mtu 9192;
        unit 1000 {
            vlan-id 1000;
            family inet {
                address 192.0.2.1/30;
            }
        }
    }
}
"""


@pytest.fixture(autouse=True)
def fast_ncclient(monkeypatch: pytest.MonkeyPatch) -> None:
    """ncclient polls its send queue every TICK (0.1 s): make it small (DESIGN §6)."""
    import ncclient.transport.session as nc_session

    monkeypatch.setattr(nc_session, "TICK", 0.002)


@dataclass
class Lab:
    device: JunosDevice
    port: int
    loop: asyncio.AbstractEventLoop

    def run(self, coro):  # type: ignore[no-untyped-def]
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(20)


def _interface_stub(rpc: etree._Element) -> etree._Element | None:
    """A minimal get-interface-information reply (the network model answers the real one)."""
    if etree.QName(rpc).localname != "get-interface-information":
        return None
    root = etree.Element("interface-information")
    ifd = etree.SubElement(root, "physical-interface")
    for tag, text in (("name", "ge-1/0/0"), ("admin-status", "up"), ("oper-status", "up"),
                      ("mtu", "9192"), ("speed", "1000mbps"), ("current-physical-address", "2c:6b:f5:00:00:01")):
        etree.SubElement(ifd, tag).text = text
    ifl = etree.SubElement(ifd, "logical-interface")
    etree.SubElement(ifl, "name").text = "ge-1/0/0.1000"
    return root


@pytest.fixture()
def make_lab(loop: asyncio.AbstractEventLoop) -> Iterator[Callable[..., Lab]]:
    acceptors: list[asyncssh.SSHAcceptor] = []

    def make(device: JunosDevice | None = None, base11: bool = True) -> Lab:
        device = device or JunosDevice("pe1", op_handler=_interface_stub)
        acceptor = asyncio.run_coroutine_threadsafe(
            start_netconf_server(device, "127.0.0.1", 0, USER, PASSWORD, base11=base11), loop
        ).result(20)
        acceptors.append(acceptor)
        return Lab(device, acceptor.get_port(), loop)

    yield make
    for acceptor in acceptors:
        loop.call_soon_threadsafe(acceptor.close)


@pytest.fixture()
def lab(make_lab: Callable[..., Lab]) -> Lab:
    return make_lab()


def nc(lab: Lab, **kw):  # type: ignore[no-untyped-def]
    from ncclient import manager

    return manager.connect(
        host="127.0.0.1", port=lab.port, username=USER, password=PASSWORD, hostkey_verify=False,
        device_params={"name": "junos"}, look_for_keys=False, allow_agent=False, timeout=20, **kw,
    )


def pyez(lab: Lab):  # type: ignore[no-untyped-def]
    from jnpr.junos import Device

    dev = Device(host="127.0.0.1", port=lab.port, user=USER, passwd=PASSWORD, gather_facts=False)
    dev.open()
    return dev


def wait_for(predicate: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


# ---- ncclient: hello, framing, configuration RPCs, errors --------------------------------------------


def test_ncclient_hello_and_get_configuration(lab: Lab) -> None:
    from ncclient.transport.session import NetconfBase

    with nc(lab) as m:
        assert int(m.session_id) > 0
        caps = list(m.server_capabilities)
        assert "http://xml.juniper.net/netconf/junos/1.0" in caps
        assert "http://xml.juniper.net/dmi/system/1.0" in caps
        assert "urn:ietf:params:netconf:capability:confirmed-commit:1.0" in caps
        assert m._session._base == NetconfBase.BASE_11
        reply = m.get_configuration(format="text")
        text = reply.xpath("//configuration-text")[0].text
        assert "host-name pe1;" in text
        xml = m.get_configuration(format="xml")
        assert xml.xpath("//configuration/system/host-name")[0].text == "pe1"
        filtered = m.rpc(
            etree.fromstring("<get-configuration><configuration><system><host-name/></system>"
                             "</configuration></get-configuration>")
        )
        conf = filtered.xpath("//configuration")[0]
        assert conf.findtext("system/host-name") == "pe1"
        assert conf.find("interfaces") is None


def test_ncclient_base10_framing(make_lab: Callable[..., Lab]) -> None:
    from ncclient.transport.session import NetconfBase

    lab = make_lab(base11=False)
    with nc(lab) as m:
        assert m._session._base == NetconfBase.BASE_10
        version = m.rpc(etree.fromstring("<get-software-information/>"))
        assert version.xpath("//software-information/host-name")[0].text == "pe1"


def test_ncclient_load_compare_commit_and_errors(lab: Lab) -> None:
    from ncclient.operations.rpc import RPCError

    with nc(lab) as m:
        m.load_configuration(action="set", config=["set interfaces ge-1/0/0 mtu 9192"])
        diff = m.compare_configuration().xpath("//configuration-output")[0].text
        assert "[edit interfaces]\n+   ge-1/0/0 {\n+       mtu 9192;\n+   }" in diff
        m.commit()
        assert lab.device.committed.root.value_of("interfaces", "ge-1/0/0", "mtu") == "9192"

        with pytest.raises(RPCError) as info:
            m.load_configuration(format="text", config="interfaces {\n    ge-1/0/0 {\n        mtu 1514\n    }\n}\n")
        err = info.value
        assert err.severity == "error" and err.type == "protocol"
        assert err.message == "syntax error, expecting ';' or '{'"
        assert "<bad-element>mtu 1514</bad-element>" in err.info
        assert err.path == "[edit interfaces ge-1/0/0]"

        with pytest.raises(RPCError) as info:
            m.rpc(etree.fromstring("<get-frobnicator-information/>"))
        assert info.value.tag == "operation-not-supported"
        assert "get-frobnicator-information" in info.value.info


def test_ncclient_standard_operations_and_commands(lab: Lab) -> None:
    from ncclient.operations import RPCError

    edit = ("<config><configuration><interfaces><interface><name>ge-1/0/3</name><mtu>9192</mtu>"
            "</interface></interfaces></configuration></config>")
    with nc(lab) as m:
        data = m.get_config(source="running")
        assert data.xpath("//data/configuration/system/host-name")[0].text == "pe1"
        m.lock(target="candidate")
        m.edit_config(target="candidate", config=edit)
        assert lab.device.candidate.root.value_of("interfaces", "ge-1/0/3", "mtu") == "9192"
        bad = ("<config><configuration><interfaces><interface><name>ge-1/0/3</name><mtux>1</mtux>"
               "<native-vlan-id>5000</native-vlan-id></interface></interfaces></configuration></config>")
        with pytest.raises(RPCError) as info:
            m.edit_config(target="candidate", config=bad)
        errors = info.value.errors if info.value.errors else [info.value]
        assert len(errors) == 2  # one rpc-error per refused element
        assert "<bad-element>mtux</bad-element>" in errors[0].info
        m.discard_changes()
        assert lab.device.candidate == lab.device.committed
        m.edit_config(target="candidate", config=edit)
        m.validate(source="candidate")
        m.commit(confirmed=True, timeout="120")  # seconds on the wire, minutes on Junos
        assert lab.device.confirm_pending and lab.device.history[0].confirm_minutes == 2
        history = m.rpc(etree.fromstring("<get-commit-information/>"))
        assert "commit confirmed, rollback in 2mins" in history.xpath("//commit-history/comment")[0].text
        m.commit()
        assert not lab.device.confirm_pending
        m.unlock(target="candidate")

        one = m.rpc(etree.fromstring(
            "<get-configuration database='committed'><configuration><interfaces><interface>"
            "<name>ge-1/0/3</name></interface></interfaces></configuration></get-configuration>"))
        assert [e.text for e in one.xpath("//interfaces/interface/name")] == ["ge-1/0/3"]
        text = m.command("show configuration interfaces ge-1/0/3", format="text")
        assert text.xpath("//configuration-text")[0].text.strip() == "mtu 9192;"
        leaf = m.command("show configuration interfaces ge-1/0/3 mtu", format="text")
        assert leaf.xpath("//configuration-text")[0].text.strip() == "mtu 9192;"
        sets = m.command("show configuration | display set", format="text")
        assert "set interfaces ge-1/0/3 mtu 9192" in sets.xpath("//configuration-set")[0].text
        version = m.command("show version", format="text")
        assert "Hostname: pe1" in version.xpath("//output")[0].text
        rollback = m.rpc(etree.fromstring("<get-configuration compare='rollback' rollback='2' format='text'/>"))
        assert "+   ge-1/0/3 {" in rollback.xpath("//configuration-output")[0].text


def test_raw_framing_both_versions(lab: Lab) -> None:
    """Byte-level: no XML declaration, message-id echoed, ]]>]]> then chunked framing."""

    async def talk(base11: bool) -> tuple[bytes, bytes]:
        async with asyncssh.connect(
            "127.0.0.1", lab.port, username=USER, password=PASSWORD, known_hosts=None
        ) as conn:
            writer, reader, _ = await conn.open_session(subsystem="netconf", encoding=None)
            hello = await reader.readuntil(b"]]>]]>")
            caps = "urn:ietf:params:netconf:base:1.1" if base11 else "urn:ietf:params:netconf:base:1.0"
            writer.write(
                b'<?xml version="1.0"?><hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">'
                b"<capabilities><capability>" + caps.encode() + b"</capability></capabilities></hello>]]>]]>"
            )
            rpc = b'<rpc message-id="m-7"><get-software-information/></rpc>'
            if base11:
                writer.write(b"\n#10\n" + rpc[:10] + b"\n#%d\n" % (len(rpc) - 10) + rpc[10:] + b"\n##\n")
                reply = await reader.readuntil(b"\n##\n")
            else:
                writer.write(rpc + b"]]>]]>")
                reply = await reader.readuntil(b"]]>]]>")
            writer.close()
            return hello, reply

    hello, reply = lab.run(talk(False))
    assert b"<session-id>" in hello and b"urn:ietf:params:netconf:base:1.1" in hello
    assert not reply.lstrip().startswith(b"<?xml")
    assert b'message-id="m-7"' in reply and b"<host-name>pe1</host-name>" in reply
    assert reply.rstrip().endswith(b"]]>]]>")

    _, reply = lab.run(talk(True))
    assert reply.startswith(b"\n#")
    body = b"".join(reply.split(b"\n#")[1:]).split(b"\n", 1)[1].rsplit(b"\n##", 1)[0]
    assert body.startswith(b"<rpc-reply") and b'message-id="m-7"' in body


def test_wrong_password_is_refused(lab: Lab) -> None:
    from ncclient import manager
    from ncclient.transport.errors import AuthenticationError

    with pytest.raises(AuthenticationError):
        manager.connect(host="127.0.0.1", port=lab.port, username=USER, password="nope",
                        hostkey_verify=False, device_params={"name": "junos"},
                        look_for_keys=False, allow_agent=False, timeout=10)


# ---- PyEZ ----------------------------------------------------------------------------------------------


def test_pyez_facts(lab: Lab) -> None:
    dev = pyez(lab)
    try:
        assert dev.facts["hostname"] == "pe1"
        assert dev.facts["model"] == "MX80"
        assert dev.facts["version"] == "21.2R3-S4.8"
        assert dev.facts["serialnumber"] == lab.device.serial
        assert dev.facts["personality"] == "MX"
        assert dev.facts["2RE"] is False
        assert dev.uptime and dev.uptime > 0
    finally:
        dev.close()


def test_pyez_config_lock_load_diff_commit_rollback(lab: Lab) -> None:
    from jnpr.junos.utils.config import Config

    dev = pyez(lab)
    try:
        cu = Config(dev)
        cu.lock()
        cu.load(INTERFACES, format="text")
        cu.load('set interfaces ge-1/0/0 description "to pe2"', format="set")
        cu.load("<configuration><interfaces><interface><name>ge-1/0/1</name><mtu>9000</mtu>"
                "</interface></interfaces></configuration>", format="xml")
        diff = cu.diff()
        assert "+   ge-1/0/0 {" in diff and '+       description "to pe2";' in diff
        assert "+   ge-1/0/1 {\n+       mtu 9000;\n+   }" in diff
        assert cu.commit(confirm=1, comment="add core links")
        assert lab.device.confirm_pending
        assert cu.commit()  # confirms
        assert not lab.device.confirm_pending
        assert lab.device.history[1].comment == "add core links"
        cu.rollback(2)
        assert "-   ge-1/0/0 {" in cu.diff()
        cu.commit()
        cu.unlock()
        assert not lab.device.committed.root.has("interfaces", "ge-1/0/0")
    finally:
        dev.close()


def test_pyez_unconfirmed_commit_rolls_back(lab: Lab) -> None:
    from jnpr.junos.utils.config import Config

    lab.device.confirm_seconds_per_minute = 0.2
    before = lab.device.committed
    dev = pyez(lab)
    try:
        cu = Config(dev)
        cu.lock()
        cu.load("set system host-name pe1-tmp", format="set")
        cu.commit(confirm=1)
        assert lab.device.hostname == "pe1-tmp"
        assert wait_for(lambda: not lab.device.confirm_pending)
        assert lab.device.committed == before
        assert dev.facts_refresh() is None and dev.facts["hostname"] == "pe1"
        cu.unlock()
    finally:
        dev.close()


def test_pyez_second_session_cannot_lock(lab: Lab) -> None:
    from jnpr.junos.exception import ConfigLoadError, LockError
    from jnpr.junos.utils.config import Config

    first, second = pyez(lab), pyez(lab)
    try:
        Config(first).lock()
        with pytest.raises(LockError) as info:
            Config(second).lock()
        assert "locked by" in info.value.rpc_error["message"]
        with pytest.raises(ConfigLoadError):
            Config(second).load("set system host-name intruder", format="set")
        Config(first).unlock()
        Config(second).lock()
        Config(second).unlock()
    finally:
        first.close()
        second.close()


def test_pyez_syntax_and_semantic_errors(lab: Lab) -> None:
    from jnpr.junos.exception import CommitError, ConfigLoadError
    from jnpr.junos.utils.config import Config

    dev = pyez(lab)
    try:
        cu = Config(dev)
        cu.lock()
        with pytest.raises(ConfigLoadError) as info:
            cu.load("protocols {\n    l2circuit {\n        neighbor 10.0.0.2 {\n"
                    "            interface ge-1/0/0.600 {\n                encapsulation ethernet;\n"
                    "            }\n        }\n    }\n}\n", format="text")
        assert info.value.rpc_error["bad_element"] == "encapsulation"
        assert info.value.rpc_error["message"] == "syntax error"
        assert info.value.rpc_error["edit_path"] == (
            "[edit protocols l2circuit neighbor 10.0.0.2 interface ge-1/0/0.600]")
        before = lab.device.committed
        cu.load(INTERFACES, format="text")
        cu.load("set interfaces ge-1/0/0 unit 1000 family inet mtu 9180", format="set")
        with pytest.raises(CommitError) as cinfo:
            cu.commit()
        assert "family inet mtu 9180 exceeds the maximum 9174" in cinfo.value.rpc_error["message"]
        assert cinfo.value.rpc_error["edit_path"] == "[edit interfaces ge-1/0/0 unit 1000 family inet]"
        assert lab.device.committed == before
        cu.rollback(0)
        cu.unlock()
    finally:
        dev.close()


# ---- napalm ----------------------------------------------------------------------------------------------


def test_napalm_junos_driver(lab: Lab) -> None:
    from napalm import get_network_driver

    driver = get_network_driver("junos")("127.0.0.1", USER, PASSWORD, optional_args={"port": lab.port})
    driver.open()
    try:
        facts = driver.get_facts()
        assert facts["hostname"] == "pe1" and facts["model"] == "MX80"
        assert facts["os_version"] == "21.2R3-S4.8" and facts["interface_list"] == ["ge-1/0/0"]
        interfaces = driver.get_interfaces()
        assert interfaces["ge-1/0/0"]["mtu"] == 9192 and interfaces["ge-1/0/0"]["is_up"]
        assert "ge-1/0/0.1000" in interfaces

        driver.load_merge_candidate(config=INTERFACES)
        assert "+   ge-1/0/0 {" in driver.compare_config()
        driver.commit_config(message="napalm push")
        assert lab.device.committed.root.value_of("interfaces", "ge-1/0/0", "mtu") == "9192"
        assert lab.device.lock_owner is None

        driver.load_merge_candidate(config="set interfaces ge-1/0/0 mtu 9000")
        assert "-    mtu 9192;\n+    mtu 9000;" in driver.compare_config()
        driver.discard_config()
        assert driver.compare_config() == ""

        driver.rollback()
        assert not lab.device.committed.root.has("interfaces", "ge-1/0/0")
    finally:
        driver.close()


# ---- faults ------------------------------------------------------------------------------------------------


def test_fault_commit_fail_clears_itself(lab: Lab) -> None:
    from jnpr.junos.exception import CommitError
    from jnpr.junos.utils.config import Config

    dev = pyez(lab)
    try:
        cu = Config(dev)
        cu.lock()
        cu.load("set system host-name pe1-b", format="set")
        lab.device.faults.commit_fail = True
        before = lab.device.committed
        with pytest.raises(CommitError):
            cu.commit()
        assert lab.device.committed == before and not lab.device.faults.commit_fail
        cu.commit()
        assert lab.device.hostname == "pe1-b"
        cu.unlock()
    finally:
        dev.close()


def test_fault_drop_after_cuts_session_mid_push(lab: Lab) -> None:
    from ncclient.operations.errors import TimeoutExpiredError
    from ncclient.transport.errors import TransportError

    m = nc(lab)
    before = lab.device.committed
    m.lock(target="candidate")
    lab.device.faults.drop_after = 1
    m.load_configuration(action="set", config=["set system host-name pe1-half"])
    assert lab.device.candidate != before
    with pytest.raises((TransportError, TimeoutExpiredError)):
        m.commit()
    assert wait_for(lambda: lab.device.lock_owner is None)
    assert lab.device.candidate == before and lab.device.committed == before
    assert lab.device.faults.drop_after is None
    with nc(lab) as again:  # the device is still there
        again.lock(target="candidate")


def test_fault_device_down_and_back(lab: Lab) -> None:
    from ncclient.transport.errors import TransportError

    m = nc(lab)
    lab.device.faults.down = True
    assert wait_for(lambda: not m.connected)
    with pytest.raises((TransportError, EOFError, OSError)):  # closed during the SSH handshake
        nc(lab)
    lab.device.faults.down = False
    with nc(lab) as again:
        assert again.get_configuration(format="text").xpath("//configuration-text")


def test_drop_sessions_releases_lock(lab: Lab) -> None:
    m = nc(lab)
    m.lock(target="candidate")
    assert lab.device.lock_owner is not None
    lab.device.drop_sessions()
    assert wait_for(lambda: lab.device.lock_owner is None)
    assert wait_for(lambda: not m.connected)
