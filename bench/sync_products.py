"""Drain a 10,000-product backlog through a real Celery worker, then 10,000 changed prices (and, for
Hepsiburada, 10,000 changed stocks).

Starts its own Redis, Omnitron sandbox (seeded with N products), the marketplace's sandbox
(`--marketplace trendyol` on channel 1, the default, or `hepsiburada` on channel 2, bound as a
deployment serving both binds it) and one worker (prefork, one process), sends
`channel.products_insert` and then `channel.prices_update` like beat would, and prints from the
same run:

* wall time (task sent -> result stored) and objects per second;
* Omnitron and Trendyol requests per endpoint, as each sandbox counted them;
* requests per object, and the ratio to the minimal count
  (ceil(N/page) lists + 1 empty list, one commit and one done per chunk, ceil(N/1000) writes
  and as many batch checks);
* the reference app's count for the same backlog (docs/omnitron.md "Request counts"), as baseline;
* the worker's peak RSS (VmHWM of the worker and its pool process).

The whole run happens twice, each time from scratch (own Redis, so no filter verdict carries
over): against an Omnitron sandbox that applies only the filters with evidence, and against one
that also applies the optimistic extras. The last table puts requests per object side by side
with the reference app's (~2.3 per product with enrichment, ~0.13 per price); with the
evidenced filters the target is at most half of those.

    python -m bench.sync_products [--products 10000] [--page-size 1000] [--prices 10000] [--mapped-concurrency 16]
        [--filters evidenced optimistic] [--marketplace trendyol|hepsiburada]
"""
from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests

from bench.marketplaces import MARKETPLACES, TRENDYOL, Marketplace, bind, omnitron_args
from bench.marketplaces import counts as marketplace_counts
from bench.marketplaces import sandbox as marketplace_sandbox
from bench.report import figure
from tests.fixtures.omnitron_sandbox import OmnitronSandbox, run_omnitron_sandbox
from tests.fixtures.processes import (
    PYTHON, ROOT, Process, free_port, redis_server, start_process, wait_until,
)

TRENDYOL_LIMIT = 1000
REFERENCE_PER_PRODUCT = 2.3  # with enrichment (mapped, stock, price, categories): docs/omnitron.md
REFERENCE_PER_PRICE = 0.13
MAPPED_FALLBACK = "GET channel/{ch}/mapped_products/{pk}/"


# ---- processes ----------------------------------------------------------------------------------

def django_env(log_dir: Path, redis_url: str, omnitron_url: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": f"sqlite:///{log_dir / 'bench.sqlite3'}",
        "BROKER_URL": f"{redis_url}/1", "CACHE_URL": f"{redis_url}/2", "OMNITRON_URL": omnitron_url,
        "OMNITRON_CHANNEL_ID": "1", "OMNITRON_CATALOG_ID": "1", "LOG_LEVEL": "WARNING",
    }


