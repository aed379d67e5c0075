"""The Flask app: one dispatcher for `/api/v1/...` (count, fault, auth, handle) plus `/_sandbox/`."""
from __future__ import annotations

import json
import threading
import time
from collections import deque
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import ClientDisconnected

from sandboxes.omnitron.api import build_router
from sandboxes.omnitron.control import control_blueprint
from sandboxes.omnitron.faults import Faults
from sandboxes.omnitron.listings import Listings
from sandboxes.omnitron.routing import ApiError, Call
from sandboxes.omnitron.seed import SeedConfig, seed_base, seed_products
from sandboxes.omnitron.store import Store

METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"]
PUBLIC_TEMPLATES = frozenset({"auth/login/"})


def json_response(body: Any, status: int, headers: dict[str, str] | None = None) -> Response:
    text = "" if body is None and status == 204 else json.dumps(body)
    return Response(text, status=status, headers=headers, mimetype="application/json")


class Sandbox:
    """State, router and faults of one sandbox process."""

    def __init__(self, config: SeedConfig) -> None:
        self.config = config
        self.store = Store()
        self.router = build_router()
        self.faults = Faults()
        self.journal: deque[dict[str, Any]] = deque(maxlen=1000)
        # Counters, journal and faults change on every request, reads included: a lock of their
        # own, held for a few dict operations, keeps them off the tables' lock.
        self.stats_lock = threading.Lock()
        self.reset()

    def reset(self, products: int | None = None) -> None:
        with self.store.lock, self.stats_lock:
            store = self.store
            store.clear({"token_ttl": self.config.token_ttl, "max_failures": 3, "max_limit": 50_000,
                         "filters": self.config.filters})
            Listings.attach(store)
            seed_base(store, self.config)
            seed_products(store, self.config.products if products is None else products)
            self.faults.clear()
            self.journal.clear()

    def handle(self, method: str, path: str) -> Response:
        match = self.router.match(method, path)
        key = f"{method} {match[0] if match else '<unmatched>'}"
        raw = self.raw_body()
        with self.stats_lock:
            self.store.counts[key] += 1
            self.journal.append({"endpoint": key, "path": path, "query": request.query_string.decode(),
                                 "body": (raw or b"").decode("utf-8", "replace")})
            fault = self.faults.pick(key)
        if fault is not None:
            if fault.latency:
                time.sleep(fault.latency)  # the injected latency itself
            if fault.status:
                headers = {"Retry-After": str(int(fault.retry_after))} if fault.retry_after is not None else None
                return json_response(fault.response_body(), fault.status, headers)
        if match is None:
            known = any(self.router.match(m, path) for m in METHODS if m != method)
            return json_response({"detail": f'Method "{method}" not allowed.'} if known else {"detail": "Not found."},
                                 405 if known else 404)
        template, handler, captures = match
        try:
            if template not in PUBLIC_TEMPLATES:
                self.authenticate()
            body = self.body(raw)
            with self.store.lock.shared() if method == "GET" else self.store.lock:
                if "ch" in captures and self.store.table("channels").get(captures["ch"]) is None:
                    raise ApiError(404, {"detail": "Not found."})
                call = Call(self.store, method, template, captures, request.args, body, request.base_url,
                            request.headers)
                result, status = handler(call)
        except ApiError as exc:
            return json_response(exc.body, exc.status)
        return json_response(result, status)

    def authenticate(self) -> None:
        header = request.headers.get("Authorization", "")
        if not header:
            raise ApiError(401, {"detail": "Authentication credentials were not provided."})
        scheme, _, token = header.partition(" ")
        expires = self.store.tokens.get(token) if scheme == "Token" else None
        if expires is None or expires < time.monotonic():
            raise ApiError(401, {"detail": "Invalid token."})

    @staticmethod
    def raw_body() -> bytes | None:
        """The request body, or None when it is shorter than its Content-Length: a client that
        went away mid-request (a killed worker). A real server then acts on nothing, and so does
        the sandbox: the request is answered 400 without touching the store."""
        try:
            data = request.get_data(cache=True)
        except ClientDisconnected:
            return None
        if request.content_length is not None and len(data) < request.content_length:
            return None
        return data

    @staticmethod
    def body(raw: bytes | None) -> Any:
        if raw is None:
            raise ApiError(400, {"detail": "Incomplete request body."})
        if not raw:
            return {}
        try:
            return json.loads(raw)
        except ValueError:
            raise ApiError(400, {"detail": "JSON parse error"}) from None


def create_app(config: SeedConfig) -> Flask:
    app = Flask(__name__)
    sandbox = Sandbox(config)
    app.extensions["omnitron_sandbox"] = sandbox

    @app.route("/api/v1/<path:path>", methods=METHODS)
    def api(path: str) -> Response:
        return sandbox.handle(request.method, path)

    app.register_blueprint(control_blueprint(sandbox))
    return app
