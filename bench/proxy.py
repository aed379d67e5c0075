"""Benchmark the /flower/ proxy: latency added over direct Flower, and memory while streaming.

Starts its own Redis, Celery worker, Flower, a recording upstream and gunicorn (gthread,
one worker so its RSS is the proxy's), then prints one table:

  * p50/p99 of `/flower/api/workers` and a static asset, direct to Flower (its own Basic
    auth) and through the proxy (a logged-in Django session), requests interleaved so both
    see the same machine state; the baseline is the direct figure from the same run;
  * `/flower/api/workers` through the proxy with HTTP Basic and the user's Django password (the
    seeds' curl), interleaved with the rows above, the verified credential remembered
    (BASIC_AUTH_TTL, default); its baseline is the same request on a second gunicorn with
    BASIC_AUTH_TTL=0, where every request runs the password hasher (fewer requests: ~0.3 s each);
  * a 100 MB upstream body streamed through the proxy: throughput, and the gunicorn
    worker's VmHWM/VmRSS before and after.

Run: `.venv/bin/python -m bench.proxy [--requests 400] [--stream-mb 100]`.
Targets: +2 ms at p50, +10 ms at p99, RSS +20 MB for 100 MB; Basic p50 within 2x of session p50.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from bench.report import figure
from tests.fixtures.processes import (
    PYTHON, ROOT, Process, free_port, http_ready, port_open, redis_server, start_process, wait_until,
)

FLOWER_AUTH = ("bench-flower", "bench-flower-password")
USER, PASSWORD = "bench", "bench-password"


def base_env(run_dir: Path, redis_url: str) -> dict[str, str]:
    """Production settings (DEBUG off) pointed at this run's Redis, SQLite file and static root.

    Persistent database connections as in production (PostgreSQL gets CONN_MAX_AGE=60 from
    settings); SQLite would otherwise reopen its file and rerun its PRAGMAs on every request.
    """
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false", "OMNITRON_ALLOW_HTTP": "true", "SECRET_KEY": "bench-secret",
        "OMNITRON_URL": "http://127.0.0.1:9/", "OMNITRON_USERNAME": "x", "OMNITRON_PASSWORD": "x",
        "FLOWER_BASIC_AUTH": ":".join(FLOWER_AUTH), "BROKER_URL": f"{redis_url}/1", "CACHE_URL": f"{redis_url}/2",
        "DATABASE_URL": f"sqlite:///{run_dir / 'bench.sqlite3'}?conn_max_age=60", "STATIC_ROOT": str(run_dir / "static"),
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env={**os.environ, **env}, check=True,
                   stdout=subprocess.DEVNULL)


def prepare_database(env: dict[str, str]) -> None:
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "shell", "-c", (
        "from django.contrib.auth.models import User, Permission\n"
        f"u = User.objects.create_user({USER!r}, password={PASSWORD!r}, is_staff=True)\n"
        "u.user_permissions.set(Permission.objects.filter(content_type__app_label='proxy'))"
    ))


def start_stack(stack: contextlib.ExitStack, run_dir: Path) -> dict[str, str | Process]:
    """Redis, worker, Flower, recorder, and one gunicorn in front of each of the last two."""
    redis_url, _ = stack.enter_context(redis_server(run_dir))
    env = base_env(run_dir, redis_url)
    prepare_database(env)

    def started(name: str, args: list[str], extra: dict[str, str] | None = None, ready=None) -> Process:
        proc = start_process(name, args, run_dir, env={**env, **(extra or {})}, ready=ready)
        stack.callback(proc.stop)
        return proc

    def gunicorn(name: str, upstream: str, extra: dict[str, str] | None = None) -> tuple[str, Process]:
        port = free_port()
        proc = started(name, [PYTHON, "-m", "gunicorn", "config.wsgi", "-c", "python:config.gunicorn"], {
            "FLOWER_URL": upstream, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1", **(extra or {}),
        }, ready=http_ready(f"http://127.0.0.1:{port}/healthz"))
        return f"http://127.0.0.1:{port}", proc

    worker = started("worker", [PYTHON, "-m", "celery", "-A", "config", "worker", "-l", "INFO", "-c", "2",
                                "-n", "bench@%h"])
    wait_until(lambda: " ready." in worker.log(), 60, "the worker")
    flower_port, recorder_port = free_port(), free_port()
    flower = f"http://127.0.0.1:{flower_port}"
    started("flower", [PYTHON, "-m", "celery", "-A", "config", "flower", "--address=127.0.0.1",
                       f"--port={flower_port}"], ready=http_ready(flower + "/flower/healthcheck"))
    recorder = f"http://127.0.0.1:{recorder_port}"
    started("recorder", [PYTHON, "-m", "tests.proxy.recorder", "--port", str(recorder_port)],
            ready=lambda: port_open("127.0.0.1", recorder_port))
    web, _ = gunicorn("gunicorn-flower", flower)
    web_unremembered, _ = gunicorn("gunicorn-flower-ttl0", flower, {"BASIC_AUTH_TTL": "0"})
    web_stream, web_stream_proc = gunicorn("gunicorn-stream", recorder)
    return {"flower": flower, "recorder": recorder, "web": web, "web_unremembered": web_unremembered,
            "web_stream": web_stream, "web_stream_proc": web_stream_proc}


def login(web: str) -> requests.Session:
    """A browser-like session: log in through the admin form, keep the session cookie."""
    session = requests.Session()
    page = session.get(web + "/admin/login/?next=/flower/")
    session.post(page.url, data={"username": USER, "password": PASSWORD, "next": "/flower/",
                                 "csrfmiddlewaretoken": session.cookies["csrftoken"]}, headers={"Referer": page.url})
    if "sessionid" not in session.cookies:
        raise RuntimeError("admin login failed")
    return session


def timed_get(session: requests.Session, url: str, expect: int = 200) -> float:
    started = time.perf_counter()
    response = session.get(url, allow_redirects=False)
    elapsed = time.perf_counter() - started
    if response.status_code != expect:
        raise RuntimeError(f"GET {url} -> {response.status_code}")
    return elapsed * 1000


def percentile(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def interleaved(targets: list[tuple[requests.Session, str, int]], count: int) -> list[list[float]]:
    """Time each (session, url, status) in turn, `count` rounds after 20 warm-up rounds."""
    samples: list[list[float]] = [[] for _ in targets]
    for round_ in range(count + 20):
        for i, (session, url, expect) in enumerate(targets):
            elapsed = timed_get(session, url, expect)
            if round_ >= 20:
                samples[i].append(elapsed)
    return samples


def worker_pid(master: Process) -> int:
    children = Path(f"/proc/{master.popen.pid}/task/{master.popen.pid}/children").read_text().split()
    if len(children) != 1:
        raise RuntimeError(f"expected one gunicorn worker, found {children}")
    return int(children[0])


def memory_kb(pid: int) -> dict[str, int]:
    status = Path(f"/proc/{pid}/status").read_text()
    return {key: int(re.search(rf"^{key}:\s+(\d+) kB", status, re.M).group(1)) for key in ("VmHWM", "VmRSS")}


def stream(session: requests.Session, url: str) -> tuple[int, float]:
    """Read the whole body, discarding it; returns (bytes, seconds)."""
    started = time.perf_counter()
    total = 0
    with session.get(url, stream=True) as response:
        response.raise_for_status()
        for chunk in response.raw.stream(1 << 20, decode_content=False):
            total += len(chunk)
    return total, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the /flower/ proxy.")
    parser.add_argument("--requests", type=int, default=400, help="timed requests per target and side")
    parser.add_argument("--stream-mb", type=int, default=100)
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        run_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-proxy-")))
        stack_ = start_stack(stack, run_dir)
        flower, recorder, web, web_stream = (stack_[k] for k in ("flower", "recorder", "web", "web_stream"))
        direct = requests.Session()
        direct.auth = FLOWER_AUTH
        proxied = login(web)
        basic = requests.Session()
        basic.auth = (USER, PASSWORD)
        floors: list[float] = []
        page = proxied.get(web + "/flower/")
        asset = re.search(r'/flower/static/[^"\'?]+\.css', page.text).group(0)
        rows = []
        workers = "/flower/api/workers"
        a, b, floor, c = interleaved([(direct, flower + workers, 200), (proxied, web + workers, 200),
                                      (proxied, web + "/flower", 302), (basic, web + workers, 200)], args.requests)
        rows.append((workers, percentile(a, 50), percentile(b, 50), percentile(a, 99), percentile(b, 99)))
        floors.extend(floor)
        auth_rows = [("direct (Flower's own Basic)", a), ("session (admin login)", b), ("Basic, remembered", c)]
        path = asset
        a, b, floor = interleaved([(direct, flower + path, 200), (proxied, web + path, 200),
                                   (proxied, web + "/flower", 302)], args.requests)
        rows.append((f"static {asset}", percentile(a, 50), percentile(b, 50), percentile(a, 99), percentile(b, 99)))
        floors.extend(floor)
        hashed_requests = max(20, args.requests // 10)
        (hashed,) = interleaved([(basic, stack_["web_unremembered"] + workers, 200)], hashed_requests)
        auth_rows.append((f"Basic, BASIC_AUTH_TTL=0 ({hashed_requests} requests)", hashed))

        pid = worker_pid(stack_["web_stream_proc"])
        streamer = login(web_stream)
        size = args.stream_mb * 1_000_000
        stream(streamer, web_stream + "/flower/big?size=1000000")  # warm the code path before measuring
        before = memory_kb(pid)
        sent, seconds = stream(streamer, web_stream + f"/flower/big?size={size}")
        after = memory_kb(pid)
        direct_sent, direct_seconds = stream(requests.Session(), recorder + f"/flower/big?size={size}")

    print(f"\n/flower/ proxy benchmark ({args.requests} interleaved requests per row; gunicorn gthread, 1 worker)")
    print(f"{'target':<44}{'direct p50':>11}{'proxy p50':>11}{'added':>8}{'direct p99':>12}{'proxy p99':>11}{'added':>8}")
    for label, d50, p50, d99, p99 in rows:
        print(f"{label:<44}{d50:>9.2f}ms{p50:>9.2f}ms{p50 - d50:>6.2f}ms{d99:>10.2f}ms{p99:>9.2f}ms{p99 - d99:>6.2f}ms")
    print(f"{'floor: GET /flower (302 by Django, no DB, no upstream)':<55}"
          f"p50 {percentile(floors, 50):.2f}ms  p99 {percentile(floors, 99):.2f}ms")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"\n{workers} by caller authentication (same run; the first three interleaved)")
    session_p50 = percentile(auth_rows[1][1], 50)
    for label, samples in auth_rows:
        p50 = percentile(samples, 50)
        print(f"  {label:<44}p50 {p50:>8.2f}ms  p99 {percentile(samples, 99):>8.2f}ms  "
              f"{p50 / session_p50:>6.2f}x session p50")
    basic_p50, basic_p99 = percentile(auth_rows[2][1], 50), percentile(auth_rows[2][1], 99)
    hashed_p50 = percentile(auth_rows[3][1], 50)
    figure("proxy", "Basic auth p50 (remembered)", round(basic_p50, 2), "ms",
           target=f"<= 2x session p50 ({2 * session_p50:.2f} ms)",
           baseline=f"session {session_p50:.2f} ms; every request hashed {hashed_p50:.1f} ms")
    figure("proxy", "Basic auth p99 (remembered)", round(basic_p99, 2), "ms",
           baseline=f"session {percentile(auth_rows[1][1], 99):.2f} ms")
    for label, d50, p50, d99, p99 in rows:
        figure("proxy", f"{label}: added p50", round(p50 - d50, 2), "ms", target="<= 2", baseline=f"direct {d50:.2f} ms")
        figure("proxy", f"{label}: added p99", round(p99 - d99, 2), "ms", target="<= 10", baseline=f"direct {d99:.2f} ms")
    figure("proxy", f"web RSS growth streaming {args.stream_mb} MB", round((after["VmHWM"] - before["VmHWM"]) / 1024, 1),
           "MB", target="<= 20")
    print("targets: added p50 <= 2 ms, added p99 <= 10 ms")
    assert sent == size and direct_sent == size, (sent, direct_sent, size)
    print(f"\nstreamed {sent / 1e6:.0f} MB through the proxy in {seconds:.2f}s ({sent / 1e6 / seconds:.0f} MB/s); "
          f"direct from upstream {direct_seconds:.2f}s ({direct_sent / 1e6 / direct_seconds:.0f} MB/s)")
    print(f"gunicorn worker pid {pid}: VmHWM {before['VmHWM'] / 1024:.1f} -> {after['VmHWM'] / 1024:.1f} MB "
          f"(+{(after['VmHWM'] - before['VmHWM']) / 1024:.1f} MB), VmRSS {before['VmRSS'] / 1024:.1f} -> "
          f"{after['VmRSS'] / 1024:.1f} MB; target: +20 MB at most")


if __name__ == "__main__":
    sys.exit(main())
