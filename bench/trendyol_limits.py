"""Trendyol's request limits at the lowest tier: a 10,000-product sync and a 5,000-package import.

Starts its own Redis (the shared budget store, through Django's cache as in production) and a
strict Trendyol sandbox (tier 50k: 50 calls per 10 s per endpoint, per-group quotas per fixed
minute, 429 without Retry-After), then runs the adapter work of each flow, from two workers
(threads with their own adapter, sharing the Redis budget) at once:

* product sync: create N products (1000 per batch), wait for the batches, wait out the approval
  (sandbox clock), read their states from the product listing, push N prices and N stocks;
* package import: read the last day of M packages from the stream, then look every package up
  by id in the v2 listing (30 calls a minute at tier 50k: this is the throttled part).

Each scenario runs twice in the same process: planned (the channel's tier, 50k) and the baseline
"tier set too high" (unlimited: the client budget allows 100 package listings a minute against a
server that allows 30), which meets 429s and shows they are waited out. Reported per run: failed
runs, 429s met, seconds waiting in the budget and in 429 backoff, wall time.

    python -m bench.trendyol_limits [--products 10000] [--packages 5000] [--workers 2]
"""
from __future__ import annotations

import argparse
import contextlib
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import requests

from bench.report import figure
from tests.fixtures.processes import PYTHON, free_port, http_ready, redis_server, start_process

BENCH = "trendyol_limits"
SELLER = {"seller_id": "1000", "api_key": "sandbox-key", "api_secret": "sandbox-secret"}


@dataclass
class Tally:
    failed_runs: int = 0
    throttled: int = 0
    budget_wait: float = 0.0
    backoff_wait: float = 0.0
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, adapter: Any) -> None:
        with self.lock:
            self.throttled += adapter.http.throttled
            self.budget_wait += adapter.http.budgets.waited
            self.backoff_wait += adapter.http.slept
            self.requests += adapter.request_count


def configure_django(redis_url: str) -> None:
    from django.conf import settings

    settings.configure(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                           "LOCATION": redis_url, "KEY_PREFIX": "bench"}},
                       FAULT_KILL_AT="")
    import django

    django.setup()


def adapter(base: str, tier: str) -> Any:
    from channel.adapters.trendyol import TrendyolAdapter

    return TrendyolAdapter({**SELLER, "base_url": f"{base}/integration", "tier": tier, "read_timeout": "120"})


def control(base: str, method: str, path: str, body: Any = None) -> Any:
    response = requests.request(method, f"{base}/_sandbox/{path}", json=body, timeout=120)
    response.raise_for_status()
    return response.json()


def products(first: int, count: int) -> list[Any]:
    from channel.adapters.payloads import AttributeInput, ProductPayloadInput

    return [ProductPayloadInput(
        sku=f"SKU-{n}", barcode=f"BENCH-{n}", name=f"Bench product {n}", description="<p>bench</p>",
        group_key=f"BENCH-{n}", category_remote_id="411", brand_remote_id="1791",
        attributes=(AttributeInput("293", ("4602",)), AttributeInput("47", custom_value="Kırmızı")),
        images=("https://cdn.example.com/1.jpg",), list_price=Decimal("100"), sale_price=Decimal("90"),
        stock=5, vat_rate=20) for n in range(first, first + count)]


def settle(client: Any, results: list[Any]) -> int:
    """Wait for every batch of `results`; return the failed item count."""
    failed = sum(1 for r in results for o in (r.outcomes or []) if not o.ok)
    for result in results:
        if not result.remote_batch_id:
            continue
        while (batch := client.fetch_batch(result.remote_batch_id, result.aliases)).status == "processing":
            time.sleep(0.2)
        failed += sum(1 for o in batch.outcomes if not o.ok)
    return failed


def product_sync(base: str, tier: str, total: int, workers: int, tally: Tally) -> None:
    from channel.adapters.payloads import PriceInput, ProductRef, StockInput

    share = total // workers

    def create(index: int) -> None:
        client = adapter(base, tier)
        try:
            items = products(index * share, share)
            failed = settle(client, client.create_products(items))
            if failed:
                raise RuntimeError(f"{failed} products refused")
        except Exception as exc:  # noqa: BLE001 - a failed run is what the bench counts
            with tally.lock:
                tally.failed_runs += 1
                tally.errors.append(f"create {index}: {exc}")
        tally.add(client)

    def update(index: int) -> None:
        client = adapter(base, tier)
        try:
            refs = [ProductRef(f"SKU-{n}", f"BENCH-{n}") for n in range(index * share, (index + 1) * share)]
            states = client.get_product_states(refs)
            if len(states) != len(refs) or not all(s.approved for s in states.values()):
                raise RuntimeError(f"{len(refs) - len(states)} products not found approved")
            prices = [PriceInput(r.sku, r.barcode, list_price=Decimal("120"), sale_price=Decimal("99")) for r in refs]
            stocks = [StockInput(r.sku, r.barcode, stock=7) for r in refs]
            failed = settle(client, client.push_prices(prices)) + settle(client, client.push_stocks(stocks))
            if failed:
                raise RuntimeError(f"{failed} price/stock items refused")
        except Exception as exc:  # noqa: BLE001
            with tally.lock:
                tally.failed_runs += 1
                tally.errors.append(f"update {index}: {exc}")
        tally.add(client)

    parallel(create, workers)
    control(base, "POST", "clock", {"advance": 15 * 60 + 1})  # Trendyol's approval, in sandbox time
    parallel(update, workers)


