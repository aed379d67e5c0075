"""proxy.upstream: pooled connections, timeouts as 502/504, raw bodies, release on close."""
import hashlib
import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from proxy import upstream
from tests.fixtures.processes import free_port
from tests.proxy.recorder import payload_digest


@pytest.fixture(autouse=True)
def fresh_pool():
    upstream.reset_pool()
    yield
    upstream.reset_pool()


def get(url, connect=1.0, read=1.0, method="GET", body=None, headers=None):
    return upstream.open_response(method, url, headers or {}, body, connect, read)


def drain(response):
    body = upstream.StreamedBody(response)
    data = b"".join(body)
    body.close()
    return data


def test_pool_is_created_on_first_use_only():
    assert upstream._pool is None
    assert upstream.pool() is upstream.pool()


def test_connections_are_reused_after_a_full_read(recorder):
    for _ in range(3):
        drain(get(recorder.url + "/flower/echo"))
    assert len({r["client_port"] for r in recorder.requests}) == 1


def test_a_partly_read_response_closes_its_connection(recorder):
    body = upstream.StreamedBody(get(recorder.url + "/flower/big?size=5000000"), chunk_size=65536)
    next(iter(body))
    body.close()
    drain(get(recorder.url + "/flower/echo"))
    assert len({r["client_port"] for r in recorder.requests}) == 2


def test_close_before_iteration_releases_the_connection(recorder):
    body = upstream.StreamedBody(get(recorder.url + "/flower/big?size=1000"))
    body.close()
    assert body.closed and body.response.connection is None


def test_body_is_passed_raw_without_decoding_gzip(recorder):
    response = get(recorder.url + "/flower/big?size=300000&gzip=1")
    data = drain(response)
    assert response.headers["Content-Encoding"] == "gzip"
    assert hashlib.sha256(data).hexdigest() == response.headers["X-Body-Sha256"]


def test_chunked_body_arrives_whole(recorder):
    data = drain(get(recorder.url + "/flower/big?size=1500000&chunked=1"))
    assert hashlib.sha256(data).hexdigest() == payload_digest(1500000)


def test_request_body_is_sent_from_a_file_like(recorder, tmp_path):
    path = tmp_path / "body"
    path.write_bytes(b"x" * 200000)
    with open(path, "rb") as stream:
        drain(get(recorder.url + "/flower/echo", method="POST", body=stream, headers={"Content-Length": "200000"}))
    assert recorder.last("/flower/echo")["body"] == "x" * 200000


def test_refused_connection_is_a_502():
    with pytest.raises(upstream.UpstreamError) as err:
        get(f"http://127.0.0.1:{free_port()}/flower/")
    assert err.value.status == 502


def test_slow_answer_is_a_504_after_the_read_timeout(recorder):
    started = time.monotonic()
    with pytest.raises(upstream.UpstreamError) as err:
        get(recorder.url + "/flower/slow?delay=5", read=0.3)
    assert err.value.status == 504
    assert time.monotonic() - started < 2


def test_redirects_are_returned_not_followed(recorder):
    response = get(recorder.url + "/flower/redirect")
    drain(response)
    assert response.status == 302
    assert [r["path"] for r in recorder.requests] == ["/flower/redirect"]


def test_pool_is_shared_safely_by_threads(recorder):
    def fetch(i):
        data = drain(get(recorder.url + f"/flower/echo?i={i}", connect=10.0, read=10.0))  # pooling, not timing
        return json.loads(data)["query"]

    with ThreadPoolExecutor(8) as executor:
        answers = list(executor.map(fetch, range(80)))
    assert answers == [f"i={i}" for i in range(80)]
    assert len({r["client_port"] for r in recorder.requests}) <= 8
