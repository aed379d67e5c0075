"""Crash and outage scenarios at thousands of objects, judged by both sandboxes' final state.

Every run starts from reset sandboxes and production defaults (SYNC_LOCK_TTL 30 s, a beat
process sweeping every RECOVERY_SWEEP_S = 15 s). A worker SIGKILLs itself at a named point
(FAULT_KILL_AT; the chunk or order is drawn from a seeded RNG); a new worker starts at once,
as a supervisor would start one, and the run must end exactly as a fault-free run:

    lost        objects without a success integration action, or missing on the marketplace
    duplicated  objects created twice (marketplace creates beyond one per chunk, orders or
                customers with the same number or e-mail, second integration actions)
    stuck       batches left in a non-final state and write-ahead records left behind
    seconds     from the kill (or the start of a flaky run) to: the dead run's lock expired,
                the new worker up, a run holding the flow's lock again (resumed), everything synced

    python -m bench.faults [--products 2000] [--packages 300] [--buyers 200] [--runs 2] [--seed 13]
"""
from __future__ import annotations

import argparse
import contextlib
import os
import random
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.import_orders import control
from bench.report import figure
from tests.fixtures.processes import (
    PYTHON, ROOT, Process, free_port, http_ready, redis_server, start_process, wait_until,
)

QUEUE = f"bench-faults-{os.getpid()}"  # RabbitMQ is shared by every run on a machine
CATALOG_POINTS = ("after_commit", "during_push", "after_push", "after_sent", "before_done")
CHUNK = 1000  # Trendyol's items per request: the engine's default chunk
CREATE = "POST /integration/product/sellers/<int:seller_id>/v2/products"
FINAL = ("done", "fail")
SYNC_TIMEOUT = 240.0


@dataclass
class Timeline:
    """Seconds from the fault (the kill, or the start of a flaky run) to each step of recovery."""

    lock_free_s: float | None = None  # the dead run's lock has expired
    ready_s: float | None = None  # the new worker is up (the fault has ended)
    resumed_s: float | None = None  # a run holds the flow's lock again
    synced_s: float = SYNC_TIMEOUT  # both sandboxes as after a fault-free run


@dataclass
class Outcome:
    lost: int = 0
    duplicated: int = 0
    stuck: int = 0
    timeline: Timeline = field(default_factory=Timeline)


@dataclass
class Row:
    scenario: str
    outcomes: list[Outcome] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(getattr(o, name) for o in self.outcomes)

    def worst(self, step: str) -> float | None:
        """The slowest run's seconds to `step` (a Timeline field), None when no run has it."""
        values = [getattr(o.timeline, step) for o in self.outcomes if getattr(o.timeline, step) is not None]
        return max(values, default=None)


