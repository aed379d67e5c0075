"""The one error tree every marketplace adapter raises.

    MarketplaceError
    ├── AdapterConfigError        the channel conf is missing a field or holds a bad value
    ├── UnsupportedOperation      the marketplace has no such operation (hook not implemented)
    ├── BatchNotFound             the marketplace no longer knows a batch id (expired or never existed)
    ├── MarketplaceHTTPError      an HTTP answer we cannot use; carries status, body, url
    │   ├── AuthenticationError   401/403: wrong key/secret/seller id or missing User-Agent
    │   ├── RequestRejected       other 4xx: the request itself is wrong; retrying will not help
    │   ├── RateLimited           429 still returned after every retry      (TransientError)
    │   └── MarketplaceUnavailable 5xx still returned after every retry     (TransientError)
    └── TransportError            connection failure or timeout after every retry (TransientError)

`TransientError` marks what a Celery task may retry later (`autoretry_for=(TransientError,)`);
everything else needs a person (credentials, conf, payload) and retrying only repeats it.
"""
from __future__ import annotations


class MarketplaceError(Exception):
    """Root of every error raised by `channel.adapters`."""


class TransientError(MarketplaceError):
    """The same call may succeed later; safe to retry with backoff."""


class AdapterConfigError(MarketplaceError):
    """The channel conf does not satisfy the adapter's `conf_schema`."""


class UnsupportedOperation(MarketplaceError, NotImplementedError):
    """The adapter does not implement this hook (the marketplace has no such operation)."""


class BatchNotFound(MarketplaceError):
    """The marketplace does not (or no longer) know this batch id."""

    def __init__(self, remote_batch_id: str) -> None:
        super().__init__(f"batch {remote_batch_id} not found (unknown or expired)")
        self.remote_batch_id = remote_batch_id


class MarketplaceHTTPError(MarketplaceError):
    """An HTTP response the adapter cannot turn into a result."""

    def __init__(self, message: str, *, status: int, url: str, body: str = "") -> None:
        super().__init__(f"{message} (HTTP {status} from {url}): {body[:500]}")
        self.status = status
        self.url = url
        self.body = body


class AuthenticationError(MarketplaceHTTPError):
    """Credentials, seller id or User-Agent were refused; check the channel conf."""


class RequestRejected(MarketplaceHTTPError):
    """The marketplace refused the request as malformed (4xx other than auth and 429)."""


class RateLimited(MarketplaceHTTPError, TransientError):
    """Still throttled after every retry; `retry_after` is the last hint in seconds, if any."""

    def __init__(self, message: str, *, status: int, url: str, body: str = "",
                 retry_after: float | None = None) -> None:
        super().__init__(message, status=status, url=url, body=body)
        self.retry_after = retry_after


class MarketplaceUnavailable(MarketplaceHTTPError, TransientError):
    """The marketplace kept answering 5xx."""


class TransportError(TransientError):
    """No usable HTTP answer at all: connection refused, reset, or timed out."""
