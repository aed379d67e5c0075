"""The sandbox process keeps HTTP connections open between requests (as servers in front of Omnitron do)."""
from __future__ import annotations

import http.client
from urllib.parse import urlsplit


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
