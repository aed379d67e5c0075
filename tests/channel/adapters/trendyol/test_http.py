"""The Trendyol transport against the sandbox process: auth, User-Agent, retries, pacing, counts."""
from __future__ import annotations

import pytest

from channel.adapters.errors import (
    AdapterConfigError,
    AuthenticationError,
    MarketplaceUnavailable,
    RateLimited,
    RequestRejected,
    TransportError,
)
from channel.adapters.budget import MemoryStore
from channel.adapters.payloads import ProductRef, StockInput
from channel.adapters.retry import RetryPolicy
from channel.adapters.trendyol import TrendyolAdapter
from channel.adapters.trendyol.http import base_url_for
from tests.fixtures.processes import free_port
from tests.fixtures.trendyol_sandbox import SandboxTime, TrendyolSandbox

BRANDS = "/product/brands/by-name"


def adapter(sandbox: TrendyolSandbox, sleeps: list[float] | None = None, *, time: SandboxTime | None = None,
            **conf: object) -> TrendyolAdapter:
    """An adapter on the sandbox whose waits are recorded and move both its clock and the sandbox's."""
    fake = time or SandboxTime(sandbox)
    if sleeps is not None:
        fake.sleeps = sleeps
    return TrendyolAdapter({**sandbox.conf, **conf}, sleep=fake.sleep, clock=fake.clock, store=MemoryStore(fake.clock),
                           retry=RetryPolicy(max_retries=3, jitter=lambda: 1.0))


@pytest.mark.parametrize(("conf", "url"), [
    ({"environment": "live"}, "https://apigw.trendyol.com/integration"),
    ({"environment": "stage"}, "https://stageapigw.trendyol.com/integration"),
    ({}, "https://apigw.trendyol.com/integration"),
    ({"environment": "stage", "base_url": "http://127.0.0.1:9/integration/"}, "http://127.0.0.1:9/integration"),
])
def test_base_url_comes_from_conf(conf: dict, url: str) -> None:
    assert base_url_for(conf) == url


def test_user_agent_is_seller_and_integrator(trendyol: TrendyolSandbox) -> None:
    client = adapter(trendyol, integrator_name="AcmeSoft")
    assert client.http.endpoint.user_agent == "1000 - AcmeSoft"
    assert client.find_brands("Acme")[0].remote_id == "1791"


@pytest.mark.parametrize("name", ["Self Integration", "x" * 31, "Acme-Soft"])
def test_integrator_name_must_be_short_alphanumeric(trendyol: TrendyolSandbox, name: str) -> None:
    with pytest.raises(AdapterConfigError, match="integrator_name"):
        adapter(trendyol, integrator_name=name)


@pytest.mark.parametrize("conf", [{"api_secret": "wrong"}, {"api_key": "wrong"}])
def test_wrong_credentials_raise_authentication_error_with_trendyol_body(trendyol: TrendyolSandbox,
                                                                         conf: dict) -> None:
    with pytest.raises(AuthenticationError) as caught:
        adapter(trendyol, **conf).get_category_tree()
    assert caught.value.status == 401
    assert "ClientApiAuthenticationException" in caught.value.body
    assert "wrong" not in str(caught.value.url)
    assert trendyol.counts()["total"] == 1  # auth failures are not retried


def test_wrong_seller_id_is_refused(trendyol: TrendyolSandbox) -> None:
    with pytest.raises(AuthenticationError) as caught:
        adapter(trendyol, seller_id="2000").get_product_state(ProductRef("B1", "B1"))
    assert caught.value.status == 403  # the User-Agent names seller 2000


def test_429_is_retried_after_exactly_retry_after(trendyol: TrendyolSandbox) -> None:
    trendyol.inject(queue=[{"status": 429, "retry_after": 7, "path": BRANDS, "times": 2}])
    sleeps: list[float] = []
    brands = adapter(trendyol, sleeps).find_brands("Acme")
    assert [b.name for b in brands] == ["Acme"]
    assert sleeps == [7.0, 7.0]
    assert trendyol.counts()["endpoints"]["GET /integration/product/brands/by-name"] == 3


