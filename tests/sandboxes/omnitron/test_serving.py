"""The sandbox process keeps HTTP connections open between requests (as servers in front of Omnitron do)."""
from __future__ import annotations

import http.client
import json
import socket
from urllib.parse import urlsplit

import requests


def test_connections_are_kept_alive(omnitron):
    address = urlsplit(omnitron.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=5)
    try:
        sockets = []
        for _ in range(2):
            connection.request("GET", "/_sandbox/health")
            response = connection.getresponse()
            assert response.status == 200 and response.read()
            assert response.getheader("Connection", "").lower() != "close"
            sockets.append(connection.sock)  # None once the server has closed it
        assert sockets[0] is not None and sockets[0] is sockets[1]
    finally:
        connection.close()


def test_a_body_cut_short_by_a_dying_client_creates_nothing(omnitron):
    """A worker killed while sending a POST leaves a body shorter than its Content-Length:
    the sandbox acts on nothing, as a real server does (it once created an empty customer)."""
    token = requests.post(f"{omnitron.url}api/v1/auth/login/", json={"username": "admin", "password": "admin"},
                          timeout=5).json()["key"]
    before = len(omnitron.table("customers"))
    body = json.dumps({"channel": "1", "email": "cut@example.com", "first_name": "A"}).encode()
    address = urlsplit(omnitron.url)
    with socket.create_connection((address.hostname, address.port), timeout=5) as sock:
        sock.sendall(b"POST /api/v1/channel/1/customers/ HTTP/1.1\r\nHost: sandbox\r\nContent-Type: application/json\r\n"
                     + f"Authorization: Token {token}\r\nContent-Length: {len(body)}\r\n\r\n".encode())
        sock.shutdown(socket.SHUT_WR)
        sock.recv(4096)  # whatever the server answers (or nothing) once it sees the end of the stream
    assert len(omnitron.table("customers")) == before
    whole = requests.post(f"{omnitron.url}api/v1/channel/1/customers/", json=json.loads(body),
                          headers={"Authorization": f"Token {token}"}, timeout=5)
    assert whole.status_code == 201 and len(omnitron.table("customers")) == before + 1
