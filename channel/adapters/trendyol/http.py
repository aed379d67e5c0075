"""The Trendyol transport: base URL, Basic auth, User-Agent, timeouts, budgets, retries, counts.

Every call goes through `TrendyolHTTP.call`, so every request has connect/read timeouts,
first reserves its place in the shared budgets (its endpoint group's per-minute quota for the
seller's tier, and the endpoint's 50 per 10 s; see `limits.py`), is retried by the one
`RetryPolicy` (5xx and dropped connections only where a repeat cannot duplicate work), is
counted per endpoint, and ends either in parsed JSON or in an error from
`channel.adapters.errors`.

Trendyol documents no `Retry-After` on its 429. A 429 without one waits until the published
window has surely passed (the next calendar minute, at least the 10 s burst window, never
more than a minute and a bit), holds the group back for every process meanwhile, and is
retried up to `throttle_retries` times, so a run meeting a 429 continues instead of failing.
"""
from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
from requests.auth import HTTPBasicAuth

from channel import faultpoints
from channel.adapters.errors import (
    AuthenticationError,
    MarketplaceHTTPError,
    MarketplaceUnavailable,
    RateLimited,
    RequestRejected,
    TransportError,
)
from channel.adapters.budget import SharedBudgets
from channel.adapters.retry import RetryPolicy, parse_retry_after
from channel.adapters.trendyol.limits import ENDPOINT_PERIOD, MINUTE, LimitPlan

logger = logging.getLogger(__name__)

BASE_URLS = {
    "live": "https://apigw.trendyol.com/integration",
    "stage": "https://stageapigw.trendyol.com/integration",
}
#: Beyond the window itself: slack for clock drift between us and Trendyol.
THROTTLE_SLACK_SECONDS = 1.0


@dataclass(frozen=True)
class TrendyolEndpoint:
    """Where and as whom to call: one seller on one Trendyol environment."""

    seller_id: int
    base_url: str
    api_key: str = field(repr=False)
    api_secret: str = field(repr=False)
    integrator_name: str
    connect_timeout: float
    read_timeout: float

    @property
    def user_agent(self) -> str:
        """`<sellerId> - <integrator>`, the format Trendyol requires on every request."""
        return f"{self.seller_id} - {self.integrator_name}"


def base_url_for(conf: dict[str, Any]) -> str:
    """The API root from conf: an explicit `base_url` wins over `environment`."""
    explicit = conf.get("base_url")
    url = explicit or BASE_URLS[conf.get("environment") or "live"]
    return url.rstrip("/")


