"""Turn the part of a request path after `/flower/` into the one upstream URL it may reach.

The upstream origin comes from settings only; the request contributes a path that is
checked segment by segment, so `..`, encoded dots or slashes, backslashes and `//host`
forms never reach Flower (a `urljoin` of user input is how open proxies happen).
"""
from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

PREFIX = "/flower/"
API_PREFIX = PREFIX + "api/"

# Characters left unescaped when the checked path is re-encoded for the upstream request.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
# Percent-escapes that would decode to `.`, `/` or `\` on the far side.
_ENCODED_SEPARATOR = re.compile(r"%(2e|2f|5c)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class PathRefused(ValueError):
    """The requested path could escape `/flower/` or hide a second meaning; answer 400."""


def check_subpath(subpath: str, raw_uri: str = "") -> str:
    """Return `/flower/<subpath>` if it is a plain path below the prefix, else raise PathRefused.

    `subpath` is already percent-decoded by the WSGI server, so a `%` left in it means
    double encoding. `raw_uri` (gunicorn's RAW_URI, when the server provides one) is the
    undecoded request line, the only place an encoded slash is still visible.
    """
    if _ENCODED_SEPARATOR.search(raw_uri.split("?", 1)[0]):
        raise PathRefused("encoded dot, slash or backslash in the path")
    if "\\" in subpath:
        raise PathRefused("backslash in the path")
    if "%" in subpath:
        raise PathRefused("percent sign left after decoding (double encoding)")
    if _CONTROL.search(subpath):
        raise PathRefused("control character in the path")
    segments = subpath.split("/")
    if any(segment in (".", "..") for segment in segments):
        raise PathRefused("dot segment in the path")
    if any(segment == "" for segment in segments[:-1]):
        raise PathRefused("empty segment (`//`) in the path")
    return PREFIX + subpath


def upstream_url(origin: str, path: str, query: str) -> str:
    """Join the configured origin, a checked path and the query string as sent.

    The result is verified to still point at `origin` and below the prefix, so a bug
    upstream of this call cannot turn the proxy into an open one.
    """
    base = urlsplit(origin)
    url = f"{base.scheme}://{base.netloc}{quote(path, safe=_PATH_SAFE)}"
    if query:
        url += "?" + query
    built = urlsplit(url)
    if built.netloc != base.netloc or not built.path.startswith(PREFIX):
        raise PathRefused("the built URL left the Flower origin")
    return url


def is_api(path: str) -> bool:
    """True for Flower's JSON API, whose callers want JSON errors and a 401, not a login page."""
    return path.startswith(API_PREFIX)
