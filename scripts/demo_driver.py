"""The `demo` process of `make run` (sandboxes only): makes the first minute show the product working.

It waits until the web process is healthy and a worker answers, binds channel 2 to Hepsiburada
(channel 1 keeps the default, Trendyol), then queues the setup flows and the first catalog syncs
of both channels (beat takes over from there), and keeps a trickle of new marketplace orders
coming from both sandboxes so the order flows have something to import.
It talks to the sandboxes over HTTP only; production code never runs or imports it.
"""
from __future__ import annotations

import os
import random
import time

import django
import requests

WEB_URL = os.environ.get("DEMO_WEB_URL", "http://127.0.0.1:8000")
TRENDYOL_SANDBOX = os.environ.get("DEMO_TRENDYOL_URL", "http://127.0.0.1:8102")
HEPSIBURADA_SANDBOX = os.environ.get("DEMO_HEPSIBURADA_URL", "")
TRENDYOL_CHANNEL, HEPSIBURADA_CHANNEL = 1, 2
ORDER_EVERY_S = float(os.environ.get("DEMO_ORDER_EVERY_S", "30"))
FIRST_SYNCS = (
    "setup_conf_schema", "setup_category_tree", "setup_category_attributes", "setup_attributes",
    "products_sync", "prices_sync", "stocks_sync", "images_sync",
)
ORDER_SYNCS = ("orders_import",)


def log(message: str) -> None:
    print(f"demo: {message}", flush=True)


def wait_for(what: str, check, patience: float = 60) -> None:
    """Poll until ready; complain every `patience` seconds but never exit (honcho would stop the stack)."""
    started = last_complaint = time.monotonic()
    while not check():
        if time.monotonic() - last_complaint > patience:
            log(f"still waiting for {what} ({time.monotonic() - started:.0f} s); see the other processes' logs")
            last_complaint = time.monotonic()
        time.sleep(1)
    log(f"{what}: ready")


def web_healthy() -> bool:
    try:
        return requests.get(f"{WEB_URL}/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def demo_channels() -> list[int]:
    return [TRENDYOL_CHANNEL, HEPSIBURADA_CHANNEL] if HEPSIBURADA_SANDBOX else [TRENDYOL_CHANNEL]


def bind_hepsiburada_channel() -> None:
    """Channel 2 of the Omnitron sandbox is the Hepsiburada store (an operator does this in admin)."""
    from channel.models import ChannelMarketplace

    if HEPSIBURADA_SANDBOX:
        ChannelMarketplace.objects.get_or_create(channel_id=HEPSIBURADA_CHANNEL, defaults={"marketplace": "hepsiburada"})
        log(f"channel {HEPSIBURADA_CHANNEL} sells on Hepsiburada (admin: Channel marketplaces)")


def queue_first_syncs() -> None:
    from celery import chain

    from channel.tasks import TASKS

    names = [name for name in FIRST_SYNCS if name in TASKS]
    for channel in demo_channels():
        chain(*(TASKS[name].si(channel_id=channel) for name in names)).apply_async()
    log(f"queued {', '.join(names)} for channels {demo_channels()}; watch them on the sync dashboard and in Flower")


def listed_products() -> list[dict]:
    """Products the catalog sync already listed on the sandbox marketplace (orders can only be for these)."""
    response = requests.get(f"{TRENDYOL_SANDBOX}/_sandbox/products", timeout=10)
    response.raise_for_status()
    return [{"barcode": p["barcode"], "stockCode": p.get("stockCode") or p["barcode"], "price": p.get("salePrice")}
            for p in response.json() if p.get("salePrice")]


def create_hepsiburada_order() -> bool:
    """One paid order of a listing on sale, through the Hepsiburada sandbox's order seeding."""
    try:
        listings = requests.get(f"{HEPSIBURADA_SANDBOX}/_sandbox/listings", timeout=10).json()
        salable = [row["hepsiburadaSku"] for row in listings.values() if row.get("isSalable")]
        if not salable:
            return False
        body = {"lineItems": [{"hepsiburadaSku": random.choice(salable), "quantity": 1}]}
        response = requests.post(f"{HEPSIBURADA_SANDBOX}/_sandbox/orders", json=body, timeout=10)
    except (requests.RequestException, ValueError) as exc:
        log(f"could not create a Hepsiburada demo order: {exc.__class__.__name__}")
        return False
    return response.status_code < 300


def create_orders(count: int) -> bool:
    try:
        products = listed_products()
        if not products:
            return False
        body = {"count": count, "products": products, "customers": 5, "lines": random.randint(1, 2),
                "seed": random.randrange(1 << 30)}
        response = requests.post(f"{TRENDYOL_SANDBOX}/_sandbox/orders", json=body, timeout=10)
    except requests.RequestException as exc:
        log(f"could not create demo orders: {exc.__class__.__name__}")
        return False
    return response.status_code < 300


def trickle_orders() -> None:
    from channel.tasks import TASKS

    while True:
        time.sleep(ORDER_EVERY_S)
        count = random.randint(1, 3)
        placed = []
        if create_orders(count):
            log(f"{count} new marketplace order(s) in the Trendyol sandbox")
            placed.append(TRENDYOL_CHANNEL)
        if HEPSIBURADA_SANDBOX and create_hepsiburada_order():
            log("a new paid order in the Hepsiburada sandbox")
            placed.append(HEPSIBURADA_CHANNEL)
        for channel in placed:
            for name in ORDER_SYNCS:
                if name in TASKS:
                    try:
                        TASKS[name].delay(channel_id=channel)
                    except OSError as exc:  # broker restarting: the next round queues it again
                        log(f"could not queue {name}: {exc}")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from config.celery_app import app

    wait_for("web", web_healthy)
    wait_for("a worker", lambda: bool(app.control.ping(timeout=1)))
    bind_hepsiburada_channel()
    queue_first_syncs()
    trickle_orders()


if __name__ == "__main__":
    main()
