"""proxy.views through Django's test client, against the recording upstream.

The recorder shows what Flower would receive (no session cookie, no user credentials,
Flower's own Basic auth) and sends what Flower could send (hop-by-hop headers, cookies,
large or gzip bodies, slow answers).
"""
import base64
import hashlib
import json
import time

import pytest

from proxy import upstream as upstream_module
from tests.fixtures.processes import free_port
from tests.proxy.conftest import basic
from tests.proxy.recorder import payload_digest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_pool():
    upstream_module.reset_pool()
    yield
    upstream_module.reset_pool()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def received_headers(record) -> dict[str, str]:
    return {name.lower(): value for name, value in record["headers"]}


def test_session_cookie_and_user_credentials_never_reach_flower(client, upstream, controller):
    client.force_login(controller)
    client.cookies["csrftoken"] = "t" * 32
    response = client.post(
        "/flower/api/task/async-apply/channel.noop?x=1", data=b'{"args": []}', content_type="application/json",
        headers={"authorization": basic("controller"), "x-forwarded-for": "6.6.6.6", "x-real-ip": "6.6.6.6",
                 "forwarded": "for=6.6.6.6", "sec-fetch-site": "same-origin", "origin": "http://testserver"},
    )
    assert response.status_code == 200
    body(response)
    seen = received_headers(upstream.last("/flower/api/task/async-apply/channel.noop"))
    assert "cookie" not in seen
    assert seen["authorization"] == "Basic " + base64.b64encode(b"svc-user:svc-pass").decode()
    assert seen["x-forwarded-for"] == "127.0.0.1"
    assert seen["x-forwarded-proto"] == "http"
    assert seen["x-forwarded-host"] == "testserver"
    assert not {"x-real-ip", "forwarded", "origin", "sec-fetch-site"} & set(seen)


def test_basic_auth_client_gets_the_same_upstream_view(client, upstream, viewer):
    response = client.get("/flower/api/workers?refresh=1", headers={"authorization": basic("viewer")})
    assert response.status_code == 200
    record = json.loads(body(response))
    assert (record["method"], record["path"], record["query"]) == ("GET", "/flower/api/workers", "refresh=1")
    assert received_headers(record)["authorization"].startswith("Basic ")
    assert "viewer" not in base64.b64decode(received_headers(record)["authorization"][6:]).decode()


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"])
def test_every_method_is_forwarded_with_path_query_and_body(client, upstream, controller, method):
    client.force_login(controller)
    response = client.generic(method, "/flower/echo/x?a=1&b=%2F", data=b"payload", content_type="text/plain")
    assert response.status_code == 200
    body(response)
    record = upstream.last("/flower/echo/x")
    assert (record["method"], record["query"]) == (method, "a=1&b=%2F")
    if method not in ("GET", "HEAD", "OPTIONS"):
        assert record["body"] == "payload"


def test_unlisted_method_is_refused(client, upstream, controller):
    client.force_login(controller)
    assert client.generic("TRACE", "/flower/echo").status_code == 405
    assert upstream.requests == []


def test_flower_without_slash_redirects(client):
    response = client.get("/flower?x=1")
    assert (response.status_code, response["Location"]) == (302, "/flower/?x=1")


def test_hop_by_hop_cors_and_challenge_headers_are_dropped_and_cookies_scoped(client, upstream, viewer):
    client.force_login(viewer)
    response = client.get("/flower/headers")
    body(response)
    assert response["X-Kept"] == "yes"
    assert response["Vary"].startswith("Accept, Cookie")
    for name in ("Connection", "X-Hop-Named", "Keep-Alive", "WWW-Authenticate", "Access-Control-Allow-Origin"):
        assert name not in response
    assert response.cookies["_xsrf"]["path"] == "/flower/"
    assert response.cookies["second"]["path"] == "/flower/"
    assert response.cookies["second"]["httponly"]


def test_absolute_redirect_to_flower_is_made_relative(client, upstream, viewer):
    client.force_login(viewer)
    response = client.get("/flower/redirect")
    assert (response.status_code, response["Location"]) == (302, "/flower/landing?from=redirect")


def test_large_gzip_body_passes_byte_exact_with_its_length(client, upstream, viewer):
    client.force_login(viewer)
    response = client.get("/flower/big?size=20000000&gzip=1", headers={"accept-encoding": "gzip"})
    data = body(response)
    assert response["Content-Encoding"] == "gzip"
    assert response["Content-Length"] == str(len(data))
    assert hashlib.sha256(data).hexdigest() == response["X-Body-Sha256"]


