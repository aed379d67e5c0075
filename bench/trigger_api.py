"""Benchmark the REST trigger API: enqueue latency, and end-to-end runs per second through a worker.

Starts its own Redis, a Celery worker and gunicorn (production settings, DEBUG off) on a temporary
SQLite file and, when DATABASE_URL names a PostgreSQL server, again on a temporary database there.
For each database it prints:

  * enqueue latency: p50/p99 of `POST /api/v1/flows/noop/runs/` (token auth, one client, keep-alive)
    while the worker runs; baseline: `apply_async` of the same task from this process (no HTTP);
  * end to end: POSTs from several clients at once, timed from the first POST until every run's
    result row is stored as finished in the database, in runs per second; baseline: the same
    number of runs queued with `apply_async` from this process.

It also prints the CPU time gunicorn spends per POST and the worker per run in the end-to-end
phase: their sum bounds the end-to-end rate on a given machine (CPUs x 1000 / sum ms).

Runs are spread over 128 configured channels (SYNC_CHANNEL_IDS in a settings module written for the
run), so they do not skip each other on the one-run-per-channel lock.

Run: `.venv/bin/python -m bench.trigger_api [--posts 1000] [--clients 8] [--concurrency CPUS] [--setting LINE]`.
Targets: enqueue p50 <= 15 ms, p99 <= 50 ms; >= 200 runs/s end to end on SQLite and on PostgreSQL.
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
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

from bench.report import figure
from tests.fixtures.processes import PYTHON, ROOT, free_port, http_ready, redis_server, start_process, wait_until

CHANNELS = 128
FINISHED = ("SUCCESS", "SKIPPED", "FAILURE")
SETTINGS_MODULE = "bench_trigger_settings"


@dataclass
class Figures:
    database: str
    post_p50: float
    post_p99: float
    direct_p50: float
    direct_p99: float
    post_rate: float
    direct_rate: float
    web_cpu_ms: float  # gunicorn CPU per POST in the end-to-end phase
    worker_cpu_ms: float  # worker CPU per run in the same phase
    states: Counter


def group_cpu_s(pgid: int) -> float:
    """CPU seconds (user + system) used so far by the live processes of a process group (master + children)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:  # fields after "(comm)": state ppid pgrp ... utime(11) stime(12)
                total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def percentile(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def write_settings(run_dir: Path, overrides: list[str] = ()) -> None:
    """Production settings plus the extra channels, the proposed DB reuse, and any --setting given."""
    (run_dir / f"{SETTINGS_MODULE}.py").write_text(
        "from config.settings import *  # noqa: F403\n"
        f"SYNC_CHANNEL_IDS = list(range(2, {CHANNELS + 1}))\n"
        "CELERY_DB_REUSE_MAX = 1000  # proposed for config/settings.py: keep the connection between tasks\n"
        + "".join(f"{line}\n" for line in overrides))


def base_env(run_dir: Path, redis_url: str, database_url: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE, "PYTHONPATH": f"{run_dir}{os.pathsep}{ROOT}",
        "DEBUG": "false", "OMNITRON_ALLOW_HTTP": "true", "SECRET_KEY": "bench-secret", "OMNITRON_URL": "http://127.0.0.1:9/",
        "OMNITRON_USERNAME": "x", "OMNITRON_PASSWORD": "x", "OMNITRON_CHANNEL_ID": "1",
        "FLOWER_BASIC_AUTH": "bench:bench", "BROKER_URL": f"{redis_url}/1", "CACHE_URL": f"{redis_url}/2",
        "DATABASE_URL": database_url, "STATIC_ROOT": str(run_dir / "static"), "LOG_LEVEL": "WARNING",
    }


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env={**os.environ, **env}, check=True,
                          capture_output=True, text=True)
    return done.stdout


def prepare(env: dict[str, str]) -> str:
    """Migrate, create an operator with the trigger permissions, and return its API token."""
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "shell", "-c", (
        "from django.contrib.auth.models import User, Permission\n"
        "u = User.objects.create_user('bench')\n"
        "u.user_permissions.set(Permission.objects.filter(content_type__app_label='channel'))"))
    return manage(env, "create_api_token", "bench").strip()