def test_429_without_retry_after_waits_out_the_published_window(trendyol: TrendyolSandbox) -> None:
    """No Retry-After (live documents none): the rest of the calendar minute, then whole minutes."""
    trendyol.inject(queue=[{"status": 429, "path": BRANDS, "times": 3}])
    time = SandboxTime(trendyol, start=1_800_000_015.0)  # 15 s into a minute
    client = adapter(trendyol, time=time)
    client.find_brands("Acme")
    assert time.sleeps == [46.0, 61.0, 61.0]
    assert client.http.throttled == 3 and client.http.slept == 168.0


def test_a_429_near_the_end_of_a_minute_still_waits_the_burst_window(trendyol: TrendyolSandbox) -> None:
    trendyol.inject(queue=[{"status": 429, "path": BRANDS, "times": 1}])
    time = SandboxTime(trendyol, start=1_800_000_058.0)
    adapter(trendyol, time=time).find_brands("Acme")
    assert time.sleeps == [11.0]


def test_429_after_every_retry_raises_rate_limited(trendyol: TrendyolSandbox) -> None:
    trendyol.inject(queue=[{"status": 429, "retry_after": 1, "path": BRANDS, "times": 10}])
    with pytest.raises(RateLimited) as caught:
        adapter(trendyol, throttle_retries="3").find_brands("Acme")
    assert caught.value.retry_after == 1.0
    assert trendyol.counts()["total"] == 4  # 1 try + 3 retries


def test_server_burst_throttle_without_retry_after_is_waited_out(trendyol: TrendyolSandbox) -> None:
    """The sandbox's per-endpoint limit shrunk to 2 per 10 s, below the client's budget: the 429
    carries no Retry-After, the client waits the window out and the calls all succeed."""
    trendyol.configure(rate_limit=2, rate_window=10)
    client = adapter(trendyol)
    for _ in range(3):
        client.get_cargo_providers()
    assert trendyol.counts()["statuses"] == {"200": 3, "429": 1}
    assert client.http.throttled == 1 and client.http.slept >= 10.0


def test_budget_keeps_package_listing_under_the_lowest_tier_quota(trendyol: TrendyolSandbox) -> None:
    """40 package listings at tier 50k (30 a minute, fixed minutes, no Retry-After): the client
    spreads them so the sandbox never answers 429."""
    time = SandboxTime(trendyol)
    client = adapter(trendyol, time=time)
    for _ in range(40):
        client.packages_of_order("1")
    statuses = trendyol.counts()["statuses"]
    assert statuses.get("429") is None and client.http.throttled == 0
    assert client.http.budgets.waited >= 60.0  # 40 calls cannot fit in one minute


def test_client_side_budget_paces_requests_per_endpoint(trendyol: TrendyolSandbox) -> None:
    time = SandboxTime(trendyol)
    client = adapter(trendyol, time=time, requests_per_10s="2")  # 1 call per 10 s after the margin
    for _ in range(3):
        client.get_cargo_providers()
    client.get_category_tree()
    assert 10.0 < client.http.budgets.waited < 21.0
    assert trendyol.counts()["statuses"] == {"200": 4}


def test_budgets_are_shared_through_the_cache(trendyol: TrendyolSandbox) -> None:
    """Two adapters (two workers) on Django's cache (Redis) draw on one budget per seller."""
    from django.core.cache import cache

    cache.clear()
    time = SandboxTime(trendyol)
    start = time.now
    first, second = (TrendyolAdapter(trendyol.conf, sleep=time.sleep, clock=time.clock, store=cache)
                     for _ in range(2))
    listing = ("GET", "/order/sellers/1000/v2/orders", "order.packages")
    for _ in range(3):
        first.http.call(*listing, params={"size": 1})
    second.http.call(*listing, params={"size": 1})
    # 27 listings a minute after the margin, one slot each: the second worker's call takes the
    # fourth slot, more than two slots after the start (with separate budgets it would not wait)
    assert time.now - start > 2 * 60 / 27
    assert trendyol.counts()["statuses"] == {"200": 4}


