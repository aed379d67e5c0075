"""proxy.headers: allow-listed request headers, filtered response headers, scoped cookies."""
import base64

from proxy.headers import connection_named, relative_location, request_headers, response_headers, scoped_cookies

BROWSER = [
    ("Accept", "application/json"),
    ("Accept-Encoding", "gzip"),
    ("Cookie", "sessionid=s3cret; csrftoken=t0ken"),
    ("Authorization", "Basic dXNlcjpwYXNz"),
    ("X-Forwarded-For", "6.6.6.6"),
    ("X-Forwarded-Host", "evil.example"),
    ("X-Forwarded-Proto", "gopher"),
    ("Forwarded", "for=6.6.6.6"),
    ("X-Real-Ip", "6.6.6.6"),
    ("Host", "app.example"),
    ("Origin", "https://app.example"),
    ("Connection", "keep-alive, Accept-Language"),
    ("Accept-Language", "tr"),
    ("Keep-Alive", "timeout=5"),
    ("Te", "trailers"),
    ("X-Xsrftoken", "2|abc"),
]


def sent():
    return request_headers(BROWSER, client_ip="10.0.0.7", scheme="https", host="app.example",
                           basic_auth="svc:pw")


def test_request_headers_carry_flower_credentials_not_the_users():
    assert sent()["Authorization"] == "Basic " + base64.b64encode(b"svc:pw").decode()


def test_request_headers_drop_cookies_forwarding_host_and_hop_by_hop():
    names = {name.lower() for name in sent()}
    assert names == {
        "accept", "accept-encoding", "x-xsrftoken", "authorization",
        "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host",
    }


def test_request_headers_build_fresh_forwarding_headers():
    out = sent()
    assert (out["X-Forwarded-For"], out["X-Forwarded-Proto"], out["X-Forwarded-Host"]) == (
        "10.0.0.7", "https", "app.example"
    )


def test_connection_named_collects_every_connection_header():
    assert connection_named([("Connection", "close, X-A"), ("connection", " x-b ,"), ("X-A", "1")]) == {
        "close", "x-a", "x-b"
    }


FLOWER = [
    ("Content-Type", "text/html"),
    ("Content-Length", "120"),
    ("Content-Encoding", "gzip"),
    ("Etag", '"abc"'),
    ("Connection", "close, X-Hop-Named"),
    ("X-Hop-Named", "1"),
    ("Transfer-Encoding", "chunked"),
    ("Keep-Alive", "timeout=5"),
    ("Server", "TornadoServer/6.6.1"),
    ("Date", "Sat, 21 Nov 2026 18:00:00 GMT"),
    ("WWW-Authenticate", 'Basic realm="flower"'),
    ("Access-Control-Allow-Origin", "*"),
    ("Set-Cookie", "_xsrf=1; Path=/"),
    ("Vary", "Accept"),
    ("Vary", "Cookie"),
    ("Location", "http://127.0.0.1:5555/flower/login?next=%2Fflower%2F"),
]


def test_response_headers_keep_content_headers_and_drop_the_rest():
    assert response_headers(FLOWER, "http://127.0.0.1:5555") == [
        ("Content-Type", "text/html"),
        ("Content-Length", "120"),
        ("Content-Encoding", "gzip"),
        ("Etag", '"abc"'),
        ("Vary", "Accept, Cookie"),
        ("Location", "/flower/login?next=%2Fflower%2F"),
    ]


def test_relative_location_leaves_foreign_and_relative_locations_alone():
    assert relative_location("https://other.example/x", "http://127.0.0.1:5555") == "https://other.example/x"
    assert relative_location("/flower/tasks", "http://127.0.0.1:5555") == "/flower/tasks"


def test_scoped_cookies_rewrite_path_to_the_prefix():
    jar = scoped_cookies([("Set-Cookie", "_xsrf=2|ab|cd; Path=/; Domain=.example.com; SameSite=Lax"),
                          ("Content-Type", "x")])
    assert list(jar) == ["_xsrf"]
    assert jar["_xsrf"].value == "2|ab|cd"
    assert jar["_xsrf"]["path"] == "/flower/"
    assert jar["_xsrf"]["samesite"] == "Lax"
    assert jar["_xsrf"]["domain"] == ""
    assert "Domain" not in jar["_xsrf"].OutputString()


def test_scoped_cookies_skip_unparseable_headers():
    assert not scoped_cookies([("Set-Cookie", "\x00bad")])
