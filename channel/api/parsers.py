"""The API's JSON parser: DRF's, with the size and nesting bounds of security.bodies."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

from security import bodies


class BodyTooLarge(APIException):
    status_code = 413
    default_detail = "Request body too large."
    default_code = "body_too_large"


class BoundedJSONParser(JSONParser):
    """Reads at most JSON_BODY_MAX_BYTES + 1 bytes; too large → 413, too deep or not JSON → 400."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        body = stream.read(bodies.max_bytes() + 1) if stream is not None else b""
        try:
            return bodies.loads(body)
        except bodies.BodyTooLarge as exc:
            raise BodyTooLarge(str(exc)) from None
        except bodies.BodyRefused as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