def test_5xx_on_read_is_retried(trendyol: TrendyolSandbox) -> None:
    trendyol.inject(queue=[{"status": 503, "path": BRANDS, "times": 1}])
    assert adapter(trendyol).find_brands("Acme")
    assert trendyol.counts()["total"] == 2


def test_5xx_on_write_is_not_retried(trendyol: TrendyolSandbox) -> None:
    """Trendyol has no idempotency keys: repeating a POST could queue a second batch."""
    trendyol.inject(queue=[{"status": 500, "path": "/price-and-inventory", "times": 1}])
    with pytest.raises(MarketplaceUnavailable):
        adapter(trendyol).push_stocks([StockInput("S", "B1", stock=1)])
    assert trendyol.counts()["total"] == 1


def test_other_4xx_is_rejected_without_retry(trendyol: TrendyolSandbox) -> None:
    with pytest.raises(RequestRejected) as caught:
        adapter(trendyol).get_category_attributes("999999")
    assert caught.value.status == 404 and "category.not.found" in caught.value.body
    assert trendyol.counts()["total"] == 1


def test_read_timeout_is_retried_then_reported(trendyol: TrendyolSandbox) -> None:
    trendyol.inject(latency=0.3)
    sleeps: list[float] = []
    client = TrendyolAdapter({**trendyol.conf, "read_timeout": "0.1", "max_retries": "1"}, sleep=sleeps.append,
                             store=MemoryStore())
    with pytest.raises(TransportError, match="ReadTimeout"):
        client.get_cargo_providers()
    assert client.request_count == 2 and client.http.slept > 0


def test_refused_connection_is_a_transport_error() -> None:
    conf = {"seller_id": "1000", "api_key": "k", "api_secret": "s",
            "base_url": f"http://127.0.0.1:{free_port()}/integration", "max_retries": "2"}
    sleeps: list[float] = []
    client = TrendyolAdapter(conf, sleep=sleeps.append, store=MemoryStore())
    with pytest.raises(TransportError):
        client.get_cargo_providers()
    assert client.request_count == 3 and client.http.slept > 0


def test_request_count_matches_what_the_sandbox_received(trendyol: TrendyolSandbox) -> None:
    client = adapter(trendyol)
    client.get_category_tree()
    client.get_category_attributes("411")
    client.find_brands("Acme")
    assert client.request_count == trendyol.counts()["total"] == sum(client.http.counts.values())
    assert client.http.counts["catalog.attribute_values"] == 4


def test_random_server_errors_exhaust_retries_into_unavailable(trendyol: TrendyolSandbox) -> None:
    trendyol.inject(error_rate=1.0, error_status=503)
    with pytest.raises(MarketplaceUnavailable) as caught:
        adapter(trendyol).get_cargo_providers()
    assert caught.value.status == 503 and trendyol.counts()["total"] == 4


@pytest.mark.parametrize(("body", "key"), [
    ({}, "items.required"),
    ({"items": []}, "items.required"),
    ({"items": ["B1"]}, "invalid.item"),
    ([{"barcode": "B1"}], "invalid.request.body"),
])
def test_structurally_bad_write_is_a_synchronous_400(trendyol: TrendyolSandbox, body: object, key: str) -> None:
    with pytest.raises(RequestRejected) as caught:
        adapter(trendyol).http.call("POST", "/product/sellers/1000/v2/products", "test", json=body)
    assert caught.value.status == 400 and f'"key":"{key}"' in caught.value.body.replace(" ", "")