@contextlib.contextmanager
def worker(log_dir: Path, env: dict[str, str]) -> Iterator[Process]:
    subprocess.run([PYTHON, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env={**os.environ, **env}, check=True)
    args = [PYTHON, "-m", "celery", "-A", "config", "worker", "-l", "INFO", "-c", "1", "-n", f"bench-{free_port()}@%h"]
    process = start_process("worker", args, log_dir, env=env)
    wait_until(lambda: " ready." in process.log() or not process.alive(), 60, "the worker")
    if not process.alive():
        raise RuntimeError(f"worker did not start:\n{process.log()[-3000:]}")
    try:
        yield process
    finally:
        process.stop()


def peak_rss_mb(root_pid: int) -> float:
    """Highest VmHWM among the worker process and its children, in MB."""
    pids = [root_pid]
    with contextlib.suppress(OSError):
        children = Path(f"/proc/{root_pid}/task/{root_pid}/children").read_text().split()
        pids += [int(pid) for pid in children]
    peaks = []
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
    return max(peaks, default=0.0)


# ---- measuring ----------------------------------------------------------------------------------

def run_task(app: Any, flow: str, omnitron: OmnitronSandbox, url: str, channel: int = 1,
             **kwargs: Any) -> dict[str, Any]:
    omnitron.reset_counts()
    before = marketplace_counts(url)
    started = time.perf_counter()
    summary = app.send_task(f"channel.{flow}", kwargs={"channel_id": channel, **kwargs}).get(timeout=1800)
    seconds = time.perf_counter() - started
    after = marketplace_counts(url)
    return {"summary": summary, "seconds": seconds, "omnitron": omnitron.counts()["endpoints"], "flow": flow,
            "trendyol": {k: v - before.get(k, 0) for k, v in after.items() if v - before.get(k, 0)}}


def minimal(objects: int, page: int, marketplace: Marketplace = TRENDYOL, flow: str = "products") -> dict[str, int]:
    chunks = math.ceil(objects / TRENDYOL_LIMIT)
    return {"omnitron": math.ceil(objects / page) + 1 + 2 * chunks,
            "trendyol": marketplace.minimal_writes(objects, flow)}


def report(title: str, run: dict[str, Any], objects: int, page: int, reference: int, rss: float,
           marketplace: Marketplace = TRENDYOL) -> None:
    summary = run["summary"]
    omnitron_total = sum(run["omnitron"].values())
    trendyol_total = sum(run["trendyol"].values())
    floor = minimal(objects, page, marketplace, run.get("flow", "products"))
    remote = marketplace.name.capitalize()
    print(f"\n== {title}: {objects} objects, page {page} ==")
    print(f"wall time {run['seconds']:.2f} s, {objects / run['seconds']:.0f} objects/s; worker peak RSS {rss:.0f} MB")
    print(f"summary: fetched={summary['fetched']} sent={summary['sent']} succeeded={summary['succeeded']} "
          f"failed={summary['failed']} batches={len(summary['batch_ids'])} notes={summary.get('notes', [])}")
    print(f"Omnitron requests: {omnitron_total} ({omnitron_total / objects:.4f} per object)")
    for endpoint, count in sorted(run["omnitron"].items(), key=lambda kv: -kv[1]):
        print(f"  {count:6d}  {endpoint}")
    print(f"{remote} requests: {trendyol_total} ({trendyol_total / objects:.4f} per object)")
    for endpoint, count in sorted(run["trendyol"].items(), key=lambda kv: -kv[1]):
        print(f"  {count:6d}  {endpoint}")
    ours = omnitron_total + trendyol_total
    lowest = floor["omnitron"] + floor["trendyol"]
    print(f"minimal count {lowest} (Omnitron {floor['omnitron']}, {remote} {floor['trendyol']}); "
          f"ours {ours} = {ours / lowest:.2f}x")
    per_product = run["omnitron"].get(MAPPED_FALLBACK, 0)
    if per_product:
        rest = omnitron_total - per_product
        print(f"without the per-product {MAPPED_FALLBACK} calls (docs/omnitron.md: no bulk route is documented): "
              f"Omnitron {rest} "
              f"({rest / objects:.4f} per object), total {rest + trendyol_total} = "
              f"{(rest + trendyol_total) / lowest:.2f}x minimal")
    print(f"reference app (docs/omnitron.md, 100 per run): {reference} Omnitron requests "
          f"({reference / objects:.2f} per object) in {math.ceil(objects / 100)} runs")
    figure("sync_products", f"{title}: objects/s ({objects})", round(objects / run["seconds"]), "objects/s",
           target=">= 500")
    figure("sync_products", f"{title}: {marketplace.name} requests per object", round(trendyol_total / objects, 4),
           "req/object")
    prices = title.startswith(("prices", "stocks"))
    reference_per_object = REFERENCE_PER_PRICE if prices else REFERENCE_PER_PRODUCT
    figure("sync_products", f"{title}: Omnitron requests per object", round(omnitron_total / objects, 4), "req/object",
           target=f"<= {reference_per_object / 2:.3g} (half the reference)" if "evidenced" in title else "",
           baseline=f"reference ~{reference_per_object} ({'per price' if prices else 'per product, with enrichment'})")
    figure("sync_products", f"{title}: worker peak RSS", round(rss), "MB", target="< 300")


def change_stocks(omnitron: OmnitronSandbox, count: int) -> int:
    """Give `count` products a new stock on the main list (control endpoint; not counted)."""
    session = requests.Session()
    rows = [row for row in omnitron.table("stocks") if row["stock_list"] == 1][:count]
    for row in rows:
        session.post(f"{omnitron.url}_sandbox/stocks", json={"product": row["product"], "stock": int(row["stock"]) + 3},
                     timeout=10).raise_for_status()
    return len(rows)


def change_prices(omnitron: OmnitronSandbox, count: int) -> int:
    """Give `count` products a new price (control endpoint; not counted: counts are reset after)."""
    session = requests.Session()
    products = [row for row in omnitron.table("prices") if row["price_list"] == 1][:count]
    for row in products:
        new_price = f"{float(row['price']) * 0.9:.2f}"  # stays below the retail (list) price
        session.post(f"{omnitron.url}_sandbox/prices", json={"product": row["product"], "price": new_price},
                     timeout=10).raise_for_status()
    return len(products)


def measure(filter_set: str, args: argparse.Namespace) -> dict[str, Any]:
    """Insert the products, change the prices, update them; requests per object of both runs."""
    market = MARKETPLACES[args.marketplace]
    label = "" if market is TRENDYOL else f", {market.name}"
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp, contextlib.ExitStack() as stack:
        log_dir = Path(tmp)
        redis_url, _ = stack.enter_context(redis_server(log_dir))
        url = stack.enter_context(marketplace_sandbox(market, log_dir))
        omnitron = stack.enter_context(run_omnitron_sandbox(log_dir, args.products, "--filters", filter_set,
                                                            *omnitron_args(market, url)))
        env = django_env(log_dir, redis_url, omnitron.url)
        os.environ.update(env)
        import django

        django.setup()
        from django.core.cache import cache

        from config.celery_app import app
        from tests.channel.flows.sandbox_setup import admin_client, configure_channel

        if market is TRENDYOL:
            configure_channel(admin_client(omnitron.url, cache), {"base_url": f"{url}/integration"})
        products = sum(1 for row in omnitron.table("products") if row["product_type"] == "0")
        process = stack.enter_context(worker(log_dir, env))
        bind(market)
        insert = run_task(app, "products_insert", omnitron, url, market.channel, page_size=args.page_size,
                          mapped_concurrency=args.mapped_concurrency)
        reference = math.ceil(products / 100) * 6 + 2 * math.ceil(products / 50)
        report(f"products_insert ({filter_set} filters{label})", insert, products, args.page_size, reference,
               peak_rss_mb(process.popen.pid), market)
        changed = change_prices(omnitron, args.prices)
        prices = run_task(app, "prices_update", omnitron, url, market.channel, page_size=args.page_size)
        reference = math.ceil(changed / 100) * 7 + 3 * math.ceil(changed / 50)
        report(f"prices_update ({filter_set} filters{label})", prices, changed, args.page_size, reference,
               peak_rss_mb(process.popen.pid), market)
        if market is not TRENDYOL:
            changed = change_stocks(omnitron, args.prices)
            stocks = run_task(app, "stocks_update", omnitron, url, market.channel, page_size=args.page_size)
            report(f"stocks_update ({filter_set} filters{label})", stocks, changed, args.page_size, reference,
                   peak_rss_mb(process.popen.pid), market)
    return {"products": sum(insert["omnitron"].values()) / products, "prices": sum(prices["omnitron"].values()) / changed,
            "paths": insert["summary"].get("omnitron_filters", {}), "price_paths": prices["summary"].get("omnitron_filters", {})}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--prices", type=int, default=10_000)
    parser.add_argument("--mapped-concurrency", type=int, default=None,
                        help="mapped_products GETs in flight (default: the flow's own)")
    parser.add_argument("--filters", nargs="+", default=["evidenced", "optimistic"],
                        choices=["evidenced", "optimistic"], help="Omnitron sandbox filter sets to measure with")
    parser.add_argument("--marketplace", choices=sorted(MARKETPLACES), default="trendyol",
                        help="which marketplace sandbox the channel syncs to")
    parser.add_argument("--result", help=argparse.SUPPRESS)  # where one filter set's run writes its figures
    args = parser.parse_args(argv)
    if len(args.filters) == 1:
        result = measure(args.filters[0], args)
        if args.result:
            Path(args.result).write_text(json.dumps(result))
        return
    # Django and Celery are configured once per process: each filter set runs in its own.
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-sync-results-") as tmp:
        for filter_set in args.filters:
            out = Path(tmp) / f"{filter_set}.json"
            command = [sys.executable, "-m", "bench.sync_products", "--products", str(args.products),
                       "--page-size", str(args.page_size), "--prices", str(args.prices), "--filters", filter_set,
                       "--result", str(out), "--marketplace", args.marketplace]
            if args.mapped_concurrency is not None:
                command += ["--mapped-concurrency", str(args.mapped_concurrency)]
            subprocess.run(command, cwd=ROOT, check=True)
            results[filter_set] = json.loads(out.read_text())
    print("\n== Omnitron requests per object, by the sandbox's filter set ==")
    print(f"{'filter set':12} {'per product':>12} {'per price':>10}   paths taken")
    for filter_set, result in results.items():
        print(f"{filter_set:12} {result['products']:12.4f} {result['prices']:10.4f}   "
              f"{ {**result['paths'], **result['price_paths']} }")
    print(f"{'reference':12} {REFERENCE_PER_PRODUCT:12.2f} {REFERENCE_PER_PRICE:10.2f}   (docs/omnitron.md)")
    evidenced = results.get("evidenced")
    if evidenced:
        within = evidenced["products"] <= REFERENCE_PER_PRODUCT / 2 and evidenced["prices"] <= REFERENCE_PER_PRICE / 2
        print(f"evidenced filters within half the reference: {'yes' if within else 'NO'}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
