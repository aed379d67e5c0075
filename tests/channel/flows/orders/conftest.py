"""Order-flow helpers on top of the `channel` fixture: packages made from Omnitron's products."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from django.core.cache import cache

from tests.channel.flows.conftest import CHANNEL_ID, Channel, admin_client, configure_channel
from tests.fixtures.omnitron_sandbox import run_omnitron_sandbox
from tests.fixtures.processes import free_port


def sellable(channel) -> list[dict[str, Any]]:
    """The Omnitron sandbox's sellable products as Trendyol package lines (SKU = stockCode)."""
    rows = [row for row in channel.omnitron.table("products") if row["product_type"] == "0"]
    return [{"barcode": row["attributes"].get("barcode") or row["sku"], "stockCode": row["sku"],
             "price": 100.0 + row["pk"], "discount": 10.0} for row in rows]


def make_packages(channel, count: int, **spec: Any) -> list[dict[str, Any]]:
    body = {"count": count, "products": sellable(channel), **spec}
    return channel.trendyol.control("POST", "orders", body)["packages"]


def split(channel, package: dict[str, Any], line_ids: list[int]) -> list[dict[str, Any]]:
    """Split a package through Trendyol's own call; returns the two new packages."""
    url = f"{channel.trendyol.api_url}/order/sellers/1000/shipment-packages/{package['shipmentPackageId']}/split"
    answer = requests.post(url, json={"orderLineIds": line_ids}, auth=("sandbox-key", "sandbox-secret"),
                           headers={"User-Agent": "1000 - SelfIntegration"}, timeout=10)
    answer.raise_for_status()
    return [p for p in channel.trendyol.control("GET", "packages")
            if p.get("originPackageIds") == [package["shipmentPackageId"]]]


def orders(channel) -> list[dict[str, Any]]:
    return channel.omnitron.table("orders")


@pytest.fixture
def private_channel(tmp_path, trendyol, settings) -> Iterator[Channel]:
    """Like `channel`, on an Omnitron sandbox process of its own: tests that leave a request
    held inside the sandbox (injected latency) stop the process with it, so the held request
    can never land in a later test's state."""
    cache.clear()  # as `channel` does: nothing remembered from another sandbox's run
    with run_omnitron_sandbox(tmp_path / "omnitron") as omnitron:
        settings.OMNITRON_URL = omnitron.url
        settings.OMNITRON_CHANNEL_ID = CHANNEL_ID
        settings.OMNITRON_CATALOG_ID = 1
        client = admin_client(omnitron.url, cache)
        configure_channel(client, trendyol.conf)
        yield Channel(omnitron, trendyol, client)


def worker_env(channel, **extra: str) -> dict[str, str]:
    return {"OMNITRON_URL": channel.omnitron.url, "OMNITRON_CHANNEL_ID": str(CHANNEL_ID), "OMNITRON_CATALOG_ID": "1",
            "SYNC_LOCK_TTL": "3", **extra}


@pytest.fixture
def orders_worker(worker_factory, channel):
    """A worker on a private queue whose OMNITRON_URL is this test's sandbox."""
    queue = f"orders-{free_port()}"
    env = worker_env(channel)

    def start(name: str = "orders-worker"):
        return worker_factory(name, env=env, concurrency=1, extra_args=("-Q", queue))

    start.queue = queue
    return start
