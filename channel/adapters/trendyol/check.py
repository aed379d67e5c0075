"""Diagnosis behind `manage.py trendyol_check`: can this channel's conf talk to its Trendyol seller?

Read-only: three GETs (the cargo-provider lookup, which needs credentials but no seller id;
the approved and the unapproved product listings, one row each, which need the seller id).
Each failure becomes one sentence an operator can act on. Trendyol offers no API to read the
seller's tier, so the check compares the configured tier with the number of products the
account lists: a seller listing more than the tier allows is on a higher tier (runs would be
paced slower than needed); fewer proves nothing either way.
"""
from __future__ import annotations

from typing import Any

from channel.adapters.errors import (
    AdapterConfigError,
    AuthenticationError,
    MarketplaceError,
    MarketplaceHTTPError,
    TransportError,
)
from channel.adapters.trendyol.http import BASE_URLS
from channel.adapters.trendyol.limits import TIERS
from omnitron.check import CheckReport

TIER_LISTING_LIMITS = {"50k": 50_000, "75k": 75_000, "150k": 150_000, "500k": 500_000, "unlimited": None}


def environment_of(base_url: str) -> str:
    """live, stage, or "custom" (a sandbox or a proxy) for a base URL."""
    for name, url in BASE_URLS.items():
        if base_url.rstrip("/") == url:
            return name
    return "custom"


def explain(error: MarketplaceError, base_url: str, user_agent: str, with_seller: bool) -> str:
    """One sentence for a failed call."""
    if isinstance(error, TransportError):
        text = str(error)
        if "NameResolution" in text or "Name or service not known" in text:
            return f"cannot resolve the host of {base_url} (DNS): check environment / base_url"
        if "ConnectTimeout" in text:
            return f"no answer from {base_url} within the connect timeout: host down or firewalled"
        if "ReadTimeout" in text:
            return f"{base_url} accepted the connection but did not answer in time"
        if "SSLError" in text:
            return f"TLS handshake with {base_url} failed: certificate not trusted or wrong scheme/port"
        return f"cannot connect to {base_url}: nothing answers there; check environment / base_url"
    if isinstance(error, AuthenticationError) and error.status == 403:
        return (f"Trendyol refused the User-Agent {user_agent!r} (HTTP 403): it must be '<sellerId> - "
                "<IntegratorName>' with the account's seller id; check seller_id and integrator_name")
    if isinstance(error, AuthenticationError):
        if with_seller:
            return ("the API key and secret work but not for this seller id (HTTP 401): check seller_id "
                    "(Hesap Bilgilerim > Entegrasyon Bilgileri)")
        return "Trendyol rejected the API key or secret (HTTP 401): check api_key and api_secret"
    if isinstance(error, MarketplaceHTTPError) and error.status == 503 and environment_of(base_url) == "stage":
        return ("stage answered 503: Trendyol's stage accepts only allow-listed IP addresses; ask Trendyol "
                "to allow this host's egress IP")
    if isinstance(error, MarketplaceHTTPError):
        return f"HTTP {error.status} from {error.url}: {error.body[:200]}"
    return str(error)


def run_check(conf: dict[str, Any]) -> CheckReport:
    """Validate the conf, then ask Trendyol; stop at the first failure."""
    from channel.adapters.budget import MemoryStore
    from channel.adapters.retry import RetryPolicy
    from channel.adapters.trendyol.adapter import TrendyolAdapter

    report = CheckReport()
    quick = {**conf, "max_retries": 0, "throttle_retries": 1, "connect_timeout": conf.get("connect_timeout") or 5,
             "read_timeout": min(float(conf.get("read_timeout") or 15), 15.0)}
    try:
        adapter = TrendyolAdapter(quick, retry=RetryPolicy(max_retries=0), store=MemoryStore())
    except (AdapterConfigError, ValueError) as error:
        report.bad(f"channel conf: {error}")
        return report
    endpoint = adapter.http.endpoint
    base, agent = endpoint.base_url, endpoint.user_agent
    report.good(f"conf complete: seller {adapter.seller_id}, User-Agent {agent!r}, tier {adapter.conf['tier']}")
    report.good(f"base URL {base} ({environment_of(base)})")
    try:
        adapter.get_cargo_providers()
        report.good("reachable; API key, secret and User-Agent accepted")
    except MarketplaceError as error:
        report.bad(explain(error, base, agent, with_seller=False))
        return report
    try:
        approved = _total(adapter, "approved")
        unapproved = _total(adapter, "unapproved")
    except MarketplaceError as error:
        report.bad(explain(error, base, agent, with_seller=True))
        return report
    report.good(f"seller {adapter.seller_id} answers: {approved} approved and {unapproved} unapproved products")
    _tier(report, adapter.conf["tier"], approved + unapproved)
    return report


def _total(adapter: Any, kind: str) -> int:
    data = adapter.http.call("GET", f"/product/sellers/{adapter.seller_id}/products/{kind}",
                             f"product.list_{kind}", params={"page": 0, "size": 1}) or {}
    return int(data.get("totalElements") or 0)


def _tier(report: CheckReport, tier: str, listed: int) -> None:
    limit = TIER_LISTING_LIMITS[tier]
    if limit is not None and listed > limit:
        higher = next(t for t in TIERS if TIER_LISTING_LIMITS[t] is None or listed <= TIER_LISTING_LIMITS[t])  # type: ignore[operator]
        report.note(f"tier {tier} allows {limit} listed products but the account lists {listed}: its tier is at "
                    f"least {higher}; set tier to it (a lower tier only paces runs slower than Trendyol allows)")
        return
    report.good(f"tier {tier}: Trendyol offers no API to read it; {listed} listed products fit it "
                "(a tier set higher than the real one would meet 429s, which runs wait out)")