class Stack:
    """Redis, SQLite, both sandboxes and a beat process; workers are started per run."""

    def __init__(self, run_dir: Path, stack: contextlib.ExitStack, broker: str = "") -> None:
        self.run_dir = run_dir
        redis_url, _ = stack.enter_context(redis_server(run_dir))
        if broker.startswith("amqp"):
            stack.callback(self.delete_queue)
        self.omnitron = self._sandbox(stack, "omnitron", ["--products", "20"])
        self.trendyol = self._sandbox(stack, "trendyol", [])
        self.env = {
            "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false", "OMNITRON_ALLOW_HTTP": "true",
            "SECRET_KEY": "bench-secret",
            "OMNITRON_USERNAME": "admin", "OMNITRON_PASSWORD": "admin", "OMNITRON_CHANNEL_ID": "1",
            "OMNITRON_CATALOG_ID": "1", "FLOWER_BASIC_AUTH": "bench:bench", "BROKER_URL": broker or f"{redis_url}/1",
            "CACHE_URL": f"{redis_url}/2", "DATABASE_URL": f"sqlite:///{run_dir / 'bench.sqlite3'}",
            "LOG_LEVEL": "WARNING", "OMNITRON_URL": self.omnitron + "/",
        }
        os.environ.update(self.env)
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, check=True,
                       env={**os.environ})
        import django

        django.setup()
        from django_celery_beat.models import PeriodicTask

        from channel.schedules import RECOVERY_ROW, seed_recovery

        seed_recovery()
        PeriodicTask.objects.filter(name=RECOVERY_ROW).update(queue=QUEUE)
        beat = start_process("beat", [PYTHON, "-m", "celery", "-A", "config", "beat", "-l", "INFO",
                                      "-S", "django_celery_beat.schedulers:DatabaseScheduler",
                                      "-s", str(run_dir / "beat-schedule")], run_dir, env=self.env)
        stack.callback(beat.stop)
        self.workers: list[Process] = []
        stack.callback(self.stop_workers)
        self.fault_free_creates: dict[int, int] = {}  # products -> creates of a fault-free run

    def _sandbox(self, stack: contextlib.ExitStack, name: str, extra: list[str]) -> str:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        proc = start_process(f"{name}-sandbox", [PYTHON, "-m", f"sandboxes.{name}", "--port", str(port), *extra],
                             self.run_dir, ready=http_ready(f"{url}/_sandbox/health"))
        stack.callback(proc.stop)
        return url

    def worker(self, name: str, **env: str) -> Process:
        args = [PYTHON, "-m", "celery", "-A", "config", "worker", "-l", "INFO", "-c", "1", "-Q", QUEUE,
                "-n", f"{name}-{free_port()}@%h"]
        proc = start_process(f"{name}-{free_port()}", args, self.run_dir, env={**self.env, **env})
        self.workers.append(proc)
        return proc

    def stop_workers(self) -> None:
        for proc in self.workers:
            proc.stop()
        self.workers.clear()

    def reset(self, products: int) -> None:
        """Fresh sandboxes and cache; no write-ahead record, no registered run."""
        self.stop_workers()
        control(self.omnitron, "POST", "reset", {"products": products})
        control(self.trendyol, "POST", "reset")
        from django.core.cache import cache

        from tests.channel.flows.sandbox_setup import admin_client, configure_channel

        configure_channel(admin_client(self.omnitron + "/", cache),
                          {"base_url": f"{self.trendyol}/integration", "requests_per_10s": "1000"})

        from channel.locks import lock_client
        from channel.models import PendingPush

        lock_client().flushdb()
        cache.clear()
        PendingPush.objects.all().delete()

    def send(self, flow: str, **kwargs: Any) -> None:
        from config.celery_app import app

        app.send_task(f"channel.{flow}", kwargs={"channel_id": 1, **kwargs}, queue=QUEUE)

    def delete_queue(self) -> None:
        from config.celery_app import app

        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(QUEUE)

    # ---- the final state ---------------------------------------------------------------------

    def table(self, name: str) -> list[dict[str, Any]]:
        return control(self.omnitron, "GET", f"tables/{name}")

    def ias(self, model: str) -> list[dict[str, Any]]:
        return [row for row in self.table("integration_actions") if row["content_type"]["model"] == model]

    def stuck(self) -> int:
        from channel.models import PendingPush

        open_batches = [b for b in self.table("batch_requests") if b["status"] not in FINAL]
        return len(open_batches) + PendingPush.objects.count()


def wait_synced(check: Callable[[], bool]) -> float:
    """Seconds until `check()` holds (SYNC_TIMEOUT when it never does)."""
    started = time.monotonic()
    with contextlib.suppress(TimeoutError):
        wait_until(check, SYNC_TIMEOUT, "the scenario to settle", interval=1.0)
    return time.monotonic() - started


def follow_recovery(flow: str, survivor: Process, check: Callable[[], bool]) -> Timeline:
    """Watch a killed run come back, from now (the kill): its lock expiring, the new worker
    starting, a run holding the lock again, and `check()` (synced) holding."""
    from channel.locks import lock_holder

    started, timeline, next_check = time.monotonic(), Timeline(), 0.0
    while (now := time.monotonic() - started) < SYNC_TIMEOUT:
        holder = lock_holder(flow, 1)
        if timeline.lock_free_s is None and holder is None:
            timeline.lock_free_s = now
        elif timeline.lock_free_s is not None and timeline.resumed_s is None and holder is not None:
            timeline.resumed_s = now
        if timeline.ready_s is None and " ready." in survivor.log():
            timeline.ready_s = now
        if now >= next_check:
            if check():
                timeline.synced_s = now
                timeline.resumed_s = timeline.resumed_s or now  # a resumed run shorter than a poll
                break
            next_check = now + 1.0
        time.sleep(0.2)
    return timeline


