"""Run ONE emulated NetIron router with its SSH CLI: the entry point of the containerlab node image.

Settings come from the environment (containerlab sets them from the topology's node ``env``):

``NETIRON_HOSTNAME``         device hostname (default: the container's hostname)
``NETIRON_MODEL``            chassis model (default: the emulator's own default)
``NETIRON_USERNAME``         SSH login (lab default ``admin``)
``NETIRON_PASSWORD``         SSH password (lab default ``admin@123``, containerlab's Junos default,
                             so one ``INTEROP_PASSWORD`` serves the whole lab)
``NETIRON_ENABLE_PASSWORD``  ``enable`` password (default: none)
``NETIRON_VC_WORDS``         ``Local VC type`` words of the release: ``untag`` (5.x, default) or
                             ``raw-mode``
``NETIRON_STARTUP_CONFIG``   config file replayed at boot and saved as the startup config
                             (default ``/config/startup-config.cfg`` when it exists)
``NETIRON_PORT``             SSH port (default 22); ``NETIRON_LISTEN`` address (default all)
``NETIRON_HOST_KEY``         SSH host key file; made (ed25519) and kept there when absent

The emulated device answers the CLI only: it does not route on the container's ``ethN`` ports.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import sys
from collections.abc import Mapping
from pathlib import Path

import asyncssh

from mpls_interop_lab.netiron.cli import start_cli_server
from mpls_interop_lab.netiron.config import NetIronConfig
from mpls_interop_lab.netiron.device import VC_WORDS, NetIronDevice

log = logging.getLogger("netiron-node")

DEFAULT_USERNAME = "admin"
DEFAULT_PASSWORD = "admin@123"  # lab-only default, the one containerlab's vrnetlab Junos nodes use
DEFAULT_STARTUP = Path("/config/startup-config.cfg")
DEFAULT_HOST_KEY = Path("/var/lib/netiron/ssh_host_ed25519_key")


def make_device(env: Mapping[str, str]) -> NetIronDevice:
    """The device the environment describes (an unknown model falls back to the default one)."""
    hostname = env.get("NETIRON_HOSTNAME") or socket.gethostname()
    enable = env.get("NETIRON_ENABLE_PASSWORD") or None
    model = env.get("NETIRON_MODEL")
    words = env.get("NETIRON_VC_WORDS") or "untag"
    if words not in VC_WORDS:
        log.warning("unknown NETIRON_VC_WORDS %r; using untag", words)
        words = "untag"
    if model:
        try:
            return NetIronDevice(hostname, model=model, enable_password=enable, vc_words=words)
        except ValueError as exc:
            log.warning("%s; using the emulator's default model", exc)
    return NetIronDevice(hostname, enable_password=enable, vc_words=words)


def load_startup_config(device: NetIronDevice, text: str) -> list[str]:
    """Boot from a configuration (indentation gives the blocks, as in a saved config); save it.
    Returns the lines it could not take (they are skipped)."""
    errors: list[str] = []
    config = NetIronConfig.from_text(text, errors)
    config.header = config.header or device.running.header
    device.running = config
    if device.on_change is not None:
        device.on_change(config)
    device.write_memory()
    return errors


def host_key(path: Path) -> asyncssh.SSHKey:
    """The key stored at ``path``, or a new ed25519 key (kept there when the path is writable)."""
    if path.is_file():
        return asyncssh.read_private_key(str(path))
    key = asyncssh.generate_private_key("ssh-ed25519")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        key.write_private_key(str(path))
        path.chmod(0o600)
    except OSError as exc:
        log.warning("host key not kept at %s (%s): it changes at every start", path, exc.strerror)
    return key


async def start(env: Mapping[str, str]) -> tuple[NetIronDevice, asyncssh.SSHAcceptor]:
    """Make the device, load its startup config, start its SSH CLI server."""
    device = make_device(env)
    startup = Path(env["NETIRON_STARTUP_CONFIG"]) if env.get("NETIRON_STARTUP_CONFIG") else DEFAULT_STARTUP
    if startup.is_file():
        errors = load_startup_config(device, startup.read_text(encoding="utf-8"))
        for e in errors:
            log.warning("startup config %s: %s", startup, e)
        log.info("startup config %s loaded (%d lines rejected)", startup, len(errors))
    elif env.get("NETIRON_STARTUP_CONFIG"):
        log.warning("startup config %s not found: factory defaults", startup)
    acceptor = await start_cli_server(
        device,
        env.get("NETIRON_LISTEN") or "",
        int(env.get("NETIRON_PORT") or 22),
        env.get("NETIRON_USERNAME") or DEFAULT_USERNAME,
        env.get("NETIRON_PASSWORD") or DEFAULT_PASSWORD,
        host_key(Path(env.get("NETIRON_HOST_KEY") or DEFAULT_HOST_KEY)),
    )
    port = acceptor.sockets[0].getsockname()[1] if acceptor.sockets else "?"
    log.info("%s (%s) serving its SSH CLI on port %s", device.hostname, device.model, port)
    return device, acceptor


async def serve(env: Mapping[str, str]) -> None:
    """Run until SIGTERM/SIGINT (``docker stop``, Ctrl-C)."""
    _, acceptor = await start(env)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        acceptor.close()
        await acceptor.wait_closed()


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        asyncio.run(serve(os.environ))
    except OSError as exc:
        log.error("cannot serve: %s", exc.strerror or exc)
        sys.exit(1)


if __name__ == "__main__":
    main()
