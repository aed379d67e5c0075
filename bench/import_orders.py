"""Import 1,000 Trendyol packages as Omnitron orders through a real Celery worker, then again.

Starts its own Redis, SQLite database, Omnitron and Trendyol sandboxes and one worker (all via
tests/fixtures/processes.py), creates the packages in the Trendyol sandbox, runs the
`channel.orders_import` task and reads the request counts from both sandboxes. Each scenario
starts from reset sandboxes; the repeated run imports the same window a second time.

    python -m bench.import_orders [--packages 1000] [--customers 600] [--lines 2] [--filters evidenced optimistic]

Each filter set runs from scratch in its own process: an Omnitron sandbox applying only the
filters with evidence, then one applying the optimistic extras too (`--filters`). With the
evidenced filters the target is at most half the reference's ~14 requests per order.

Baseline: the reference app's `fetch_and_create_order`, per docs/omnitron.md "Request counts":
14 Omnitron requests per new order (customer, 2x3 address lookups + 2 POSTs, cargo list,
product IA lookup, duplicate check, create, items, commit, success report) + 3 per run, and
11 per already-imported order; it stops a whole batch on one unknown cargo code.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from bench.report import figure
from tests.fixtures.processes import PYTHON, ROOT, free_port, http_ready, redis_server, start_process, wait_until

REFERENCE_PER_NEW_ORDER = 14
REFERENCE_PER_EXISTING_ORDER = 11
REFERENCE_PER_RUN = 3
QUEUE = "bench-orders"


@dataclass
class Row:
    scenario: str
    packages: int
    created: int
    seconds: float  # send -> result, worker pickup included
    flow_seconds: float  # the flow's own duration_s
    omnitron: int
    trendyol: int
    endpoints: dict[str, int]

    @property
    def per_order(self) -> float:
        return self.omnitron / max(self.created, 1)

    @property
    def per_package(self) -> float:
        return self.omnitron / max(self.packages, 1)

    @property
    def rate(self) -> float:
        """Packages per wall-clock second (send to result)."""
        return self.packages / self.seconds if self.seconds else 0.0


def environment(run_dir: Path, redis_url: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false", "OMNITRON_ALLOW_HTTP": "true", "SECRET_KEY": "bench-secret",
        "OMNITRON_USERNAME": "admin", "OMNITRON_PASSWORD": "admin", "OMNITRON_CHANNEL_ID": "1",
        "OMNITRON_CATALOG_ID": "1", "FLOWER_BASIC_AUTH": "bench:bench", "BROKER_URL": f"{redis_url}/1",
        "CACHE_URL": f"{redis_url}/2", "DATABASE_URL": f"sqlite:///{run_dir / 'bench.sqlite3'}",
        "LOG_LEVEL": "WARNING",
    }


def control(url: str, method: str, path: str, body: Any = None) -> Any:
    response = requests.request(method, f"{url}/_sandbox/{path}", json=body, timeout=120)
    response.raise_for_status()
    return response.json() if response.content else None


def run_import(app: Any, timeout: float) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    result = app.send_task("channel.orders_import", kwargs={"channel_id": 1, "lookback_hours": 1}, queue=QUEUE)
    summary = result.get(timeout=timeout)
    return summary, time.perf_counter() - started


def scenario(app: Any, omnitron: str, trendyol: str, name: str, spec: dict[str, Any]) -> list[Row]:
    """Reset both sandboxes, create the packages, import twice; one row per import."""
    control(omnitron, "POST", "reset")
    control(trendyol, "POST", "reset")
    conf = {"base_url": f"{trendyol}/integration", "requests_per_10s": "1000"}
    patch_channel_conf(omnitron, conf)
    products = [{"barcode": p["attributes"].get("barcode") or p["sku"], "stockCode": p["sku"],
                 "price": 50.0 + p["pk"], "discount": 5.0}
                for p in control(omnitron, "GET", "tables/products") if p["product_type"] == "0"]
    control(trendyol, "POST", "orders", {**spec, "products": products})
    rows = []
    for label in (name, f"{name}, repeated"):
        control(omnitron, "DELETE", "counts")
        before = control(trendyol, "GET", "counts")["total"]
        summary, seconds = run_import(app, timeout=600)
        counts = control(omnitron, "GET", "counts")
        trendyol_requests = control(trendyol, "GET", "counts")["total"] - before
        rows.append(Row(label, spec["count"], summary["orders"]["created"], seconds, summary["duration_s"],
                        counts["total"], trendyol_requests, counts["endpoints"]))
        if summary["failed"]:
            raise RuntimeError(f"{label}: {summary['failed']} packages failed: {summary['errors'][:3]}")
    orders = control(omnitron, "GET", "tables/orders")
    if len(orders) != spec["count"] or len({o["number"] for o in orders}) != spec["count"]:
        raise RuntimeError(f"{name}: expected {spec['count']} distinct orders, found {len(orders)}")
    return rows


def patch_channel_conf(omnitron: str, extra: dict[str, Any]) -> None:
    """Point the channel at the Trendyol sandbox, as an operator would (PATCH channels/1/)."""
    session = requests.Session()
    token = session.post(f"{omnitron}/api/v1/auth/login/", json={"username": "admin", "password": "admin"},
                         timeout=10).json()["key"]
    session.headers["Authorization"] = f"Token {token}"
    conf = session.get(f"{omnitron}/api/v1/channels/1/", timeout=10).json()["conf"]
    session.patch(f"{omnitron}/api/v1/channels/1/", json={"conf": {**conf, **extra}}, timeout=10).raise_for_status()


def table(rows: list[Row]) -> str:
    head = (f"{'scenario':30} {'packages':>8} {'created':>7} {'wall s':>7} {'flow s':>7} {'orders/s':>8} "
            f"{'omnitron':>8} {'per order':>9} {'per pkg':>8} {'trendyol':>8} {'reference':>9}")
    lines = [head, "-" * len(head)]
    for row in rows:
        repeated = row.created == 0
        reference = (REFERENCE_PER_EXISTING_ORDER * row.packages if repeated
                     else REFERENCE_PER_NEW_ORDER * row.created) + REFERENCE_PER_RUN
        per_order = "-" if repeated else f"{row.per_order:.2f}"
        lines.append(f"{row.scenario:30} {row.packages:8d} {row.created:7d} {row.seconds:7.2f} "
                     f"{row.flow_seconds:7.2f} {row.rate:8.1f} {row.omnitron:8d} {per_order:>9} "
                     f"{row.per_package:8.3f} {row.trendyol:8d} {reference:9d}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.import_orders", description=__doc__)
    parser.add_argument("--packages", type=int, default=1000)
    parser.add_argument("--customers", type=int, default=600, help="distinct buyers in the repeat-buyer scenario")
    parser.add_argument("--lines", type=int, default=2)
    parser.add_argument("--filters", nargs="+", default=["evidenced", "optimistic"],
                        choices=["evidenced", "optimistic"], help="Omnitron sandbox filter sets to measure with")
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if len(args.filters) > 1:
        compare(args)
        return
    filter_set = args.filters[0]
    with tempfile.TemporaryDirectory(prefix="bench-orders-") as tmp, contextlib.ExitStack() as stack:
        run_dir = Path(tmp)
        redis_url, _ = stack.enter_context(redis_server(run_dir))
        env = environment(run_dir, redis_url)
        omnitron_port, trendyol_port = free_port(), free_port()
        omnitron, trendyol = f"http://127.0.0.1:{omnitron_port}", f"http://127.0.0.1:{trendyol_port}"
        env["OMNITRON_URL"] = omnitron + "/"
        os.environ.update(env)
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, check=True,
                       env={**os.environ})
        for name, args_ in (("omnitron", ["-m", "sandboxes.omnitron", "--port", str(omnitron_port),
                                          "--products", "60", "--filters", filter_set]),
                            ("trendyol", ["-m", "sandboxes.trendyol", "--port", str(trendyol_port)])):
            url = omnitron if name == "omnitron" else trendyol
            proc = start_process(f"{name}-sandbox", [PYTHON, *args_], run_dir,
                                 ready=http_ready(f"{url}/_sandbox/health"))
            stack.callback(proc.stop)
        worker = start_process("worker", [PYTHON, "-m", "celery", "-A", "config", "worker", "-l", "INFO",
                                          "-c", "1", "-Q", QUEUE, "-n", f"bench-{free_port()}@%h"], run_dir, env=env)
        stack.callback(worker.stop)
        wait_until(lambda: " ready." in worker.log() or not worker.alive(), 60, "the worker")
        import django

        django.setup()
        from config.celery_app import app

        spec = {"count": args.packages, "lines": args.lines}
        rows = scenario(app, omnitron, trendyol, f"{args.packages} buyers, {filter_set}",
                        {**spec, "customers": args.packages})
        rows += scenario(app, omnitron, trendyol, f"{args.customers} repeat buyers, {filter_set}",
                         {**spec, "customers": args.customers})
    print(f"\nOrder import through one Celery worker ({args.packages} packages, {args.lines} lines each; "
          "reference = docs/omnitron.md formula)")
    print(table(rows))
    for row in rows:
        if row.created:
            figure("import_orders", f"{row.scenario}: Omnitron requests per order", round(row.per_order, 3),
                   "req/order", target=f"<= {REFERENCE_PER_NEW_ORDER / 2:g} (half the reference)"
                   if filter_set == "evidenced" else "", baseline=f"reference {REFERENCE_PER_NEW_ORDER}")
            figure("import_orders", f"{row.scenario}: orders/s", round(row.rate, 1), "orders/s", target=">= 50")
        else:
            figure("import_orders", f"{row.scenario}: repeated run, requests per package",
                   round(row.per_package, 3), "req/package", target="<= 0.1, 0 created")
    for row in rows:
        spread = ", ".join(f"{key} {n}" for key, n in sorted(row.endpoints.items(), key=lambda kv: -kv[1]))
        print(f"\n{row.scenario}: {spread}")
    if args.result:
        Path(args.result).write_text(json.dumps([[row.scenario, row.per_order, row.per_package, row.created]
                                                 for row in rows]))


def compare(args: argparse.Namespace) -> None:
    """Each filter set in its own process (Django and Celery are configured once per process)."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-orders-results-") as tmp:
        for filter_set in args.filters:
            out = Path(tmp) / f"{filter_set}.json"
            subprocess.run([sys.executable, "-m", "bench.import_orders", "--packages", str(args.packages),
                            "--customers", str(args.customers), "--lines", str(args.lines), "--filters", filter_set,
                            "--result", str(out)], cwd=ROOT, check=True)
            results[filter_set] = json.loads(out.read_text())
    print("\n== Omnitron requests per new order, by the sandbox's filter set ==")
    for filter_set, rows in results.items():
        for scenario_name, per_order, per_package, created in rows:
            figure_text = f"{per_order:.2f} per order" if created else f"{per_package:.3f} per package (repeat)"
            print(f"{filter_set:11} {scenario_name:45} {figure_text}")
    print(f"reference   {REFERENCE_PER_NEW_ORDER} per new order, {REFERENCE_PER_EXISTING_ORDER} per existing "
          "(docs/omnitron.md, 'Request counts of the reference app')")


if __name__ == "__main__":
    main()
