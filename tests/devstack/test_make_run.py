"""`make run` as a new user runs it: a fresh clone, no .env, no var/, only CI's environment.

The clone reuses the suite's virtualenv (a symlink at `.venv`, its stamp newer than the clone's
requirements, so make does not reinstall); every other step is the README's: Makefile →
scripts/devstack.py → honcho with Procfile.dev. Ctrl-C is a SIGINT to make's process group, as a
terminal sends it. Ports are read from the `.env` devstack writes, never assumed.
"""
from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.fixtures.processes import ROOT, port_open, wait_until

pytestmark = [pytest.mark.devstack, pytest.mark.timeout(900)]

# The variables a CI runner has; nothing from the suite (DJANGO_SETTINGS_MODULE, BROKER_URL, ...).
CI_VARIABLES = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER")
PORT_KEYS = ("DEVSTACK_WEB_PORT", "DEVSTACK_FLOWER_PORT", "DEVSTACK_OMNITRON_PORT",
             "DEVSTACK_TRENDYOL_PORT", "DEVSTACK_HEPSIBURADA_PORT", "DEVSTACK_REDIS_PORT")
CHANNELS = {1: "trendyol", 2: "hepsiburada"}  # the demo's two stores
START_TIMEOUT = 300  # a loaded 2-core CI machine; a quiet one needs well under a minute


def fresh_clone(target: Path) -> Path:
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(target)], check=True)
    assert not (target / ".env").exists() and not (target / "var").exists()
    venv = Path(sys.prefix)
    (target / ".venv").symlink_to(venv)
    stamp = venv / ".installed"
    if stamp.exists():  # the venv was built from these same requirements: make must not rebuild it
        older = stamp.stat().st_mtime - 60
        for name in ("requirements.txt", "requirements-dev.txt"):
            os.utime(target / name, (older, older))
    return target


def ci_environment() -> dict[str, str]:
    return {name: os.environ[name] for name in CI_VARIABLES if name in os.environ}


def read_env(clone: Path) -> dict[str, str]:
    path = clone / ".env"
    if not path.exists():
        return {}
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line and line[0] != "#")


