"""No answer of the server waits for the browser's acknowledgement (ui/sockets.py): once set,
a listening socket and the connections it accepts from then on have Nagle's algorithm off."""

from __future__ import annotations

import os
import socket
import sys

import pytest

from ui import sockets

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/self/fd")


def nagle_off(sock: socket.socket) -> bool:
    return bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


def test_nodelay_sets_the_listening_socket_and_what_it_accepts():
    # Made as Streamlit makes its own: no protocol named, so asyncio leaves Nagle on.
    with socket.socket(socket.AF_INET) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        assert not nagle_off(listener)
        with socket.create_connection(listener.getsockname()) as client:
            before, _ = listener.accept()
            with before:
                assert sockets.nodelay() >= 3
                assert nagle_off(listener) and nagle_off(before) and nagle_off(client)
        with socket.create_connection(listener.getsockname()):
            after, _ = listener.accept()
            with after:
                assert nagle_off(after)


def test_nodelay_leaves_no_descriptor_open():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM):  # a socket it must pass over
        before = sorted(os.listdir(sockets.FD_DIR))
        sockets.nodelay()
        assert sorted(os.listdir(sockets.FD_DIR)) == before
