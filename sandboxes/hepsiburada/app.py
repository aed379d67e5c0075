"""Build the Hepsiburada sandbox Flask app: state, the request guard, one blueprint per service."""
from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, request

from sandboxes.hepsiburada import catalog, control, deletion, guard, listings, oms, stub, tickets, tracking
from sandboxes.hepsiburada import split  # noqa: F401  (its view joins the order service's blueprint)
from sandboxes.hepsiburada.state import State


def create_app(state: State | None = None) -> Flask:
    app = Flask("sandboxes.hepsiburada")
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    app.extensions["hepsiburada_sandbox"] = state or State()
    app.before_request(guard.before_request)
    app.after_request(guard.after_request)
    for module in (control, catalog, deletion, tickets, listings, oms, tracking, stub):
        app.register_blueprint(module.blueprint)
    app.register_error_handler(404, not_found)
    app.register_error_handler(405, not_allowed)
    return app


def not_found(exc: Exception) -> Any:
    """Unknown paths: the catalog's Spring-style body (e.g. the plural `attributes/{id}/values`)."""
    return jsonify({"status": 404, "error": "Not Found", "message": "Not Found", "path": request.path}), 404


def not_allowed(exc: Exception) -> Any:
    return jsonify({"status": 405, "error": "Method Not Allowed", "path": request.path}), 405