def duplicates(values: list[Any]) -> int:
    return sum(count - 1 for count in Counter(values).values() if count > 1)


# ---- scenarios --------------------------------------------------------------------------------

def catalog_synced(stack: Stack, products: int) -> bool:
    ias = stack.ias("product")
    return len(ias) == products and all(ia["status"] == "success" for ia in ias) and stack.stuck() == 0


def creates(stack: Stack) -> int:
    return int(control(stack.trendyol, "GET", "counts")["endpoints"].get(CREATE, 0))


def catalog_outcome(stack: Stack, products: int, timeline: Timeline) -> Outcome:
    """Creates beyond the fault-free run's count are duplicates (a chunk is one create per batch
    of `OMNITRON_BATCH_ENTRIES` entries, so the count is measured, not derived)."""
    ias = stack.ias("product")
    ok = {ia["object_id"] for ia in ias if ia["status"] == "success" and ia["remote_id"]}
    on_marketplace = len(control(stack.trendyol, "GET", "products"))
    expected = stack.fault_free_creates.get(products, creates(stack))
    return Outcome(lost=max(products - len(ok), products - on_marketplace),
                   duplicated=duplicates([ia["object_id"] for ia in ias]) + max(0, creates(stack) - expected),
                   stuck=stack.stuck(), timeline=timeline)


def fault_free(stack: Stack, products: int, rng: random.Random) -> Outcome:
    """The baseline: the same run without a fault; its create count is what the others must match."""
    stack.reset(products)
    stack.worker("fault-free")
    stack.send("products_insert")
    took = wait_synced(lambda: catalog_synced(stack, products))
    stack.fault_free_creates[products] = creates(stack)
    return catalog_outcome(stack, products, Timeline(synced_s=took))


