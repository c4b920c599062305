"""TCP_NODELAY on the server's sockets, so that no answer waits for the browser's acknowledgement.

Streamlit 1.67 (uvicorn) opens its listening socket without naming the protocol, so asyncio does
not recognise the connections it accepts as TCP and leaves Nagle's algorithm on. An answer that
is written in two parts (the headers, then the body: every file, the health check) then holds
the body back until the browser acknowledges the headers, which a browser may delay by 40 ms:
on a kept-alive connection every request after the first took about 40 ms longer, and the
messages of a script run after the first waited as long. A fresh page loads some sixty of
Streamlit's script files over six connections before the map's frame appears, then the frame's
own files. On Linux a connection inherits TCP_NODELAY from the socket that accepted it.
No Streamlit here.
"""

from __future__ import annotations

import os
import socket

# This process's open descriptors (Linux); elsewhere nothing is done.
FD_DIR = "/proc/self/fd"


def nodelay() -> int:
    """Turn Nagle's algorithm off on every TCP socket of this process, listening or connected;
    returns how many sockets were set."""
    try:
        descriptors = [int(name) for name in os.listdir(FD_DIR)]
    except OSError:
        return 0
    done = 0
    for fd in descriptors:
        try:
            copy = os.dup(fd)
        except OSError:  # closed since the listing
            continue
        try:
            sock = socket.socket(fileno=copy)
        except OSError:  # not a socket
            os.close(copy)
            continue
        with sock:  # closes the copy only; the socket stays open on `fd`
            if sock.family not in (socket.AF_INET, socket.AF_INET6):
                continue
            if sock.type != socket.SOCK_STREAM:
                continue
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                continue
            done += 1
    return done