@contextlib.contextmanager
def postgres_database(server_url: str) -> contextlib.AbstractContextManager[str]:
    """A fresh database on the PostgreSQL server of `server_url`, dropped afterwards."""
    import psycopg

    parts = urlsplit(server_url)
    name = f"bench_trigger_{uuid.uuid4().hex[:8]}"
    admin_url = urlunsplit((parts.scheme.replace("postgres", "postgresql", 1) if parts.scheme == "postgres"
                            else parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", "conn_max_age=60", ""))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def finished_count(task_ids: list[str]) -> Counter:
    from django_celery_results.models import TaskResult

    states: Counter = Counter()
    for start in range(0, len(task_ids), 500):
        rows = TaskResult.objects.filter(task_id__in=task_ids[start:start + 500], status__in=FINISHED)
        states.update(rows.values_list("status", flat=True))
    return states


def wait_finished(task_ids: list[str], timeout: float = 300) -> Counter:
    states: list[Counter] = [Counter()]

    def done() -> bool:
        states[0] = finished_count(task_ids)
        return sum(states[0].values()) >= len(task_ids)

    wait_until(done, timeout, f"{len(task_ids)} runs to finish", interval=0.1)
    return states[0]


class Client:
    """POSTs noop runs, rotating over the configured channels; one keep-alive session per thread."""

    def __init__(self, web: str, token: str) -> None:
        self.url = f"{web}/api/v1/flows/noop/runs/"
        self.headers = {"Authorization": f"Token {token}"}
        self.local = threading.local()

    def post(self, n: int) -> tuple[str, float]:
        session = getattr(self.local, "session", None) or requests.Session()
        self.local.session = session
        started = time.perf_counter()
        response = session.post(self.url, json={"channel_id": n % CHANNELS + 1}, headers=self.headers, timeout=30)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 202:
            raise RuntimeError(f"POST -> {response.status_code}: {response.text[:300]}")
        return response.json()["task_id"], elapsed


def direct(count: int, offset: int) -> tuple[list[str], list[float]]:
    """Queue `count` noop runs with apply_async from this process: the no-HTTP baseline."""
    from channel.tasks import TASKS

    ids, latencies = [], []
    for n in range(count):
        task_id = str(uuid.uuid4())
        started = time.perf_counter()
        TASKS["noop"].apply_async(kwargs={"channel_id": (n + offset) % CHANNELS + 1}, task_id=task_id)
        latencies.append((time.perf_counter() - started) * 1000)
        ids.append(task_id)
    return ids, latencies


def measure(label: str, env: dict[str, str], run_dir: Path, posts: int, clients: int, concurrency: int,
            web_workers: int) -> Figures:
    token = prepare(env)
    os.environ.update(env)
    sys.path.insert(0, str(run_dir))
    import django
    from django.db import connections

    django.setup()
    with contextlib.ExitStack() as stack:
        worker = start_process(f"worker-{label}", [
            PYTHON, "-m", "celery", "-A", "config", "worker", "-l", "WARNING", "-c", str(concurrency),
            "-n", f"bench-{label}@%h", "--without-gossip", "--without-mingle"], run_dir, env=env)
        stack.callback(worker.stop)
        port = free_port()
        web = start_process(f"gunicorn-{label}", [PYTHON, "-m", "gunicorn", "config.wsgi", "-c",
                                                  "python:config.gunicorn"], run_dir,
                            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(web_workers)},
                            ready=http_ready(f"http://127.0.0.1:{port}/healthz"))
        stack.callback(web.stop)
        client = Client(f"http://127.0.0.1:{port}", token)
        wait_finished([client.post(n)[0] for n in range(50)], timeout=90)  # worker up; everything warm

        # Enqueue latency: one client, one request at a time, the worker draining beside it.
        timed = [client.post(n) for n in range(posts)]
        direct_ids, direct_latency = direct(posts, posts)
        wait_finished([task_id for task_id, _ in timed] + direct_ids)

        # End to end: several clients at once, until every run's result row is stored.
        cpu_before = group_cpu_s(web.popen.pid), group_cpu_s(worker.popen.pid)
        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            ids = [task_id for task_id, _ in pool.map(client.post, range(posts))]
        states = wait_finished(ids)
        post_rate = posts / (time.perf_counter() - started)
        web_cpu = (group_cpu_s(web.popen.pid) - cpu_before[0]) * 1000 / posts
        worker_cpu = (group_cpu_s(worker.popen.pid) - cpu_before[1]) * 1000 / posts

        started = time.perf_counter()
        ids, _ = direct(posts, 0)
        wait_finished(ids)
        direct_rate = posts / (time.perf_counter() - started)
    connections.close_all()
    latencies = [elapsed for _, elapsed in timed]
    return Figures(label, percentile(latencies, 50), percentile(latencies, 99), percentile(direct_latency, 50),
                   percentile(direct_latency, 99), post_rate, direct_rate, web_cpu, worker_cpu, states)


def run_one(label: str, database_url: str | None, args: argparse.Namespace) -> Figures:
    """Each database in its own interpreter: Django is set up once per process."""
    with contextlib.ExitStack() as stack:
        run_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=f"bench-trigger-{label}-")))
        write_settings(run_dir, args.setting)
        redis_url, _ = stack.enter_context(redis_server(run_dir))
        if database_url is None:
            database_url = f"sqlite:///{run_dir / 'bench.sqlite3'}?conn_max_age=60"
        else:
            database_url = stack.enter_context(postgres_database(database_url))
        env = base_env(run_dir, redis_url, database_url)
        return measure(label, env, run_dir, args.posts, args.clients, args.concurrency, args.web_workers)


