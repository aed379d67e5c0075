"""Serve a sandbox's WSGI app: one process (its state lives in memory), a pool of threads,
and HTTP keep-alive.

Werkzeug's development server answers every request with `Connection: close`, so each call
costs the client a new TCP connection and the server a new thread: at thousands of calls
per run that overhead, not the engine, set the pace. Gunicorn's threaded worker keeps
connections open and reuses its threads, like the servers a real API sits behind.
"""
from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class ThreadedServer(BaseApplication):  # type: ignore[misc]
    """`ThreadedServer(app, host, port, threads=16).run()` blocks until SIGTERM/SIGINT."""

    def __init__(self, app: Any, host: str, port: int, *, threads: int = 16) -> None:
        self.application = app
        self.options = {
            "bind": f"{host}:{port}",
            "workers": 1,  # never more: a second process would have its own tables
            "worker_class": "gthread",
            "threads": threads,
            "keepalive": 30,
            "preload_app": True,  # the app (and its seed data) is built before the worker forks
            "graceful_timeout": 3,
            "limit_request_line": 0,  # long `__in` id lists, as Werkzeug accepted them
            "accesslog": None,
            "loglevel": "warning",
        }
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self) -> Any:
        return self.application
