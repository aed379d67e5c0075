"""How many Omnitron requests does it take to read 10,000 products?

Starts its own Omnitron sandbox (through tests/fixtures/processes.py), then measures on the same
data, in the same run:

* reference: the Akinon app's `insert_products` run replayed request by request (one
  `inserts/?limit=100&page=1` page per run, commit, success error report, IA pages and product
  pages of 50, done; docs/omnitron.md "Request counts": 6 + 2*ceil(N/50) per run), repeated until `inserts`
  is empty;
* ours: `OmnitronClient` paging the same products at the chosen page size, both as a plain
  listing and as the flow engine drains `inserts/` (commit per page, one done).

    python -m bench.omnitron_paging [--products 10000] [--page-size 1000]
"""
from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from django.core.cache.backends.locmem import LocMemCache

from omnitron.client import OmnitronClient
from omnitron.resources.batches import batch_object
from omnitron.types import BatchObject
from bench.report import figure
from tests.fixtures.omnitron_sandbox import OmnitronSandbox, run_omnitron_sandbox

REFERENCE_PAGE = 100
REFERENCE_CHUNK = 50


@dataclass
class Row:
    scenario: str
    page_size: int
    products: int
    list_requests: int
    total_requests: int
    seconds: float


def measured(sandbox: OmnitronSandbox, name: str, page_size: int, job: Callable[[], int]) -> Row:
    """Run `job` on a freshly reset sandbox; read request counts from the sandbox itself."""
    sandbox.reset()
    sandbox.reset_counts()
    started = time.perf_counter()
    products = job()
    seconds = time.perf_counter() - started
    counts = sandbox.counts()
    endpoints = counts["endpoints"]
    listing = sum(n for key, n in endpoints.items() if key.startswith("GET channel/{ch}/products/"))
    return Row(name, page_size, products, listing, counts["total"] - endpoints.get("POST auth/login/", 0), seconds)


def reference_runs(url: str) -> int:
    """Replay the reference app's insert_products runs (template flags, token cached) until done."""
    api = url + "api/v1/"
    session = requests.Session()
    key = session.post(api + "auth/login/", json={"username": "admin", "password": "admin"}).json()["key"]
    session.headers["Authorization"] = f"Token {key}"

    def call(method: str, path: str, body: Any = None, **params: Any) -> Any:
        data = None if body is None else json.dumps(body)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        response = session.request(method, api + path, params=params, data=data, headers=headers)
        response.raise_for_status()
        return response.json() if response.content else {}

    seen = 0
    while True:
        call("GET", "channels/1/")
        batch = call("POST", "channel/1/batch_requests/", {"channel": "1"})
        rows = call("GET", "channel/1/products/inserts/", product_type=0, limit=REFERENCE_PAGE, page=1)["results"]
        objects = [batch_object(r["pk"], "product", version_date=r["modified_date"]) for r in rows]
        patch = f"channel/1/batch_requests/{batch['pk']}/"
        call("PATCH", patch, {"channel": "1", "content_type": "product", "objects": objects, "status": "commit"})
        if not rows:
            call("PATCH", patch, {"channel": "1", "objects": [], "status": "done"})
            return seen
        call("POST", "channel/1/error_reports/", {"error_code": f"{batch['local_batch_id']}-Channel-Send",
                                                   "is_ok": True, "raw_request": "", "raw_response": ""})
        pks = [r["pk"] for r in rows]
        for start in range(0, len(pks), REFERENCE_CHUNK):
            call("GET", "channel/1/integration_actions/", local_batch_id=batch["local_batch_id"], channel_id=1,
                 status="processing", limit=REFERENCE_CHUNK, sort="id", page=1 + start // REFERENCE_CHUNK)
        for start in range(0, len(pks), REFERENCE_CHUNK):
            chunk = pks[start:start + REFERENCE_CHUNK]
            call("GET", "channel/1/products/", pk__in=",".join(map(str, chunk)), limit=len(chunk), page=1)
        done = [{**o, "remote_id": f"TY-{o['pk']}"} for o in objects]
        call("PATCH", patch, {"channel": "1", "objects": done, "status": "done"})
        seen += len(rows)


def client_for(url: str, page_size: int) -> OmnitronClient:
    return OmnitronClient(url, "admin", "admin", channel_id=1, catalog_id=1, page_size=page_size,
                          cache=LocMemCache("bench", {}))


def our_listing(url: str, page_size: int) -> int:
    return sum(1 for row in client_for(url, page_size).products.list(product_type=0))


def our_drain(url: str, page_size: int) -> int:
    """The flow engine's shape: one batch, commit each inserts page, one done at the end."""
    client = client_for(url, page_size)
    client.channels.get()
    batch = client.batch_requests.create()
    done: list[BatchObject] = []
    for page in client.products.inserts(product_type=0).drain():
        objects = [batch_object(r["pk"], "product", version_date=r["modified_date"]) for r in page.results]
        batch = client.batch_requests.commit(batch, "product", objects)
        done.extend(batch_object(o["pk"], "product", remote_id=f"TY-{o['pk']}", version_date=o["version_date"])
                    for o in objects)
    client.batch_requests.done(batch, done)
    return len(done)


def reference_formula(products: int) -> int:
    runs = math.ceil(products / REFERENCE_PAGE)
    return runs * 6 + 2 * sum(math.ceil(min(REFERENCE_PAGE, products - i * REFERENCE_PAGE) / REFERENCE_CHUNK)
                              for i in range(runs)) + 5  # + the final empty run


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--page-size", type=int, default=1000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as logs, run_omnitron_sandbox(Path(logs), args.products) as sandbox:
        rows = [
            measured(sandbox, "reference insert_products runs (replayed)", REFERENCE_PAGE,
                     lambda: reference_runs(sandbox.url)),
            measured(sandbox, "ours: products list", args.page_size, lambda: our_listing(sandbox.url, args.page_size)),
            measured(sandbox, "ours: drain inserts, commit per page, one done", args.page_size,
                     lambda: our_drain(sandbox.url, args.page_size)),
        ]
    print(f"Omnitron requests to read {args.products} products (login excluded, counted by the sandbox)\n")
    print("| scenario | page size | products | product list requests | all requests | seconds |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row.scenario} | {row.page_size} | {row.products} | {row.list_requests} | {row.total_requests} "
              f"| {row.seconds:.2f} |")
    base = rows[0].total_requests
    print(f"\nreference formula (docs/omnitron.md, incl. the final empty run): {reference_formula(args.products)}")
    for row in rows[1:]:
        print(f"{row.scenario}: {base / max(row.total_requests, 1):.0f}x fewer requests than the reference")
    drain = rows[2]
    figure("omnitron_paging", f"requests to drain {args.products} inserts (page {args.page_size})",
           drain.total_requests, "requests", baseline=f"reference {base}")


if __name__ == "__main__":
    main()
