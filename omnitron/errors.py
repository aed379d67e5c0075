"""The one error tree of the Omnitron client, and the function that maps responses onto it.

    OmnitronError
     ├── ConfigurationError      settings missing or malformed (no request was sent)
     ├── IllegalTransition       a batch-request transition refused before sending
     ├── LoginRateLimited        the 3-logins-per-6-minutes budget is spent (no request sent)
     ├── TransportError          no usable HTTP answer
     │    ├── ConnectError       the request provably never reached the server (DNS, refused, TLS)
     │    └── ResponseTimeout    sent, but no answer within the read timeout
     └── APIError               Omnitron answered with a non-2xx status
          ├── BadRequest 400, AuthenticationError 401, PermissionDenied 403, NotFound 404,
          │   NotAcceptable 406, RateLimited 429
          └── ServerError 5xx

Every `APIError` carries the evidence (method, URL, status, JSON body with secrets redacted)
so a flow can log it or store it in an error report without another request.
"""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import requests

SECRET_KEYS = frozenset({"password", "key", "token", "secret", "api_key", "apikey", "api_secret", "authorization"})
REDACTED = "***"


def redact(value: Any) -> Any:
    """Return `value` with every secret-looking key's value replaced, recursively."""
    if isinstance(value, dict):
        return {k: REDACTED if str(k).lower() in SECRET_KEYS else redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(item) for item in value]
    return value


class OmnitronError(Exception):
    """Root of every error this package raises."""


class ConfigurationError(OmnitronError):
    """A required setting is missing; the message names it."""


class IllegalTransition(OmnitronError):
    """A batch request cannot move from its current status to the requested one."""

    def __init__(self, pk: int | None, current: str, target: str) -> None:
        self.pk, self.current, self.target = pk, current, target
        super().__init__(f"batch request {pk}: illegal transition {current!r} -> {target!r}")


class LoginRateLimited(OmnitronError):
    """Refused locally so a wrong password cannot lock the Omnitron account."""


class TransportError(OmnitronError):
    """The request got no HTTP answer; `reason` is a short machine-readable cause.

    The message names Omnitron's address and the cause in words, so an operator reading a failed
    run sees a network problem, not a credentials problem.
    """

    REASONS = {
        "dns": "the host name does not resolve (DNS)",
        "refused": "connection refused (nothing listens on that port)",
        "tls": "TLS handshake failed (certificate not trusted, or wrong scheme or port)",
        "connect_timeout": "no connection within the connect timeout (host down or firewalled)",
        "read_timeout": "connected, but no answer within the read timeout",
        "connection_lost": "the connection broke before an answer arrived",
        "broken_response": "the answer was not valid HTTP",
    }

    def __init__(self, method: str, url: str, reason: str, detail: str) -> None:
        self.method, self.url, self.reason, self.detail = method, url, reason, detail
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}/"
        words = self.REASONS.get(reason) or f"{reason}: {detail}"
        super().__init__(f"Omnitron unreachable at {origin}: {words} ({method} {parts.path})")


class ConnectError(TransportError):
    """The connection was never established (reason: dns, refused, tls, connect_timeout)."""


class ResponseTimeout(TransportError):
    """The request may have reached the server but no answer came in time."""


class APIError(OmnitronError):
    """Omnitron answered with a non-2xx status."""

    def __init__(self, method: str, url: str, status: int, body: Any, retry_after: float | None = None) -> None:
        self.method, self.url, self.status = method, url, status
        self.body = redact(body)
        self.retry_after = retry_after
        super().__init__(f"{method} {url} -> {status}: {json.dumps(self.body, default=str)[:500]}")


class BadRequest(APIError):
    """400: validation failed (e.g. duplicate address, duplicate order number)."""


class AuthenticationError(APIError):
    """401, or a login Omnitron refused (wrong username or password)."""


class PermissionDenied(APIError):
    """403."""


class NotFound(APIError):
    """404."""


class NotAcceptable(APIError):
    """406: mapping failures and refused batch transitions (`batch_request_status_100_1`)."""


class RateLimited(APIError):
    """429 after the retry budget was spent; `retry_after` says how long the server asked for."""


class ServerError(APIError):
    """5xx after the retry budget was spent (or a non-idempotent call that must not be retried)."""


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequest, 401: AuthenticationError, 403: PermissionDenied, 404: NotFound,
    406: NotAcceptable, 429: RateLimited,
}


def response_body(response: requests.Response) -> Any:
    """The JSON body, or the text when the server did not send JSON."""
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text[:2000]


def error_from_response(method: str, response: requests.Response, retry_after: float | None = None) -> APIError:
    """Map a non-2xx response onto the tree."""
    status = response.status_code
    cls = _BY_STATUS.get(status) or (ServerError if status >= 500 else APIError)
    return cls(method, response.url, status, response_body(response), retry_after)
