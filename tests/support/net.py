"""The one free-port helper of the tests and benchmarks: servers they start listen on 127.0.0.1."""

import socket


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
