"""The `demo` process of `make run` (sandboxes only): makes the first minute show the product working.

It waits until the web process is healthy and a worker answers, then queues the setup flows and
the first catalog syncs (beat takes over from there), and keeps a trickle of new marketplace
orders coming from the Trendyol sandbox so the order flows have something to import.
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


def queue_first_syncs() -> None:
    from celery import chain

    from channel.tasks import TASKS

    names = [name for name in FIRST_SYNCS if name in TASKS]
    chain(*(TASKS[name].si() for name in names)).apply_async()
    log(f"queued {', '.join(names)}; watch them on the sync dashboard and in Flower")


def listed_products() -> list[dict]:
    """Products the catalog sync already listed on the sandbox marketplace (orders can only be for these)."""
    response = requests.get(f"{TRENDYOL_SANDBOX}/_sandbox/products", timeout=10)
    response.raise_for_status()
    return [{"barcode": p["barcode"], "stockCode": p.get("stockCode") or p["barcode"], "price": p.get("salePrice")}
            for p in response.json() if p.get("salePrice")]


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
        if not create_orders(count):
            continue
        log(f"{count} new marketplace order(s) in the Trendyol sandbox")
        for name in ORDER_SYNCS:
            if name in TASKS:
                try:
                    TASKS[name].delay()
                except OSError as exc:  # broker restarting: the next round queues it again
                    log(f"could not queue {name}: {exc}")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from config.celery_app import app

    wait_for("web", web_healthy)
    wait_for("a worker", lambda: bool(app.control.ping(timeout=1)))
    queue_first_syncs()
    trickle_orders()


if __name__ == "__main__":
    main()
