"""NETCONF requests written by the calling thread, not by ncclient's session thread.

ncclient queues every request and its session thread sends the queue only between two waits
for input of ``TICK`` seconds (0.1 s shipped), so each RPC waits up to a TICK. Lowering TICK
(the toolkit's earlier fix) makes every open session's thread wake hundreds of times a second:
with a few hundred sessions open during a large deploy, those wake-ups alone keep a core busy
and starve the work. Writing the framed request at once from the thread that sends it removes
the wait without the polling: the session thread still reads replies, and wakes as soon as one
arrives (it waits on the socket). Replies are matched to requests by ncclient as before.
"""

from __future__ import annotations

import threading
from typing import Any

from ncclient.transport.errors import TransportError
from ncclient.transport.session import END_DELIM, MSG_DELIM, NetconfBase


def send_at_once(session: Any) -> None:
    """Make ``session.send`` write the framed message itself (after the hello exchange)."""
    lock = threading.Lock()

    def send(message: str) -> None:
        if not session.connected:
            raise TransportError("Not connected to NETCONF server")
        data = message.encode()
        if session._base == NetconfBase.BASE_11:
            data = b"\n#%i\n%s%s" % (len(data), data, END_DELIM)
        else:
            data = data + MSG_DELIM
        with lock:
            while data:
                n = session._transport_write(data)
                if n <= 0:
                    raise TransportError("the NETCONF session closed while sending")
                data = data[n:]

    session.send = send