def descendants(root_pid: int) -> set[tuple[int, str]]:
    """(pid, start time) of every process below root_pid, whatever session it moved to."""
    parents: dict[int, list[tuple[int, str]]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append((int(entry.name), fields[19]))
    found: set[tuple[int, str]] = set()
    todo = [root_pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.add(child)
            todo.append(child[0])
    return found


def alive(process: tuple[int, str]) -> bool:
    try:
        fields = Path(f"/proc/{process[0]}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[19] == process[1] and fields[0] != "Z"


def sync_results(clone: Path, flow: str = "products_sync") -> list[dict]:
    """Successful results of `flow` in the clone's database (django-celery-results' table)."""
    database = clone / "var" / "db.sqlite3"
    if not database.exists():
        return []
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as connection:
            rows = connection.execute(
                "SELECT result FROM django_celery_results_taskresult"
                " WHERE task_name = ? AND status = 'SUCCESS'", (f"channel.{flow}",)).fetchall()
    except sqlite3.OperationalError:  # not migrated yet, or locked for a moment
        return []
    return [json.loads(row[0]) for row in rows]


@dataclass
class Timings:
    healthy_s: float
    admin_s: float
    products_sync_s: float


def synced_channels(clone: Path) -> dict[int, int]:
    """channel id -> successful products_sync runs so far."""
    found: dict[int, int] = {}
    for result in sync_results(clone):
        found[result["channel_id"]] = found.get(result["channel_id"], 0) + 1
    return found


def demo_flows_done(clone: Path) -> bool:
    """Both demo channels have synced prices and stocks and imported a demo order."""
    done = {flow: {result["channel_id"] for result in sync_results(clone, flow)
                   if result["failed"] == 0 and (flow != "orders_import" or result["orders"].get("created"))}
            for flow in ("prices_sync", "stocks_sync", "orders_import")}
    return all(set(CHANNELS) <= channels for channels in done.values())


def make_run_until_synced(clone: Path, log: Path) -> tuple[subprocess.Popen, Timings]:
    """Start `make run` and wait for /healthz, the admin login page and a new successful products_sync
    of each demo channel (Trendyol and Hepsiburada)."""
    syncs_before = synced_channels(clone)
    started = time.monotonic()
    with log.open("ab") as output:
        make = subprocess.Popen(["make", "run"], cwd=clone, env=ci_environment(), stdout=output,
                                stderr=subprocess.STDOUT, start_new_session=True)

    def failed() -> bool:
        return make.poll() is not None

    def get(path: str) -> int:
        try:
            return requests.get(f"http://127.0.0.1:{read_env(clone)['DEVSTACK_WEB_PORT']}{path}", timeout=2).status_code
        except (requests.RequestException, KeyError):
            return 0

    try:
        wait_until(lambda: failed() or get("/healthz") == 200, START_TIMEOUT, "/healthz to answer 200")
        healthy = time.monotonic() - started
        wait_until(lambda: failed() or get("/admin/login/") == 200, 60, "the admin login page")
        admin = time.monotonic() - started
        wait_until(lambda: failed() or all(synced_channels(clone).get(channel, 0) > syncs_before.get(channel, 0)
                                           for channel in CHANNELS), START_TIMEOUT,
                   "a successful products_sync of both channels")
        synced = time.monotonic() - started
    except TimeoutError:
        stop(make)
        raise AssertionError(f"make run did not come up; its output:\n{log.read_text()[-6000:]}")
    assert not failed(), f"make run exited with {make.returncode}:\n{log.read_text()[-6000:]}"
    return make, Timings(round(healthy, 1), round(admin, 1), round(synced, 1))


def stop(make: subprocess.Popen) -> None:
    """Ctrl-C: SIGINT to the foreground process group make leads."""
    os.killpg(make.pid, signal.SIGINT)
    make.wait(60)


def ctrl_c_stops_everything(make: subprocess.Popen, clone: Path, log: Path) -> None:
    started = descendants(make.pid)
    assert len(started) >= 9, f"expected the whole stack below make, found {len(started)} processes"
    stop(make)
    wait_until(lambda: not any(alive(process) for process in started), 30, "every started process to exit")
    ports = {key: int(value) for key, value in read_env(clone).items() if key in PORT_KEYS}
    assert set(ports) == set(PORT_KEYS)
    still_open = {key: port for key, port in ports.items() if port_open("127.0.0.1", port)}
    assert not still_open, f"ports still listening after Ctrl-C: {still_open}"
    output = log.read_text()
    assert "make: ***" not in output, output[-3000:]
    assert "devstack: every process stopped" in output


STAMPED = re.compile(r"^(\d\d):(\d\d):\d\d \S+ +\| .*?\d{4}-\d\d-\d\d[ T](\d\d):(\d\d)", re.M)


def output_once_in_one_zone(output: str) -> None:
    """Each seeded schedule is printed once; honcho's time stamp and the app's own agree (one zone)."""
    for channel in CHANNELS:
        seeded = [line for line in output.splitlines() if f"products_sync · channel {channel}" in line]
        assert len(seeded) == 1, seeded
    stamped = [tuple(map(int, match)) for match in STAMPED.findall(output)]
    assert stamped, output[-3000:]
    apart = [(h1, m1, h2, m2) for h1, m1, h2, m2 in stamped if min((h1 * 60 + m1 - h2 * 60 - m2) % 1440,
                                                                      (h2 * 60 + m2 - h1 * 60 - m1) % 1440) > 1]
    assert not apart, f"honcho and app time stamps in different zones: {apart[:3]}"


def test_make_run_from_a_fresh_clone_then_again(tmp_path):
    clone = fresh_clone(tmp_path / "clone")
    first_log, second_log = tmp_path / "first-run.log", tmp_path / "second-run.log"

    make, first = make_run_until_synced(clone, first_log)
    first_syncs = {summary["channel_id"]: summary for summary in reversed(sync_results(clone))}
    for channel, marketplace in CHANNELS.items():
        summary = first_syncs[channel]
        assert summary["sent"] > 0 and summary["failed"] == 0 and summary["marketplace"] == marketplace, summary
    try:  # the demo's first orders come 30 s after start, on both marketplaces
        wait_until(lambda: demo_flows_done(clone), START_TIMEOUT, "prices, stocks and a demo order on both channels")
    except TimeoutError:
        stop(make)
        raise AssertionError(f"the demo flows did not finish; make run's output:\n{first_log.read_text()[-6000:]}")
    env = read_env(clone)
    assert env["DEBUG"] == "true" and env["SECRET_KEY"] and env["OMNITRON_URL"].startswith("http://127.0.0.1:")
    assert "created admin user 'admin' with password" in first_log.read_text()
    output_once_in_one_zone(first_log.read_text())
    ctrl_c_stops_everything(make, clone, first_log)

    make, second = make_run_until_synced(clone, second_log)
    assert "an admin user exists already" in second_log.read_text()
    assert "wrote .env" not in second_log.read_text()
    ctrl_c_stops_everything(make, clone, second_log)

    print(f"\nmake run, fresh clone: healthz {first.healthy_s} s, admin {first.admin_s} s, "
          f"first products_sync {first.products_sync_s} s; second run: healthz {second.healthy_s} s, "
          f"admin {second.admin_s} s, products_sync {second.products_sync_s} s")