def package_import(base: str, tier: str, total: int, workers: int, tally: Tally) -> None:
    since = datetime.now(timezone.utc) - timedelta(hours=1)
    until = datetime.now(timezone.utc) + timedelta(minutes=1)
    reader = adapter(base, tier)
    try:
        ids = [p.package_id for page in reader.list_packages(since, until) for p in page]
        if len(ids) != total:
            raise RuntimeError(f"the stream gave {len(ids)} of {total} packages")
    except Exception as exc:  # noqa: BLE001
        tally.failed_runs += 1
        tally.errors.append(f"stream: {exc}")
        ids = []
    tally.add(reader)
    share = -(-len(ids) // workers)

    def lookup(index: int) -> None:
        client = adapter(base, tier)
        try:
            mine = ids[index * share:(index + 1) * share]
            found = client.get_packages(mine)
            if len(found) != len(mine):
                raise RuntimeError(f"{len(mine) - len(found)} packages not found")
        except Exception as exc:  # noqa: BLE001
            with tally.lock:
                tally.failed_runs += 1
                tally.errors.append(f"lookup {index}: {exc}")
        tally.add(client)

    parallel(lookup, workers)


def parallel(work: Any, workers: int) -> None:
    threads = [threading.Thread(target=work, args=(index,)) for index in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def scenario(name: str, base: str, tier: str, run: Any, size: int, workers: int) -> tuple[Tally, float]:
    from django.core.cache import cache

    cache.clear()
    control(base, "POST", "reset")
    if name == "packages":
        control(base, "POST", "orders", {"count": size})
    tally = Tally()
    started = time.monotonic()
    run(base, tier, size, workers, tally)
    seconds = time.monotonic() - started
    print(f"{name:9} tier {tier:9} runs failed {tally.failed_runs}  429s {tally.throttled:4}  requests "
          f"{tally.requests:5}  budget wait {tally.budget_wait:7.1f} s  429 backoff {tally.backoff_wait:7.1f} s  "
          f"wall {seconds:6.1f} s", flush=True)
    for error in tally.errors:
        print(f"    {error}")
    return tally, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--packages", type=int, default=5_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        logs = Path(tmp)
        redis_url, _ = stack.enter_context(redis_server(logs))
        configure_django(redis_url)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        sandbox = start_process(f"trendyol-{port}", [PYTHON, "-m", "sandboxes.trendyol", "--port", str(port),
                                                     "--tier", "50k"], logs, ready=http_ready(f"{base}/_sandbox/health"))
        stack.callback(sandbox.stop)
        print(f"strict sandbox, seller tier 50k, {args.workers} workers sharing one Redis budget\n")
        for name, run, size in (("products", product_sync, args.products), ("packages", package_import, args.packages)):
            planned, planned_s = scenario(name, base, "50k", run, size, args.workers)
            baseline, baseline_s = scenario(name, base, "unlimited", run, size, args.workers)
            label = f"{size} {name}, tier 50k"
            base_note = f"tier set too high: {baseline.throttled} 429s, {baseline.failed_runs} failed runs"
            figure(BENCH, f"{label}: failed runs", planned.failed_runs, "runs", target="0", baseline=base_note)
            figure(BENCH, f"{label}: 429s met", planned.throttled, "429s", target="0",
                   baseline=f"{baseline.throttled} (tier set too high)")
            figure(BENCH, f"{label}: time waiting (budget + 429 backoff)",
                   round(planned.budget_wait + planned.backoff_wait, 1), "s",
                   baseline=f"{baseline.budget_wait + baseline.backoff_wait:.1f} s, wall {baseline_s:.0f} s "
                            "(tier set too high)")
            figure(BENCH, f"{label}: wall time", round(planned_s, 1), "s", baseline=f"{baseline_s:.1f} s")


if __name__ == "__main__":
    main()