def child(args: argparse.Namespace) -> None:
    figures = run_one(args.child, os.environ.get("DATABASE_URL") if args.child == "postgresql" else None, args)
    print("FIGURES " + json.dumps(figures.__dict__ | {"states": dict(figures.states)}), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the REST trigger API.")
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients in the end-to-end phase")
    parser.add_argument("--concurrency", type=int, default=os.cpu_count() or 2, help="worker processes")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn worker processes (8 threads each)")
    parser.add_argument("--setting", action="append", default=[], metavar="NAME=VALUE",
                        help="an extra settings line (Python), to compare configurations")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return 0
    databases = ["sqlite"] + (["postgresql"] if os.environ.get("DATABASE_URL", "").startswith("postgres") else [])
    results = []
    for label in databases:
        done = subprocess.run([PYTHON, "-m", "bench.trigger_api", "--child", label, "--posts", str(args.posts),
                               "--clients", str(args.clients), "--concurrency", str(args.concurrency),
                               "--web-workers", str(args.web_workers),
                               *[f"--setting={line}" for line in args.setting]],
                              cwd=ROOT, capture_output=True, text=True)
        line = next((line for line in done.stdout.splitlines() if line.startswith("FIGURES ")), None)
        if done.returncode or line is None:
            print(done.stdout[-3000:], done.stderr[-3000:], file=sys.stderr)
            return 1
        results.append(json.loads(line[len("FIGURES "):]))

    print(f"\nREST trigger API benchmark ({args.posts} noop runs per row; gunicorn gthread {args.web_workers} workers; "
          f"worker prefork -c {args.concurrency}; {os.cpu_count()} CPUs)")
    print(f"{'database':<11}{'POST p50':>10}{'POST p99':>10}{'direct p50':>12}{'direct p99':>12}"
          f"{'e2e via API':>13}{'e2e direct':>12}{'web CPU/POST':>14}{'worker CPU/run':>16}  states")
    for r in results:
        print(f"{r['database']:<11}{r['post_p50']:>8.2f}ms{r['post_p99']:>8.2f}ms{r['direct_p50']:>10.2f}ms"
              f"{r['direct_p99']:>10.2f}ms{r['post_rate']:>9.0f} /s{r['direct_rate']:>8.0f} /s"
              f"{r['web_cpu_ms']:>12.2f}ms{r['worker_cpu_ms']:>14.2f}ms  {r['states']}")
        figure("trigger_api", f"enqueue p50 ({r['database']})", r["post_p50"], "ms", target="<= 15",
               baseline=f"apply_async {r['direct_p50']:.2f} ms")
        figure("trigger_api", f"enqueue p99 ({r['database']})", r["post_p99"], "ms", target="<= 50",
               baseline=f"apply_async {r['direct_p99']:.2f} ms")
        figure("trigger_api", f"end to end ({r['database']})", r["post_rate"], "runs/s", target=">= 200",
               baseline=f"apply_async {r['direct_rate']:.0f} runs/s")
    print("targets: enqueue p50 <= 15 ms, p99 <= 50 ms; >= 200 runs/s end to end")
    print("CPU per POST + CPU per run bounds the end-to-end rate at (CPUs x 1000) / (web + worker ms), before "
          "the client, Redis and the database take their share")
    print(f"load average after the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