def kill_catalog(stack: Stack, point: str, products: int, rng: random.Random) -> Outcome:
    stack.reset(products)
    nth = rng.randint(1, -(-products // CHUNK))
    doomed = stack.worker("doomed", FAULT_KILL_AT=f"{point}:{nth}")
    stack.send("products_insert")
    wait_until(lambda: not doomed.alive(), 300, f"the worker to die at {point}")
    survivor = stack.worker("survivor")
    timeline = follow_recovery("products_insert", survivor, lambda: catalog_synced(stack, products))
    return catalog_outcome(stack, products, timeline)


def flaky_omnitron(stack: Stack, products: int, rng: random.Random) -> Outcome:
    stack.reset(products)
    for spec in ({"endpoint": "GET *", "status": 500, "rate": 0.05},
                 {"endpoint": "GET *", "status": 429, "retry_after": 1, "rate": 0.02},
                 {"endpoint": "GET *", "latency": 3.0, "rate": 0.005}):
        control(stack.omnitron, "POST", "faults", spec)
    # Reads time out after 2 s here (60 s in production) so the injected 3 s latencies count.
    stack.worker("flaky", OMNITRON_READ_TIMEOUT="2")
    stack.send("products_insert")
    took = wait_synced(lambda: catalog_synced(stack, products))
    control(stack.omnitron, "DELETE", "faults")
    return catalog_outcome(stack, products, Timeline(synced_s=took))


def orders_imported(stack: Stack, packages: int) -> bool:
    ias = stack.ias("order")
    return (len(stack.table("orders")) >= packages and len(ias) >= packages
            and all(ia["status"] == "success" for ia in ias) and stack.stuck() == 0)


def kill_orders(stack: Stack, packages: int, buyers: int, rng: random.Random) -> Outcome:
    stack.reset(60)
    sellable = [{"barcode": p["attributes"].get("barcode") or p["sku"], "stockCode": p["sku"],
                 "price": 50.0 + p["pk"], "discount": 5.0}
                for p in stack.table("products") if p["product_type"] == "0"]
    made = control(stack.trendyol, "POST", "orders",
                   {"count": packages, "customers": buyers, "lines": 2, "products": sellable})["packages"]
    doomed = stack.worker("doomed-orders", FAULT_KILL_AT=f"order_created:{rng.randint(1, packages)}")
    stack.send("orders_import", lookback_hours=1)
    wait_until(lambda: not doomed.alive(), 300, "the worker to die mid creation")
    survivor = stack.worker("survivor-orders")
    timeline = follow_recovery("orders_import", survivor, lambda: orders_imported(stack, packages))
    orders, ias, customers = stack.table("orders"), stack.ias("order"), stack.table("customers")
    recorded = {str(ia["remote_id"]) for ia in ias if ia["status"] == "success"}
    return Outcome(lost=sum(1 for p in made if str(p["shipmentPackageId"]) not in recorded),
                   duplicated=(duplicates([o["number"] for o in orders]) + duplicates([c["email"] for c in customers])
                               + duplicates([ia["object_id"] for ia in ias])),
                   stuck=stack.stuck(), timeline=timeline)


def seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def table(rows: list[Row]) -> str:
    """Per scenario: runs, lost/duplicated/stuck over all runs, and the slowest run's seconds
    from the fault to the lock expiring, the new worker up, the run resumed and everything synced."""
    head = (f"{'scenario':26} {'runs':>4} {'lost':>5} {'duplicated':>10} {'stuck':>5} {'lock free s':>11} "
            f"{'worker up s':>11} {'resumed s':>9} {'synced s':>8}")
    lines = [head, "-" * len(head)]
    for row in rows:
        lines.append(f"{row.scenario:26} {len(row.outcomes):4d} {row.total('lost'):5d} "
                     f"{row.total('duplicated'):10d} {row.total('stuck'):5d} {seconds(row.worst('lock_free_s')):>11} "
                     f"{seconds(row.worst('ready_s')):>11} {seconds(row.worst('resumed_s')):>9} "
                     f"{seconds(row.worst('synced_s')):>8}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.faults", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--packages", type=int, default=300)
    parser.add_argument("--buyers", type=int, default=200)
    parser.add_argument("--runs", type=int, default=2, help="runs per scenario")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--broker", default="", help="broker URL (default: the bench's own Redis), "
                        "e.g. amqp://guest:guest@127.0.0.1:5672//")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    scenarios: dict[str, Callable[[Stack], Outcome]] = {"fault-free (baseline)": (
        lambda stack: fault_free(stack, args.products, rng))}
    scenarios |= {
        f"kill {point}": (lambda stack, point=point: kill_catalog(stack, point, args.products, rng))
        for point in CATALOG_POINTS
    }
    scenarios["kill mid order creation"] = lambda stack: kill_orders(stack, args.packages, args.buyers, rng)
    scenarios["Omnitron 500/429/timeouts"] = lambda stack: flaky_omnitron(stack, args.products, rng)
    wanted = [name.strip() for name in args.only.split(",") if name.strip()] or list(scenarios)
    wanted = ["fault-free (baseline)", *[name for name in wanted if name != "fault-free (baseline)"]]
    rows = []
    run_dir = ROOT / "var" / "bench" / f"faults-{os.getpid()}"  # process logs kept for a look afterwards
    run_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as exits:
        stack = Stack(run_dir, exits, args.broker)
        for name in wanted:
            row = Row(name)
            for run in range(1 if name == "fault-free (baseline)" else args.runs):
                row.outcomes.append(scenarios[name](stack))
                print(f"{name} run {run + 1}: {row.outcomes[-1]}", flush=True)
            rows.append(row)
    print(f"\nFault scenarios, {args.products} products / {args.packages} packages from {args.buyers} buyers, "
          f"{args.runs} runs each, seed {args.seed}, broker {(args.broker or 'redis').split(':')[0]}, "
          "production lock TTL and sweep interval")
    print(table(rows))
    for row in rows:
        figure("faults", f"{row.scenario}: lost / duplicated / stuck over {len(row.outcomes)} runs",
               row.total("lost") + row.total("duplicated") + row.total("stuck"), "objects", target="0")
        resumed = row.worst("resumed_s")
        if resumed is not None:
            figure("faults", f"{row.scenario}: worst time from the kill to the run resumed", round(resumed, 1), "s",
                   target="<= 60")
        figure("faults", f"{row.scenario}: worst time until synced", round(row.worst("synced_s") or 0.0, 1), "s")


if __name__ == "__main__":
    main()
