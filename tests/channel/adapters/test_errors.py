"""The error tree: what a task may retry, and that every error shares one root."""
from __future__ import annotations

import pytest

from channel.adapters import errors


@pytest.mark.parametrize(("error", "transient"), [
    (errors.RateLimited("m", status=429, url="u", retry_after=3), True),
    (errors.MarketplaceUnavailable("m", status=503, url="u"), True),
    (errors.TransportError("m"), True),
    (errors.AuthenticationError("m", status=401, url="u"), False),
    (errors.RequestRejected("m", status=400, url="u"), False),
    (errors.AdapterConfigError("m"), False),
    (errors.BatchNotFound("b-1"), False),
    (errors.UnsupportedOperation("m"), False),
])
def test_only_transient_errors_are_retryable(error: errors.MarketplaceError, transient: bool) -> None:
    assert isinstance(error, errors.MarketplaceError)
    assert isinstance(error, errors.TransientError) is transient


def test_http_errors_carry_the_evidence() -> None:
    error = errors.RequestRejected("Trendyol rejected the request", status=400, url="http://x/p", body='{"errors": []}')
    assert (error.status, error.url, error.body) == (400, "http://x/p", '{"errors": []}')
    assert "HTTP 400 from http://x/p" in str(error)
