"""Build the Trendyol sandbox Flask app: shared state, the request guard, the blueprints.

Feature areas are separate blueprints listed in `BLUEPRINTS` by dotted path
("module:attribute"); the orders work adds its own module here. A blueprint reaches the
shared state through `state.get_state()` and can register a reset callback with
`get_state().reset_hooks.append(...)`.
"""
from __future__ import annotations

import importlib

from flask import Flask

from sandboxes.trendyol import guard
from sandboxes.trendyol.state import SandboxState

BLUEPRINTS: tuple[str, ...] = (
    "sandboxes.trendyol.control:blueprint",
    "sandboxes.trendyol.catalog:blueprint",
    "sandboxes.trendyol.products:blueprint",
    "sandboxes.trendyol.listings:blueprint",
    "sandboxes.trendyol.order_api:blueprint",
    "sandboxes.trendyol.stream:blueprint",
    "sandboxes.trendyol.claims:blueprint",
    "sandboxes.trendyol.audits:blueprint",
    "sandboxes.trendyol.order_control:blueprint",
    "sandboxes.trendyol.webhooks:blueprint",
)


def create_app(state: SandboxState | None = None, blueprints: tuple[str, ...] = BLUEPRINTS) -> Flask:
    app = Flask("sandboxes.trendyol")
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    app.extensions["trendyol_sandbox"] = state or SandboxState()
    app.before_request(guard.before_request)
    app.after_request(guard.after_request)
    for path in blueprints:
        module, _, attribute = path.partition(":")
        app.register_blueprint(getattr(importlib.import_module(module), attribute))
    return app