def test_large_body_is_streamed_in_chunks(client, upstream, viewer):
    client.force_login(viewer)
    response = client.get("/flower/big?size=20000000")
    assert response.streaming
    chunks = list(response.streaming_content)
    assert len(chunks) > 100
    assert max(map(len, chunks)) <= upstream_module.CHUNK_SIZE
    assert hashlib.sha256(b"".join(chunks)).hexdigest() == payload_digest(20000000)


def test_upstream_connection_is_released_after_the_response(client, upstream, viewer):
    client.force_login(viewer)
    for _ in range(3):
        body(client.get("/flower/echo"))
    assert len({r["client_port"] for r in upstream.requests}) == 1


@pytest.mark.parametrize(("path", "kind"), [("/flower/tasks", "text/html"), ("/flower/api/workers", "application/json")])
def test_upstream_down_is_a_502_in_the_callers_format(client, settings, viewer, path, kind):
    settings.FLOWER_URL = f"http://127.0.0.1:{free_port()}"
    client.force_login(viewer)
    response = client.get(path)
    assert response.status_code == 502
    assert response["Content-Type"].startswith(kind)
    assert b"unreachable" in response.content


def test_slow_upstream_is_a_504_within_the_read_timeout(client, upstream, settings, viewer):
    settings.FLOWER_READ_TIMEOUT = 0.3
    client.force_login(viewer)
    started = time.monotonic()
    response = client.get("/flower/api/slow?delay=5")
    assert response.status_code == 504
    assert json.loads(response.content)["error"] == "Flower did not answer in time."
    assert time.monotonic() - started < 2


def test_flower_rejecting_the_service_credentials_is_a_502_without_challenge(client, upstream, viewer):
    client.force_login(viewer)
    response = client.get("/flower/deny")
    assert response.status_code == 502
    assert "WWW-Authenticate" not in response


def test_apply_timeout_is_capped_in_the_forwarded_body(client, upstream, controller):
    client.force_login(controller)
    response = client.post("/flower/api/task/apply/channel.noop", data=b'{"args": [], "timeout": 3600}',
                           content_type="application/json")
    assert response.status_code == 200
    body(response)
    assert json.loads(upstream.last("/flower/api/task/apply/channel.noop")["body"]) == {"args": [], "timeout": 2.0}


def test_apply_with_unparseable_body_is_a_400(client, upstream, controller):
    client.force_login(controller)
    response = client.post("/flower/api/task/apply/channel.noop", data=b"args=1", content_type="text/plain")
    assert response.status_code == 400
    assert upstream.requests == []


@pytest.mark.parametrize("path", [
    "/flower/../admin/", "/flower/%2e%2e/admin/", "/flower/static/..%2f..%2fsettings.py", "/flower/a%5c..%5cb",
    "/flower//evil.example/x", "/flower/%252e%252e/x", "/flower/api/..",
])
def test_traversal_and_ssrf_forms_are_refused(client, upstream, controller, path):
    client.force_login(controller)
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert upstream.requests == []


def test_refused_path_is_a_400(client, upstream, controller):
    client.force_login(controller)
    assert client.get("/flower/a/../b").status_code == 400
    assert client.get("/flower/x\\y").status_code == 400


def test_upstream_host_comes_from_settings_only(client, upstream, controller):
    client.force_login(controller)
    response = client.get("/flower/echo", headers={"host": "127.0.0.1", "x-forwarded-host": "evil.example"})
    assert response.status_code == 200
    assert json.loads(body(response))["path"] == "/flower/echo"


def test_template_task_name_is_sent_upstream_as_its_flow(client, upstream, controller):
    client.force_login(controller)
    response = client.post("/flower/api/task/apply/channel_app_template.app.tasks.insert_and_update_products",
                           data=b'{"args": []}', content_type="application/json")
    assert response.status_code == 200
    body(response)
    assert json.loads(upstream.last("/flower/api/task/apply/channel.products_sync")["body"]) == {
        "args": [], "timeout": 2.0}
    assert [r["path"] for r in upstream.requests] == ["/flower/api/task/apply/channel.products_sync"]


def test_unknown_template_task_is_a_json_404_naming_the_known_ones(client, upstream, controller):
    client.force_login(controller)
    response = client.post("/flower/api/task/apply/channel_app_template.app.tasks.no_such_task", data=b"{}",
                           content_type="application/json")
    assert response.status_code == 404
    error = response.json()["error"]
    assert "unknown flow 'channel_app_template.app.tasks.no_such_task'" in error
    assert "insert_and_update_products" in error
    assert upstream.requests == []


def test_template_task_names_are_resolved_only_after_authentication(client, upstream):
    response = client.post("/flower/api/task/apply/channel_app_template.app.tasks.no_such_task", data=b"{}",
                           content_type="application/json")
    assert response.status_code == 401
