"""HTTP plumbing: URL building, timeouts, token auth, the retry loop and request counting.

Resources call `Transport.request(method, template, path=..., params=..., json=...)`, where
`template` is the endpoint as written in the API reference (`channel/{ch}/products/inserts/`).
The same template is the key of `request_counts`, so benchmarks and run summaries compare
like with like.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.exceptions import SSLError as Urllib3SSLError

from omnitron.auth import Cache, TokenStore
from omnitron.errors import (
    AuthenticationError, ConfigurationError, ConnectError, LoginRateLimited, ResponseTimeout, TransportError,
    error_from_response, response_body,
)
from omnitron.retry import RetryPolicy, parse_retry_after

logger = logging.getLogger(__name__)

LOGIN_TEMPLATE = "auth/login/"
PATH_SETTINGS = {"ch": "OMNITRON_CHANNEL_ID", "cat": "OMNITRON_CATALOG_ID"}


def _connect_reason(exc: requests.ConnectionError) -> str | None:
    """Why a connection was never made, or None when the request may have been sent."""
    if isinstance(exc, requests.exceptions.SSLError):
        return "tls"
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "connect_timeout"
    cause = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(cause, NameResolutionError):
        return "dns"
    if isinstance(cause, NewConnectionError):  # a ConnectTimeoutError subclass: test it first
        return "refused"
    if isinstance(cause, ConnectTimeoutError):
        return "connect_timeout"
    if isinstance(cause, Urllib3SSLError):
        return "tls"
    return None


# Connections kept open per host. Flows send up to `mapped_concurrency` requests at once;
# requests' default (10) would close and reopen the surplus on every round.
POOL_SIZE = 32


class _Session(requests.Session):
    """A session that asks the environment about proxies once per host, not once per request.

    requests re-reads the proxy and CA-bundle variables for every request (a scan of
    `os.environ`, a fifth of the client's CPU in a run of 10,000 GETs); the answer for one
    host does not change while a client lives, so it is kept.
    """

    def __init__(self) -> None:
        super().__init__()
        self._environment: dict[tuple[Any, ...], Any] = {}

    def merge_environment_settings(self, url: Any, proxies: Any, stream: Any, verify: Any, cert: Any) -> Any:
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc, tuple(sorted((proxies or {}).items())), stream, verify, cert)
        if key not in self._environment:
            self._environment[key] = super().merge_environment_settings(url, proxies, stream, verify, cert)
        return dict(self._environment[key])


def pooled_session() -> requests.Session:
    session = _Session()
    adapter = HTTPAdapter(pool_maxsize=POOL_SIZE)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


class Transport:
    """Sends one logical request, with auth and retries, and counts every HTTP attempt."""

    def __init__(
        self, base_url: str, username: str, password: str, *, cache: Cache,
        connect_timeout: float, read_timeout: float, retry: RetryPolicy,
        session: requests.Session | None = None, path_defaults: dict[str, Any] | None = None,
    ) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.api_root = self.base_url + "api/v1/"
        self.username = username
        self._password = password
        self.timeout = (connect_timeout, read_timeout)
        self.retry = retry
        self.session = session or pooled_session()
        self.path_defaults = dict(path_defaults or {})
        self.cache = cache
        self.tokens = TokenStore(cache, self.base_url, username)
        self.request_counts: Counter[str] = Counter()
        self._count_lock = threading.Lock()

    # -- public -----------------------------------------------------------------------------

    def url(self, template: str, path: dict[str, Any] | None = None) -> str:
        values = {**self.path_defaults, **(path or {})}
        for name, setting in PATH_SETTINGS.items():
            if "{" + name + "}" in template and values.get(name) is None:
                raise ConfigurationError(f"{setting} is not set; {template} needs it")
        return self.api_root + template.format(**values)

    def request(
        self, method: str, template: str, *, path: dict[str, Any] | None = None,
        params: dict[str, Any] | list[tuple[str, Any]] | None = None, json: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """Send an authenticated request; return the parsed JSON body ({} when empty)."""
        url = self.url(template, path)
        token = self.token()
        response = self._send(method, template, url, params, json, self._headers(token, headers))
        if response.status_code == 401:
            logger.info("omnitron answered 401 to %s %s; logging in again", method, template)
            self.tokens.forget(token)
            fresh = self.tokens.get()
            token = fresh if fresh and fresh != token else self.login()
            response = self._send(method, template, url, params, json, self._headers(token, headers))
        return self._parse(method, response)

    def token(self) -> str:
        """The shared token, logging in when no worker has one yet."""
        return self.tokens.current() or self.login()

    def login(self, *, budgeted: bool = True) -> str:
        """POST auth/login/ and share the new token; refuses once the attempt budget is spent.

        `budgeted=False` is for an operator's one-off diagnosis (`omnitron_check`): it must work
        exactly when the budget has stopped the syncs, and a success clears the budget for them.
        """
        if budgeted and not self.tokens.take_login_slot():
            raise LoginRateLimited(self._budget_spent())
        url = self.url(LOGIN_TEMPLATE)
        body = {"username": self.username, "password": self._password}
        try:
            response = self._send("POST", LOGIN_TEMPLATE, url, None, body, {})
        except TransportError:
            if budgeted:  # no answer: Omnitron did not judge the password, so it costs nothing
                self.tokens.return_login_slot()
            raise
        if response.status_code in (400, 401, 403):
            err = error_from_response("POST", response)
            raise AuthenticationError(
                "POST", url, response.status_code,
                {"detail": f"Omnitron refused the login for user {self.username!r}", "response": err.body},
            )
        key = self._parse("POST", response).get("key")
        if not key:
            raise AuthenticationError("POST", url, response.status_code, {"detail": "login answer has no 'key'"})
        self.tokens.save(str(key))
        logger.info("logged in to %s as %s", self.base_url, self.username)
        return str(key)

    # -- internals --------------------------------------------------------------------------

    def _budget_spent(self) -> str:
        ends = self.tokens.window_ends()
        when = (
            f"until {time.strftime('%H:%M:%S UTC', time.gmtime(ends))} (in {max(0, ends - time.time()):.0f} s)"
            if ends is not None else f"for up to {self.tokens.window // 60} minutes"
        )
        return (
            f"login for {self.username!r} at {self.base_url} refused locally: "
            f"{self.tokens.max_logins} logins within {self.tokens.window // 60} minutes got no token, so none is sent "
            f"{when} (a wrong password must not lock the account); check OMNITRON_USERNAME / "
            "OMNITRON_PASSWORD (`manage.py omnitron_check` tries them now)"
        )

    @staticmethod
    def _headers(token: str, extra: dict[str, str] | None) -> dict[str, str]:
        return {"Authorization": f"Token {token}", **(extra or {})}

    def _count(self, method: str, template: str) -> None:
        with self._count_lock:
            self.request_counts[f"{method} {template}"] += 1

    def _send(
        self, method: str, template: str, url: str, params: Any, json: Any, headers: dict[str, str],
    ) -> requests.Response:
        """One logical request: retries per the policy; returns the last response."""
        attempt = 0
        while True:
            self._count(method, template)
            try:
                response = self.session.request(
                    method, url, params=params, json=json, headers=headers, timeout=self.timeout,
                )
            except requests.ConnectionError as exc:
                reason = _connect_reason(exc)
                error: TransportError = (
                    ConnectError(method, url, reason, str(exc)) if reason
                    else TransportError(method, url, "connection_lost", str(exc))
                )
                delay = self.retry.delay_for(method, attempt, never_sent=reason is not None)
            except requests.Timeout as exc:
                error = ResponseTimeout(method, url, "read_timeout", str(exc))
                delay = self.retry.delay_for(method, attempt)
            except requests.RequestException as exc:
                error = TransportError(method, url, "broken_response", str(exc))
                delay = self.retry.delay_for(method, attempt)
            else:
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                delay = (
                    self.retry.delay_for(method, attempt, status=response.status_code, retry_after=retry_after)
                    if response.status_code >= 429 else None
                )
                if delay is None:
                    return response
                logger.warning("%s %s -> %s; retry %d in %.2fs", method, template, response.status_code,
                               attempt + 1, delay)
                self.retry.sleep(delay)
                attempt += 1
                continue
            if delay is None:
                raise error
            logger.warning("%s %s failed (%s); retry %d in %.2fs", method, template, error.reason, attempt + 1, delay)
            self.retry.sleep(delay)
            attempt += 1

    @staticmethod
    def _parse(method: str, response: requests.Response) -> Any:
        if response.status_code >= 400:
            raise error_from_response(method, response, parse_retry_after(response.headers.get("Retry-After")))
        body = response_body(response)
        if body is None:
            return {}
        if isinstance(body, str):
            raise TransportError(method, response.url, "not_json", body[:200])
        return body
