"""Count what paramiko sends and receives in this process: SSH connections, messages, payload bytes."""

from __future__ import annotations

from collections import Counter
from typing import Any

#: connections, messages and payload bytes received and sent since ``count_messages()`` (clear it
#: to start a new count)
WIRE: Counter[str] = Counter()


def count_messages() -> None:
    """Count paramiko's transports and packets from here on (a lock per count: workers are threads)."""
    import threading

    import paramiko.packet
    import paramiko.transport

    lock = threading.Lock()
    packetizer, transport = paramiko.packet.Packetizer, paramiko.transport.Transport
    read, send, init = packetizer.read_message, packetizer.send_message, transport.__init__

    def read_message(self: Any) -> Any:
        ptype, msg = read(self)
        with lock:
            WIRE["received"] += 1
            WIRE["received bytes"] += len(msg.asbytes())
        return ptype, msg

    def send_message(self: Any, data: Any) -> None:
        with lock:
            WIRE["sent"] += 1
            WIRE["sent bytes"] += len(data.asbytes())
        send(self, data)

    def new_transport(self: Any, *args: Any, **kwargs: Any) -> None:
        with lock:
            WIRE["connections"] += 1
        init(self, *args, **kwargs)

    packetizer.read_message, packetizer.send_message = read_message, send_message  # type: ignore[method-assign]
    transport.__init__ = new_transport  # type: ignore[method-assign]
