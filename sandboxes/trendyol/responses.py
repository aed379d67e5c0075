"""Error bodies in Trendyol's two documented shapes."""
from __future__ import annotations

from flask import Response, jsonify


def product_error(status: int, key: str, message: str) -> tuple[Response, int]:
    """Product/inventory services: `{"errors": [{"key", "message", "errorCode"}]}`."""
    return jsonify({"errors": [{"key": key, "message": message, "errorCode": key}]}), status


def auth_error(message: str) -> tuple[Response, int]:
    """401 with `exception: ClientApiAuthenticationException` (other fields inferred)."""
    from time import time

    body = {"timestamp": int(time() * 1000), "status": 401, "exception": "ClientApiAuthenticationException",
            "errors": [{"key": "unauthorized", "message": message, "errorCode": "unauthorized"}]}
    return jsonify(body), 401
