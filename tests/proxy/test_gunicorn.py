"""The proxy under a real gunicorn (gthread), where streaming and disconnects are real.

One gunicorn points at the session's Flower, another at a recording upstream that can send
20 MB bodies and notice when the proxy hangs up on it.
"""
import hashlib
import json
import re
import socket

import pytest
import requests

from tests.fixtures.processes import wait_until
from tests.proxy.conftest import PASSWORD
from tests.proxy.recorder import RecordingServer, payload_digest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def to_flower(gunicorn_factory, flower):
    return gunicorn_factory("gunicorn-flower", env={"FLOWER_URL": flower.url, "WEB_CONCURRENCY": "1"})


@pytest.fixture(scope="module")
def module_recorder():
    with RecordingServer() as server:
        yield server


@pytest.fixture(scope="module")
def to_recorder(gunicorn_factory, module_recorder):
    return gunicorn_factory("gunicorn-recorder", env={
        "FLOWER_URL": module_recorder.url, "WEB_CONCURRENCY": "1",
        "FLOWER_CONNECT_TIMEOUT": "1", "FLOWER_READ_TIMEOUT": "5",
    })


def test_browser_session_login_then_dashboard(to_flower, viewer):
    browser = requests.Session()
    login = browser.get(to_flower.url + "/flower/workers")
    assert login.url.startswith(to_flower.url + "/admin/login/")
    token = browser.cookies["csrftoken"]
    browser.post(login.url, data={"username": "viewer", "password": PASSWORD, "csrfmiddlewaretoken": token,
                                  "next": "/flower/workers"}, headers={"Referer": login.url})
    page = browser.get(to_flower.url + "/flower/workers")
    assert page.status_code == 200
    assert 'id="url_prefix"' in page.text
    asset = re.search(r'/flower/static/[^"\'?]+\.js', page.text).group(0)
    assert browser.get(to_flower.url + asset).status_code == 200


def test_seed_curl_through_gunicorn(to_flower, controller):
    auth = ("controller", PASSWORD)
    wait_until(lambda: requests.get(to_flower.url + "/flower/api/workers?refresh=1", auth=auth, timeout=10).json(),
               30, "a worker visible through the proxy")
    response = requests.post(to_flower.url + "/flower/api/task/apply/channel.noop", data='{"args":[]}',
                             auth=auth, timeout=30)
    assert response.status_code == 200
    assert response.json()["state"] == "SUCCESS"
    assert response.json()["task-id"]


def test_20mb_gzip_body_arrives_byte_exact_with_its_length(to_recorder, viewer):
    response = requests.get(to_recorder.url + "/flower/big?size=20000000&gzip=1", auth=("viewer", PASSWORD),
                            headers={"Accept-Encoding": "gzip"}, stream=True, timeout=30)
    raw = b"".join(response.raw.stream(1 << 20, decode_content=False))
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Content-Length"] == str(len(raw))
    assert hashlib.sha256(raw).hexdigest() == response.headers["X-Body-Sha256"]


def test_20mb_chunked_body_arrives_whole(to_recorder, viewer):
    response = requests.get(to_recorder.url + "/flower/big?size=20000000&chunked=1", auth=("viewer", PASSWORD),
                            timeout=30)
    assert response.headers["Transfer-Encoding"] == "chunked"
    assert hashlib.sha256(response.content).hexdigest() == payload_digest(20000000)


def test_head_keeps_length_without_body(to_recorder, viewer):
    response = requests.head(to_recorder.url + "/flower/big?size=12345", auth=("viewer", PASSWORD), timeout=10)
    assert (response.status_code, response.headers["Content-Length"], response.content) == (200, "12345", b"")


def test_client_hang_up_closes_the_upstream_connection(to_recorder, module_recorder, viewer):
    path = "/flower/big?size=200000000&hangup=1"
    with socket.create_connection(("127.0.0.1", int(to_recorder.url.rsplit(":", 1)[1])), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                     f"{requests.auth._basic_auth_str('viewer', PASSWORD)}\r\n\r\n".encode())
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    wait_until(lambda: path in module_recorder.aborted, 15, "the proxy to drop its upstream connection")


@pytest.mark.parametrize("path", ["/flower/api%2Fworkers", "/flower/%2e%2e/admin/", "/flower/static%5c..%5cx"])
def test_encoded_separators_are_refused_by_the_raw_uri_check(to_recorder, module_recorder, viewer, path):
    before = len(module_recorder.requests)
    response = requests.get(to_recorder.url + path, auth=("viewer", PASSWORD), timeout=10)
    assert response.status_code == 400
    assert len(module_recorder.requests) == before


def test_forwarded_headers_are_rebuilt_by_the_proxy(to_recorder, viewer):
    response = requests.get(to_recorder.url + "/flower/echo", auth=("viewer", PASSWORD), timeout=10,
                            headers={"X-Forwarded-For": "6.6.6.6", "Cookie": "sessionid=abc"})
    seen = {name.lower(): value for name, value in json.loads(response.content)["headers"]}
    assert seen["x-forwarded-for"] == "127.0.0.1"
    assert "cookie" not in seen


def test_large_request_body_is_streamed_upstream(to_recorder, module_recorder, controller):
    sent = bytes(range(256)) * 12000  # 3 MB, above DATA_UPLOAD_MAX_MEMORY_SIZE: never read into request.body
    response = requests.put(to_recorder.url + "/flower/upload", data=sent, auth=("controller", PASSWORD),
                            headers={"Content-Type": "application/octet-stream"}, timeout=30)
    assert response.status_code == 200
    record = module_recorder.last("/flower/upload")
    assert record["body"].encode("latin-1") == sent
