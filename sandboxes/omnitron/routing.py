"""A tiny router keyed by endpoint templates, so counts and faults use the reference's names.

A route is `(METHOD, "channel/{ch}/products/inserts/")`. Literal segments beat placeholders,
and the matched template is what `/_sandbox/counts` reports and what faults target.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sandboxes.omnitron.store import Store

Result = tuple[Any, int]


class ApiError(Exception):
    """Answered as JSON with `status` (every 4xx of the sandbox has a JSON body)."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(body)
        self.status, self.body = status, body


def not_found(what: str = "Not found.") -> ApiError:
    return ApiError(404, {"detail": what})


@dataclass
class Call:
    """One API request as handlers see it."""

    store: Store
    method: str
    template: str
    captures: dict[str, str]
    args: Any  # werkzeug MultiDict
    body: Any
    url: str
    headers: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ch(self) -> int:
        return int(self.captures["ch"])

    def pk(self, name: str = "pk") -> int:
        try:
            return int(self.captures[name])
        except ValueError:
            raise not_found() from None

    def json(self) -> dict[str, Any]:
        if not isinstance(self.body, dict):
            raise ApiError(400, {"non_field_errors": ["Invalid data. Expected a dictionary."]})
        return self.body


Handler = Callable[[Call], Result]


class Router:
    def __init__(self) -> None:
        self._routes: dict[tuple[str, int], list[tuple[tuple[str, ...], str, Handler]]] = {}

    def add(self, method: str, template: str, handler: Handler) -> None:
        parts = tuple(template.strip("/").split("/"))
        bucket = self._routes.setdefault((method, len(parts)), [])
        bucket.append((parts, template, handler))
        bucket.sort(key=lambda route: sum(p.startswith("{") for p in route[0]))

    def match(self, method: str, path: str) -> tuple[str, Handler, dict[str, str]] | None:
        if not path.endswith("/"):
            return None
        parts = path.strip("/").split("/")
        for pattern, template, handler in self._routes.get((method, len(parts)), []):
            captures: dict[str, str] = {}
            for want, got in zip(pattern, parts):
                if want.startswith("{"):
                    captures[want[1:-1]] = got
                elif want != got:
                    break
            else:
                return template, handler, captures
        return None

    def templates(self) -> list[str]:
        return sorted(f"{m} {t}" for (m, _), routes in self._routes.items() for _, t, _ in routes)
