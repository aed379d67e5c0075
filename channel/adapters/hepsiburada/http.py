"""The Hepsiburada transport: one host per service, Basic auth, the User-Agent rule, timeouts,
the published limits as shared budgets, retries, the three error shapes, request counts.

Hepsiburada has no gateway: catalog (`mpop`), listing (`listing-external`) and orders
(`oms-external`) are separate hosts, each with a `-sit` twin for the test environment whose
credentials differ. Auth is Basic `merchantId:serviceKey`; `User-Agent` must carry the
integrator's user name. Limits: catalog 100 requests/s per IP, answered with **403** when
exceeded (and an IP block after 5 s of excess), OMS 1000/s answered with 429 and
`X-RateLimit-Reset`; a listing upload is refused while 5 others are unfinished. All three are
waited out here; the budgets live in the shared cache so every worker of the deployment counts
against the same figures (the catalog's per host, since it is counted per IP, not per merchant).
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

from channel.adapters.budget import Budget, SharedBudgets
from channel.adapters.errors import (
    AuthenticationError,
    BatchNotFound,
    MarketplaceHTTPError,
    MarketplaceUnavailable,
    RateLimited,
    RequestRejected,
    TransportError,
)
from channel.adapters.retry import RetryPolicy, parse_retry_after

logger = logging.getLogger(__name__)

#: service -> host label in production; the test environment appends `-sit`.
HOSTS = {"catalog": "mpop", "listing": "listing-external", "oms": "oms-external"}
#: published requests per second per service (catalog: Ocak 2026; OMS: Kasım 2025)
RATES = {"catalog": 100, "oms": 1000}
TOO_MANY_UPLOADS = "too many ongoing/waiting inventory uploads"
TRACKING_NOT_FOUND = 4000


def host_label(service: str, environment: str) -> str:
    return HOSTS[service] + ("-sit" if environment == "sit" else "")


def service_url(service: str, environment: str, base_url: str | None) -> str:
    """`https://mpop-sit.hepsiburada.com`, or `<base_url>/mpop-sit` when a base (a sandbox) is set."""
    label = host_label(service, environment)
    return f"{base_url.rstrip('/')}/{label}" if base_url else f"https://{label}.hepsiburada.com"


@dataclass(frozen=True)
class HepsiburadaEndpoint:
    """Where and as whom to call: one merchant on one environment."""

    merchant_id: str
    service_key: str = field(repr=False)
    user_agent: str
    environment: str
    base_url: str | None
    connect_timeout: float
    read_timeout: float

    def url(self, service: str) -> str:
        return service_url(service, self.environment, self.base_url)


class HepsiburadaHTTP:
    """JSON (and the catalog's multipart file) over HTTP to one merchant's services."""

    def __init__(self, endpoint: HepsiburadaEndpoint, session: requests.Session, *, retry: RetryPolicy,
                 budgets: SharedBudgets, scope: str, throttle_retries: int = 6,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.endpoint = endpoint
        self.session = session
        self.retry = retry
        self.budgets = budgets
        self.throttle_retries = throttle_retries
        self._sleep = sleep
        self._auth = HTTPBasicAuth(endpoint.merchant_id, endpoint.service_key)
        self._budgets = {service: Budget(f"{scope}:{service}", rate, 1.0) for service, rate in RATES.items()}
        self.counts: Counter[str] = Counter()
        self.throttled = 0

    @property
    def request_count(self) -> int:
        return sum(self.counts.values())

    def call(self, service: str, method: str, path: str, name: str, *, json: Any = None,
             params: dict[str, Any] | None = None, files: Any = None) -> requests.Response:
        """Send one logical call with retries; return the response (2xx) or raise from the error tree."""
        idempotent = method == "GET"
        url = self.endpoint.url(service) + path
        attempt = throttles = 0
        while True:
            budget = self._budgets.get(service)
            self.budgets.acquire([budget] if budget else [])
            self.counts[name] += 1
            try:
                response = self.session.request(
                    method, url, json=json, params=params, files=files, auth=self._auth,
                    headers={"User-Agent": self.endpoint.user_agent, "Accept": "application/json"},
                    timeout=(self.endpoint.connect_timeout, self.endpoint.read_timeout))
            except requests.RequestException as exc:
                sent = not isinstance(exc, requests.ConnectTimeout)
                if not self.retry.should_retry(attempt, None, idempotent, sent=sent):
                    raise TransportError(f"{method} {url}: {type(exc).__name__}: {exc}") from exc
                self._wait(self.retry.delay(attempt), name, type(exc).__name__)
                attempt += 1
                continue
            if response.status_code < 400:
                return response
            if _is_throttle(service, response) and throttles < self.throttle_retries:
                self._throttled(service, name, throttles, response)
                throttles += 1
                continue
            if not self.retry.should_retry(attempt, response.status_code, idempotent):
                raise _error_for(service, response)
            self._wait(self.retry.delay(attempt), name, f"HTTP {response.status_code}")
            attempt += 1

    def json(self, service: str, method: str, path: str, name: str, **kwargs: Any) -> Any:
        """`call`, decoded; the catalog's envelope is unwrapped (its `success: false` raised)."""
        response = self.call(service, method, path, name, **kwargs)
        if not response.content:
            return None
        try:
            body = response.json()
        except ValueError as exc:
            raise MarketplaceHTTPError("response is not JSON", status=response.status_code, url=response.url,
                                       body=response.text) from exc
        if service == "catalog" and isinstance(body, dict) and "success" in body:
            return _unwrap(body, response)
        return body

    def _throttled(self, service: str, name: str, throttles: int, response: requests.Response) -> None:
        """Hold the service back for every process, then wait: `X-RateLimit-Reset` when the OMS
        sends it, else a second (the catalog's window) or a growing wait for a full upload queue."""
        self.throttled += 1
        reset = parse_retry_after(response.headers.get("X-RateLimit-Reset"))
        delay = reset if reset is not None else (1.0 if service == "catalog" else 2.0 * (throttles + 1))
        budget = self._budgets.get(service)
        if budget is not None:
            self.budgets.pause(budget, delay)
        self._wait(delay, name, f"HTTP {response.status_code} (throttled)")

    def _wait(self, seconds: float, name: str, cause: str) -> None:
        logger.warning("hepsiburada %s: %s, retrying in %.2fs", name, cause, seconds)
        self._sleep(seconds)


def _is_throttle(service: str, response: requests.Response) -> bool:
    """429 (OMS), the catalog's 403 limit answer, or a listing upload refused for a full queue.

    A catalog 403 can also mean credentials of the other environment: after `throttle_retries`
    waits it is raised as an AuthenticationError naming both causes."""
    if response.status_code == 429:
        return True
    if service == "catalog" and response.status_code == 403:
        return "limit" in response.text.lower()
    return response.status_code == 400 and TOO_MANY_UPLOADS in response.text.lower()


def _unwrap(body: dict[str, Any], response: requests.Response) -> Any:
    """The catalog envelope: code 0 is success, anything else an error even under HTTP 200."""
    if body.get("success") and not body.get("code"):
        return body
    if body.get("code") == TRACKING_NOT_FOUND:
        raise BatchNotFound(str(response.url).rsplit("/", 1)[-1].split("?")[0])
    raise RequestRejected(f"Hepsiburada catalog error {body.get('code')}: {body.get('message')}",
                          status=response.status_code, url=response.url, body=response.text)


def _error_for(service: str, response: requests.Response) -> MarketplaceHTTPError:
    status, url, body = response.status_code, response.url, response.text
    if status == 401:
        return AuthenticationError("Hepsiburada refused the merchant id, service key or User-Agent",
                                   status=status, url=url, body=body)
    if status == 403:
        return AuthenticationError(
            "Hepsiburada answered 403: credentials of the other environment (SIT vs production), another "
            "merchant's id, or (catalog) the request limit", status=status, url=url, body=body)
    if status == 429 or (status == 400 and TOO_MANY_UPLOADS in body.lower()):
        return RateLimited("Hepsiburada kept throttling", status=status, url=url, body=body)
    if status >= 500:
        return MarketplaceUnavailable("Hepsiburada server error", status=status, url=url, body=body)
    return RequestRejected(f"Hepsiburada {service} rejected the request", status=status, url=url, body=body)
