"""Connectivity diagnosis behind `manage.py omnitron_check`: login, channel, catalog.

Each failure becomes one plain sentence an operator can act on (DNS, TLS, refused, timeout,
wrong credentials, unknown channel or catalog, inactive channel) instead of a traceback.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from omnitron.client import OmnitronClient
from omnitron.errors import (
    APIError, AuthenticationError, ConnectError, LoginRateLimited, NotFound, OmnitronError, TransportError,
)


@dataclass
class CheckReport:
    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def good(self, text: str) -> None:
        self.lines.append(f"OK    {text}")

    def note(self, text: str) -> None:
        """Worth knowing, not a failure."""
        self.lines.append(f"NOTE  {text}")

    def bad(self, text: str) -> None:
        self.lines.append(f"FAIL  {text}")
        self.failures.append(text)


def explain(error: OmnitronError, base_url: str, what: str) -> str:
    """One sentence for `error`, met while doing `what`."""
    if isinstance(error, ConnectError):
        return {
            "dns": f"cannot resolve the host of {base_url} (DNS): check OMNITRON_URL",
            "tls": f"TLS handshake with {base_url} failed: certificate not trusted or wrong scheme/port",
            "refused": f"connection to {base_url} refused: nothing listens there; check OMNITRON_URL and the port",
            "connect_timeout": f"no answer from {base_url} within the connect timeout: host down or firewalled",
        }.get(error.reason, f"cannot connect to {base_url}: {error.detail}")
    if isinstance(error, TransportError):
        return f"{what}: {base_url} accepted the connection but did not answer in time ({error.reason})"
    if isinstance(error, LoginRateLimited):
        return str(error)
    if isinstance(error, AuthenticationError):
        return (f"{what}: Omnitron rejected the credentials (HTTP {error.status}); check OMNITRON_USERNAME and "
                "OMNITRON_PASSWORD")
    if isinstance(error, NotFound):
        return f"{what}: not found (HTTP 404) at {error.url}"
    if isinstance(error, APIError):
        return f"{what}: HTTP {error.status} from {error.url}: {error.body}"
    return f"{what}: {error}"


def run_check(client: OmnitronClient) -> CheckReport:
    """Log in, read the channel and the catalog; stop at the first failure."""
    report = CheckReport()
    base = client.base_url
    tokens = client.transport.tokens
    used, ends = tokens.logins_used(), tokens.window_ends()
    try:
        # Outside the login budget: this check exists for the moment the budget stopped the syncs.
        client.login(budgeted=False)
        report.good(f"logged in to {base} as {client.transport.username!r}")
        if used >= tokens.max_logins:
            report.good("the syncs' login budget was spent; this login cleared it, so the syncs log in again")
    except OmnitronError as error:
        report.bad(explain(error, base, "login"))
        if used >= tokens.max_logins and ends is not None:
            report.lines.append(f"INFO  the syncs' login budget is spent ({used} logins got no token); they try "
                                f"again after {time.strftime('%H:%M:%S UTC', time.gmtime(ends))}")
        return report
    try:
        channel = client.channels.get()
    except OmnitronError as error:
        report.bad(explain(error, base, f"channel {client.channel_id}") + "; check OMNITRON_CHANNEL_ID")
        return report
    if channel.get("is_active"):
        report.good(f"channel {client.channel_id} ({channel.get('name', '?')}) is active")
    else:
        report.bad(f"channel {client.channel_id} ({channel.get('name', '?')}) is inactive: flows will do nothing "
                   "until it is activated in Omnitron")
    if client.catalog_id is None:
        report.bad("OMNITRON_CATALOG_ID is not set: price and stock flows need it")
        return report
    try:
        catalog = client.catalogs.get()
        report.good(f"catalog {client.catalog_id} ({catalog.get('name', '?')}): price list "
                    f"{catalog.get('price_list')}, stock list {catalog.get('stock_list')}")
    except OmnitronError as error:
        report.bad(explain(error, base, f"catalog {client.catalog_id}") + "; check OMNITRON_CATALOG_ID")
    return report