class TrendyolHTTP:
    """JSON over HTTP to one seller's Trendyol API."""

    def __init__(self, endpoint: TrendyolEndpoint, session: requests.Session, *,
                 retry: RetryPolicy, budgets: SharedBudgets, plan: LimitPlan, throttle_retries: int = 6,
                 sleep: Callable[[float], None] = time.sleep,
                 wall_clock: Callable[[], float] = time.time) -> None:
        self.endpoint = endpoint
        self.session = session
        self.retry = retry
        self.budgets = budgets
        self.plan = plan
        self.throttle_retries = throttle_retries
        self._sleep = sleep
        self._wall_clock = wall_clock
        self._auth = HTTPBasicAuth(endpoint.api_key, endpoint.api_secret)
        self.counts: Counter[str] = Counter()
        #: seconds spent in retry backoff (429s and errors); budget waits are `budgets.waited`
        self.slept = 0.0
        #: 429 answers met
        self.throttled = 0

    @property
    def request_count(self) -> int:
        return sum(self.counts.values())

    def call(self, method: str, path: str, name: str, *, json: Any = None,
             params: dict[str, Any] | None = None, files: Any = None, text_ok: bool = False) -> Any:
        """Send one logical call (with retries); return the decoded JSON body (None if empty).

        `text_ok`: the call answers plain text on success (Trendyol's webhook updates say "200 OK")."""
        idempotent = method in ("GET", "HEAD")
        url = self.endpoint.base_url + path
        attempt = throttles = 0
        budgets = self.plan.budgets(name)
        while True:
            self.budgets.acquire(budgets)
            self.counts[name] += 1
            try:
                response = self._send(method, url, json, params, files)
            except requests.RequestException as exc:
                sent = not _never_sent(exc)
                if not self.retry.should_retry(attempt, None, idempotent, sent=sent):
                    raise TransportError(f"{method} {url}: {type(exc).__name__}: {exc}") from exc
                self._wait(self.retry.delay(attempt), name, f"{type(exc).__name__}")
                attempt += 1
                continue
            if response.status_code < 400:
                if not idempotent:
                    faultpoints.reached("during_push")  # the marketplace has it; we have no receipt yet
                return _decode(response, text_ok)
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if response.status_code == 429:
                self.throttled += 1
                if throttles >= self.throttle_retries:
                    raise _error_for(response, retry_after)
                self._throttled(name, throttles, retry_after)
                throttles += 1
                continue
            if not self.retry.should_retry(attempt, response.status_code, idempotent):
                raise _error_for(response, retry_after)
            self._wait(self.retry.delay(attempt, retry_after), name, f"HTTP {response.status_code}")
            attempt += 1

    def _send(self, method: str, url: str, json: Any, params: dict[str, Any] | None,
              files: Any = None) -> requests.Response:
        return self.session.request(
            method, url, json=json, params=params, files=files, auth=self._auth,
            headers={"User-Agent": self.endpoint.user_agent, "Accept": "application/json"},
            timeout=(self.endpoint.connect_timeout, self.endpoint.read_timeout),
        )

    def throttle_delay(self, throttles: int, retry_after: float | None) -> float:
        """How long to hold back after a 429: `Retry-After` if Trendyol ever sends one (capped at
        a minute); else the rest of the current calendar minute (the quota's window, if fixed),
        never less than the 10 s burst window, and a full minute from the second 429 in a row
        (the window may be sliding: the documentation does not say)."""
        if retry_after is not None:
            return min(retry_after, MINUTE)
        if throttles:
            return MINUTE + THROTTLE_SLACK_SECONDS
        rest_of_minute = MINUTE - self._wall_clock() % MINUTE
        return max(ENDPOINT_PERIOD, rest_of_minute) + THROTTLE_SLACK_SECONDS

    def _throttled(self, name: str, throttles: int, retry_after: float | None) -> None:
        """Hold the call's budgets back for every process, then wait out the window here."""
        delay = self.throttle_delay(throttles, retry_after)
        for budget in self.plan.budgets(name):
            self.budgets.pause(budget, delay)
        self._wait(delay, name, "HTTP 429 (throttled)")

    def _wait(self, seconds: float, name: str, cause: str) -> None:
        logger.warning("trendyol %s: %s, retrying in %.2fs", name, cause, seconds)
        self.slept += seconds
        self._sleep(seconds)


def _never_sent(exc: requests.RequestException) -> bool:
    """True when the request cannot have reached the server (connect refused or timed out)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    return isinstance(exc, requests.ConnectionError) and "NewConnectionError" in repr(exc)


def _decode(response: requests.Response, text_ok: bool = False) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError as exc:
        if text_ok:
            return response.text
        raise MarketplaceHTTPError("response is not JSON", status=response.status_code,
                                   url=response.url, body=response.text) from exc


def _error_for(response: requests.Response, retry_after: float | None) -> MarketplaceHTTPError:
    """Map a final error response onto the error tree."""
    status, url, body = response.status_code, response.url, response.text
    if status in (401, 403):
        return AuthenticationError("Trendyol refused the credentials, seller id or User-Agent",
                                   status=status, url=url, body=body)
    if status == 429:
        return RateLimited("Trendyol kept throttling", status=status, url=url, body=body,
                           retry_after=retry_after)
    if status >= 500:
        return MarketplaceUnavailable("Trendyol server error", status=status, url=url, body=body)
    return RequestRejected("Trendyol rejected the request", status=status, url=url, body=body)
