"""Marketplace event -> Omnitron order through the order webhooks, against the polling baseline.

Starts its own Redis, database (a temporary SQLite file; with DATABASE_URL=postgres://... also a
temporary PostgreSQL database, each in its own process), Omnitron and Trendyol sandboxes (strict),
gunicorn (the receiver), one worker (`-Q celery,webhooks`, two processes) and beat with the webhook
sweep, then registers the channel's webhook with `manage.py trendyol_webhook register`.

    steady    orders created on the sandbox marketplace at `--rate` per second for `--seconds`
    burst     1,000 orders in 10 s (100 a second, ten at a time)
    polling   webhooks dropped (the sandbox's outage switch); orders at the steady rate, imported by
              `orders_import` sent every `--poll-every` seconds, as beat would

For each phase: p50/p99 from the package's creation on the marketplace (its first history date) to
the order's creation in Omnitron (its `created_date`), orders lost (a package without an order after
`--wait` s), duplicate orders (numbers seen twice); for the webhook phases also the receiver's
latency as the sandbox's sender measured it (p50/p99 per POST, keep-alive) and events lost (a
package without a stored event). The sandbox repeats 5 % of its deliveries (its default) and
re-sends a failed one after 10 s.

    python -m bench.webhook_orders [--rate 5] [--seconds 30] [--burst 1000] [--poll-every 60]
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.import_orders import control, patch_channel_conf
from bench.report import figure
from bench.trigger_api import postgres_database
from tests.fixtures.processes import PYTHON, ROOT, free_port, http_ready, redis_server, start_process, wait_until

TARGET_P50_S = 2.0
RECEIVER_P99_MS = 50.0


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def environment(run_dir: Path, redis_url: str, database_url: str, omnitron: str, web: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false", "OMNITRON_ALLOW_HTTP": "true",
        "SECRET_KEY": "bench-secret", "OMNITRON_URL": omnitron + "/", "OMNITRON_USERNAME": "admin",
        "OMNITRON_PASSWORD": "admin", "OMNITRON_CHANNEL_ID": "1", "OMNITRON_CATALOG_ID": "1",
        "FLOWER_BASIC_AUTH": "bench:bench", "BROKER_URL": f"{redis_url}/1", "CACHE_URL": f"{redis_url}/2",
        "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING", "STATIC_ROOT": str(run_dir / "static"),
        "WEBHOOK_PUBLIC_URL": web, "DOTENV_PATH": "",
    }


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env={**os.environ, **env}, check=True,
                          capture_output=True, text=True).stdout


def products(omnitron: str) -> list[dict[str, Any]]:
    return [{"barcode": p["attributes"].get("barcode") or p["sku"], "stockCode": p["sku"], "price": 50.0 + p["pk"],
             "discount": 5.0} for p in control(omnitron, "GET", "tables/products") if p["product_type"] == "0"]


def create_at_rate(trendyol: str, goods: list[dict[str, Any]], per_second: float, seconds: float,
                   per_call: int = 1) -> list[int]:
    """Create packages on the marketplace at a steady rate; their ids."""
    ids: list[int] = []
    started = time.perf_counter()
    calls = int(per_second * seconds / per_call)
    for n in range(calls):
        due = started + n * per_call / per_second
        time.sleep(max(0.0, due - time.perf_counter()))
        created = control(trendyol, "POST", "orders", {"count": per_call, "products": goods, "seed": n,
                                                       "customers": per_call})["packages"]
        ids += [int(p["shipmentPackageId"]) for p in created]
    return ids


def created_ms(trendyol: str) -> dict[int, int]:
    return {int(p["shipmentPackageId"]): int(p["packageHistories"][0]["createdDate"])
            for p in control(trendyol, "GET", "packages")}


def order_ms(omnitron: str) -> tuple[dict[str, int], int]:
    """Order number -> creation (ms) of its first order, and how many orders repeat a number."""
    found: dict[str, int] = {}
    rows = control(omnitron, "GET", "tables/orders")
    for row in rows:
        moment = datetime.fromisoformat(row["created_date"].replace("Z", "+00:00"))
        found.setdefault(str(row["number"]), int(moment.timestamp() * 1000))
    return found, len(rows) - len(found)


def wait_for(omnitron: str, ids: list[int], timeout: float) -> None:
    wanted = {str(x) for x in ids}
    with contextlib.suppress(TimeoutError):
        wait_until(lambda: wanted <= set(order_ms(omnitron)[0]), timeout, "every order", interval=1.0)


def phase(name: str, ids: list[int], trendyol: str, omnitron: str, deliveries: list[dict[str, Any]] | None,
          stored: set[str] | None) -> dict[str, Any]:
    made, _ = order_ms(omnitron)
    born = created_ms(trendyol)
    lags = [(made[str(x)] - born[x]) / 1000 for x in ids if str(x) in made]
    mine = {str(x) for x in ids}
    result: dict[str, Any] = {"phase": name, "orders": len(ids), "p50_s": percentile(lags, 50),
                              "p99_s": percentile(lags, 99), "max_s": max(lags) if lags else float("nan"),
                              "lost": len(mine - set(made))}
    if deliveries is not None and stored is not None:
        ok = [d["ms"] for d in deliveries if str(d["package_id"]) in mine and d["code"] == 200]
        result.update(receiver_p50_ms=percentile(ok, 50), receiver_p99_ms=percentile(ok, 99), posts=len(ok),
                      failed_posts=sum(1 for d in deliveries if str(d["package_id"]) in mine and d["code"] != 200),
                      events_lost=len(mine - stored))
    return result


def stored_packages(env: dict[str, str]) -> set[str]:
    out = manage(env, "shell", "-c", "import json; from channel.models import WebhookEvent; "
                                     "print(json.dumps(sorted(set(WebhookEvent.objects.values_list('package_id', "
                                     "flat=True)))))")
    return set(json.loads(out.strip().splitlines()[-1]))


def server_ms(run_dir: Path) -> list[float]:
    """Milliseconds gunicorn spent on each delivery it answered 200, in log order."""
    found = []
    for line in (run_dir / "web.log").read_text(errors="replace").splitlines():
        parts = line.split()
        if len(parts) == 5 and parts[0] == "ACCESS" and parts[2].startswith("/hooks/orders/") and parts[3] == "200":
            found.append(int(parts[4]) / 1000)
    return found


def receiver_alone(env: dict[str, str], run_dir: Path, web: str, trendyol: str, deliveries: int,
                   senders: int = 4) -> dict[str, float]:
    """Deliveries posted straight at the receiver before any worker runs: what the receiver itself costs.

    Real package bodies (from the sandbox) with fresh ids, for channel 2: 300 from one keep-alive
    client, then `deliveries` from `senders` clients at once; the events are deleted afterwards and
    the queued drains find nothing."""
    import threading

    import requests

    secret = "r" * 43
    manage(env, "shell", "-c", "from channel.models import WebhookSubscription as W; "
                               f"W.objects.create(channel_id=2, secret='{secret}')")
    (sample,) = control(trendyol, "POST", "orders", {"count": 1, "lines": 2})["packages"]
    control(trendyol, "POST", "reset")
    before = len(server_ms(run_dir))
    client_ms: list[float] = []
    base = int(time.time() * 1000)

    def send(first: int, count: int) -> None:
        session = requests.Session()
        for n in range(first, first + count):
            body = {"totalElements": 1, "totalPages": 1, "page": 0, "size": 1,
                    "content": [{**sample, "shipmentPackageId": 9_000_000_000 + n, "lastModifiedDate": base + n}]}
            started = time.perf_counter()
            answer = session.post(f"{web}/hooks/orders/2/", json=body, headers={"x-api-key": secret}, timeout=30)
            client_ms.append((time.perf_counter() - started) * 1000)
            answer.raise_for_status()

    send(0, 50)  # warm-up: each gunicorn process's first requests import and connect
    client_ms.clear()
    before = len(server_ms(run_dir))
    send(50, 300)  # one sender, one delivery after another
    alone = {"one_client_p50_ms": percentile(client_ms, 50), "one_client_p99_ms": percentile(client_ms, 99),
             "one_server_p50_ms": percentile(server_ms(run_dir)[before:], 50),
             "one_server_p99_ms": percentile(server_ms(run_dir)[before:], 99)}
    client_ms.clear()
    before = len(server_ms(run_dir))
    share = deliveries // senders
    threads = [threading.Thread(target=send, args=(1000 + k * share, share)) for k in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    server = server_ms(run_dir)[before:]
    manage(env, "shell", "-c", "from channel.models import WebhookEvent as E, WebhookSubscription as W; "
                               "E.objects.filter(channel_id=2).delete(); W.objects.filter(channel_id=2).delete()")
    return {**alone, "client_p50_ms": percentile(client_ms, 50), "client_p99_ms": percentile(client_ms, 99),
            "server_p50_ms": percentile(server, 50), "server_p99_ms": percentile(server, 99),
            "deliveries": len(server), "senders": senders}


def start_sandboxes(stack: contextlib.ExitStack, run_dir: Path, omnitron_port: int, trendyol_port: int) -> None:
    for name, args_ in (("omnitron", ["-m", "sandboxes.omnitron", "--port", str(omnitron_port), "--products", "60"]),
                        ("trendyol", ["-m", "sandboxes.trendyol", "--port", str(trendyol_port)])):
        port = omnitron_port if name == "omnitron" else trendyol_port
        proc = start_process(f"{name}-sandbox", [PYTHON, *args_], run_dir,
                             ready=http_ready(f"http://127.0.0.1:{port}/_sandbox/health"))
        stack.callback(proc.stop)


def start_web(stack: contextlib.ExitStack, run_dir: Path, env: dict[str, str], web_port: int) -> None:
    # the access log line carries the time gunicorn spent on each request (%(D)s, microseconds)
    web = start_process("web", [PYTHON, "-m", "gunicorn", "config.wsgi", "-c", "python:config.gunicorn"], run_dir,
                        env={**env, "GUNICORN_BIND": f"127.0.0.1:{web_port}", "WEB_CONCURRENCY": "2",
                             "GUNICORN_CMD_ARGS": "--access-logformat 'ACCESS %(m)s %(U)s %(s)s %(D)s'"},
                        ready=http_ready(f"http://127.0.0.1:{web_port}/healthz"))
    stack.callback(web.stop)


def start_workers(stack: contextlib.ExitStack, run_dir: Path, env: dict[str, str]) -> None:
    worker = start_process("worker", [PYTHON, "-m", "celery", "-A", "config", "worker", "-l", "INFO", "-c", "2",
                                      "-Q", "celery,webhooks", "-n", f"bench-{free_port()}@%h"], run_dir, env=env)
    stack.callback(worker.stop)
    wait_until(lambda: " ready." in worker.log() or not worker.alive(), 60, "the worker")
    beat = start_process("beat", [PYTHON, "-m", "celery", "-A", "config", "beat", "-l", "WARNING", "-S",
                                  "django_celery_beat.schedulers:DatabaseScheduler", "-s",
                                  str(run_dir / "beat-schedule")], run_dir, env=env)
    stack.callback(beat.stop)


def run(label: str, database_url: str | None, args: argparse.Namespace) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix=f"bench-webhooks-{label}-") as tmp, contextlib.ExitStack() as stack:
        run_dir = Path(tmp)
        redis_url, _ = stack.enter_context(redis_server(run_dir))
        database_url = (stack.enter_context(postgres_database(database_url)) if database_url
                        else f"sqlite:///{run_dir / 'bench.sqlite3'}")
        omnitron_port, trendyol_port, web_port = free_port(), free_port(), free_port()
        omnitron, trendyol = f"http://127.0.0.1:{omnitron_port}", f"http://127.0.0.1:{trendyol_port}"
        env = environment(run_dir, redis_url, database_url, omnitron, f"http://127.0.0.1:{web_port}")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        # only the webhook sweep: the seeded syncs would run beside the measurement
        manage(env, "shell", "-c", "from channel.schedules import seed_webhook_sweep; seed_webhook_sweep()")
        start_sandboxes(stack, run_dir, omnitron_port, trendyol_port)
        start_web(stack, run_dir, env, web_port)
        alone = receiver_alone(env, run_dir, f"http://127.0.0.1:{web_port}", trendyol, args.burst)
        start_workers(stack, run_dir, env)
        patch_channel_conf(omnitron, {"base_url": f"{trendyol}/integration", "requests_per_10s": "1000"})
        print(manage(env, "trendyol_webhook", "--channel", "1", "register").strip(), flush=True)
        control(trendyol, "POST", "webhooks/config", {"retry_interval": 10})
        goods = products(omnitron)
        warm = create_at_rate(trendyol, goods, args.rate, 4)  # first requests of each process: imports, caches
        wait_for(omnitron, warm, args.wait)
        skip_deliveries, skip_server = len(control(trendyol, "GET", "webhooks/deliveries")["deliveries"]), len(
            server_ms(run_dir))

        steady = create_at_rate(trendyol, goods, args.rate, args.seconds)
        burst = create_at_rate(trendyol, goods, args.burst / 10, 10, per_call=10)
        wait_for(omnitron, steady + burst, args.wait)
        deliveries = control(trendyol, "GET", "webhooks/deliveries")["deliveries"][skip_deliveries:]
        stored = stored_packages(env)
        server = server_ms(run_dir)[skip_server:]
        rows = [phase(f"steady {args.rate:g}/s, webhooks", steady, trendyol, omnitron, deliveries, stored),
                phase(f"burst {args.burst} in 10 s, webhooks", burst, trendyol, omnitron, deliveries, stored)]
        rows[-1]["duplicates"] = rows[0]["duplicates"] = order_ms(omnitron)[1]
        rows[0].update(server_p50_ms=percentile(server, 50), server_p99_ms=percentile(server, 99),
                       server_max_ms=max(server), server_posts=len(server))

        control(trendyol, "POST", "webhooks/config", {"drop": True})
        polled = poll_phase(env, trendyol, omnitron, goods, args)
        rows.append(phase(f"steady {args.rate:g}/s, polling every {args.poll_every:g} s", polled, trendyol, omnitron,
                          None, None))
        rows[-1]["duplicates"] = order_ms(omnitron)[1]
        rows[0]["alone"] = alone
        for row in rows:
            row["database"] = label
        return rows


def poll_phase(env: dict[str, str], trendyol: str, omnitron: str, goods: list[dict[str, Any]],
               args: argparse.Namespace) -> list[int]:
    """Orders at the steady rate while `orders_import` runs every `poll_every` s (as beat sends it)."""
    os.environ.update(env)
    import django

    django.setup()
    from config.celery_app import app

    ids: list[int] = []
    started = time.perf_counter()
    next_poll = started + args.poll_every
    for n in range(int(args.rate * args.seconds)):
        time.sleep(max(0.0, started + n / args.rate - time.perf_counter()))
        ids += [int(p["shipmentPackageId"]) for p in control(trendyol, "POST", "orders", {
            "count": 1, "products": goods, "seed": 10_000 + n})["packages"]]
        if time.perf_counter() >= next_poll:
            app.send_task("channel.orders_import", kwargs={"channel_id": 1, "lookback_hours": 1})
            next_poll += args.poll_every
    deadline = time.perf_counter() + args.poll_every * 3 + args.wait
    wanted = {str(x) for x in ids}
    while time.perf_counter() < deadline and not wanted <= set(order_ms(omnitron)[0]):
        time.sleep(max(0.0, next_poll - time.perf_counter()))
        app.send_task("channel.orders_import", kwargs={"channel_id": 1, "lookback_hours": 1})
        next_poll += args.poll_every
        wait_for(omnitron, ids, min(args.poll_every, 60))
    return ids


def report(rows: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print(f"\nOrder webhooks: marketplace event -> Omnitron order ({os.cpu_count()} CPUs, load "
          f"{os.getloadavg()[0]:.1f} after the run)")
    print(f"{'database':<11}{'phase':<38}{'orders':>7}{'p50 s':>8}{'p99 s':>8}{'max s':>8}{'lost':>6}{'dup':>5}"
          f"{'recv p50 ms':>13}{'recv p99 ms':>13}{'events lost':>13}")
    for r in rows:
        recv = (f"{r['receiver_p50_ms']:>13.1f}{r['receiver_p99_ms']:>13.1f}{r['events_lost']:>13}"
                if "receiver_p50_ms" in r else f"{'-':>13}{'-':>13}{'-':>13}")
        print(f"{r['database']:<11}{r['phase']:<38}{r['orders']:>7}{r['p50_s']:>8.2f}{r['p99_s']:>8.2f}"
              f"{r['max_s']:>8.2f}{r['lost']:>6}{r.get('duplicates', 0):>5}{recv}")
    for r in rows:
        if "alone" in r:
            a = r["alone"]
            print(f"{r['database']}: receiver alone (no worker), 300 deliveries from one sender: in gunicorn p50 "
                  f"{a['one_server_p50_ms']:.1f} ms, p99 {a['one_server_p99_ms']:.1f} ms; at the client p50 "
                  f"{a['one_client_p50_ms']:.1f} ms, p99 {a['one_client_p99_ms']:.1f} ms")
            figure("webhook_orders", f"receiver p50 / p99 in gunicorn, alone, one sender ({r['database']})",
                   round(a["one_server_p99_ms"], 1), "ms (p99)", target=f"p99 <= {RECEIVER_P99_MS:g}",
                   baseline=f"p50 {a['one_server_p50_ms']:.1f} ms; at the client p50 {a['one_client_p50_ms']:.1f} / "
                            f"p99 {a['one_client_p99_ms']:.1f} ms")
            print(f"{r['database']}: receiver alone (no worker), {a['deliveries']} deliveries from {a['senders']} "
                  f"senders at once: in gunicorn p50 {a['server_p50_ms']:.1f} ms, p99 {a['server_p99_ms']:.1f} ms; "
                  f"at the client p50 {a['client_p50_ms']:.1f} ms, p99 {a['client_p99_ms']:.1f} ms")
            figure("webhook_orders", f"receiver p50 / p99 in gunicorn, alone, {a['senders']} senders ({r['database']})",
                   round(a["server_p99_ms"], 1), "ms (p99)", target=f"p99 <= {RECEIVER_P99_MS:g}",
                   baseline=f"p50 {a['server_p50_ms']:.1f} ms; at the client p50 {a['client_p50_ms']:.1f} / "
                            f"p99 {a['client_p99_ms']:.1f} ms")
        if "server_p50_ms" in r:
            print(f"{r['database']}: receiver as gunicorn timed it, steady and burst together: {r['server_posts']} "
                  f"deliveries, p50 {r['server_p50_ms']:.1f} ms, p99 {r['server_p99_ms']:.1f} ms, "
                  f"max {r['server_max_ms']:.1f} ms")
            figure("webhook_orders", f"receiver p50 / p99 in gunicorn, steady + burst ({r['database']})",
                   round(r["server_p99_ms"], 1), "ms (p99)", target=f"p99 <= {RECEIVER_P99_MS:g}",
                   baseline=f"p50 {r['server_p50_ms']:.1f} ms")
    for r in rows:
        db, name = r["database"], r["phase"]
        if "receiver_p50_ms" not in r:
            continue
        baseline = next((p for p in rows if p["database"] == db and "polling" in p["phase"]), None)
        base = f"polling every {args.poll_every:g} s: p50 {baseline['p50_s']:.1f} s" if baseline else ""
        figure("webhook_orders", f"{name} ({db}): event -> order p50 / p99", round(r["p50_s"], 2), "s",
               target=f"p50 <= {TARGET_P50_S:g}", baseline=f"{base}; p99 {r['p99_s']:.2f} s")
        figure("webhook_orders", f"{name} ({db}): lost / duplicate orders", r["lost"] + r.get("duplicates", 0),
               "orders", target="0 / 0", baseline=f"lost {r['lost']}, duplicates {r.get('duplicates', 0)}, "
                                                   f"events lost {r['events_lost']}")
        figure("webhook_orders", f"{name} ({db}): receiver p50 / p99 at the sender", round(r["receiver_p99_ms"], 1),
               "ms (p99)", target=f"p99 <= {RECEIVER_P99_MS:g}", baseline=f"p50 {r['receiver_p50_ms']:.1f} ms")
    print(f"polling at the seeded schedule (every 15 min) waits 7.5 min on average before the import even starts")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.webhook_orders", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=5.0, help="orders per second in the steady phases")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the steady phases")
    parser.add_argument("--burst", type=int, default=1000, help="orders created in the 10 s burst")
    parser.add_argument("--poll-every", type=float, default=60.0, help="seconds between polls in the baseline")
    parser.add_argument("--wait", type=float, default=180.0, help="seconds to wait for the last orders")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        rows = run(args.child, os.environ.get("DATABASE_URL") if args.child == "postgresql" else None, args)
        print("ROWS " + json.dumps(rows), flush=True)
        return 0
    databases = ["sqlite"] + (["postgresql"] if os.environ.get("DATABASE_URL", "").startswith("postgres") else [])
    rows = []
    for label in databases:
        done = subprocess.run([PYTHON, "-m", "bench.webhook_orders", "--child", label, "--rate", str(args.rate),
                               "--seconds", str(args.seconds), "--burst", str(args.burst), "--poll-every",
                               str(args.poll_every), "--wait", str(args.wait)], cwd=ROOT, capture_output=True,
                              text=True)
        line = next((x for x in done.stdout.splitlines() if x.startswith("ROWS ")), None)
        if done.returncode or line is None:
            print(done.stdout[-3000:], done.stderr[-3000:], file=sys.stderr)
            return 1
        rows += json.loads(line[len("ROWS "):])
    report(rows, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
