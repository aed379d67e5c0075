"""Which headers cross the proxy, in each direction, and what the proxy adds.

Requests keep an allow-list only: the browser's Cookie (Django session, CSRF token) and
Authorization never reach Flower, nor do forwarding headers a client made up. Responses
lose hop-by-hop headers (RFC 9110 section 7.6.1; PEP 3333 forbids them from a WSGI app),
Flower's Basic challenge and CORS headers, and Flower's cookies are scoped to `/flower/`.
"""
from __future__ import annotations

import base64
from collections.abc import Iterable
from http.cookies import CookieError, SimpleCookie
from urllib.parse import urlsplit

HOP_BY_HOP = frozenset({
    "connection", "keep-alive", "proxy-connection", "te", "trailer", "trailers",
    "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization",
})

# Request headers Flower may see; everything else (Cookie, Authorization, Origin,
# Sec-Fetch-*, X-Forwarded-*, Forwarded, X-Real-Ip, Host) is dropped.
REQUEST_ALLOWED = frozenset({
    "accept", "accept-encoding", "accept-language", "cache-control", "content-type",
    "if-match", "if-modified-since", "if-none-match", "if-range", "if-unmodified-since",
    "pragma", "range", "user-agent", "x-requested-with", "x-xsrftoken",
})

# Response headers never passed back: the WSGI server sets its own Date/Server, the
# browser must not be asked for Flower's credentials, and CORS is not ours to grant.
RESPONSE_DROPPED = frozenset({"server", "date", "www-authenticate", "set-cookie"})

COOKIE_PATH = "/flower/"


def connection_named(headers: Iterable[tuple[str, str]]) -> set[str]:
    """Lower-cased names listed in Connection headers: hop-by-hop for this one hop."""
    named: set[str] = set()
    for name, value in headers:
        if name.lower() == "connection":
            named.update(token.strip().lower() for token in value.split(",") if token.strip())
    return named


def request_headers(
    incoming: Iterable[tuple[str, str]], *, client_ip: str, scheme: str, host: str, basic_auth: str
) -> dict[str, str]:
    """Headers for the upstream request: allow-listed ones, fresh X-Forwarded-*, Flower's Basic auth."""
    incoming = list(incoming)
    dropped = HOP_BY_HOP | connection_named(incoming)
    out: dict[str, str] = {}
    for name, value in incoming:
        key = name.lower()
        if key in REQUEST_ALLOWED and key not in dropped:
            out[name.title()] = value
    out["X-Forwarded-For"] = client_ip
    out["X-Forwarded-Proto"] = scheme
    out["X-Forwarded-Host"] = host
    out["Authorization"] = "Basic " + base64.b64encode(basic_auth.encode()).decode("ascii")
    return out


def response_headers(upstream: Iterable[tuple[str, str]], origin: str) -> list[tuple[str, str]]:
    """Headers to pass back, repeated names joined; Location made relative when it names `origin`."""
    upstream = list(upstream)
    dropped = HOP_BY_HOP | connection_named(upstream) | RESPONSE_DROPPED
    merged: dict[str, tuple[str, list[str]]] = {}
    for name, value in upstream:
        key = name.lower()
        if key in dropped or key.startswith("access-control-"):
            continue
        if key == "location":
            value = relative_location(value, origin)
        merged.setdefault(key, (name, []))[1].append(value)
    return [(name, ", ".join(values)) for name, values in merged.values()]


def relative_location(location: str, origin: str) -> str:
    """`http://flower:5555/flower/x` -> `/flower/x`, so redirects stay on the Django host."""
    parts, base = urlsplit(location), urlsplit(origin)
    if parts.netloc and parts.netloc == base.netloc:
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return location


def scoped_cookies(upstream: Iterable[tuple[str, str]]) -> SimpleCookie:
    """Flower's Set-Cookie headers with Path forced to `/flower/` (Flower always sends `Path=/`)
    and no Domain, so they never reach the rest of the site."""
    jar: SimpleCookie = SimpleCookie()
    for name, value in upstream:
        if name.lower() != "set-cookie":
            continue
        parsed: SimpleCookie = SimpleCookie()
        try:
            parsed.load(value)
        except CookieError:
            continue
        for key, morsel in parsed.items():
            morsel["path"] = COOKIE_PATH
            morsel["domain"] = ""
            jar[key] = morsel
    return jar
