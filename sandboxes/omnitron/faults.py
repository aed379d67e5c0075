"""Injected faults: errors per endpoint (with a rate and a count), latency, 429 + Retry-After."""
from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class Fault:
    """`endpoint` is "*", "METHOD *" (every call of one method: "GET *" fails reads only),
    a template ("channel/{ch}/products/") or "METHOD template"."""

    endpoint: str = "*"
    status: int | None = None
    rate: float = 1.0
    times: int | None = None
    retry_after: float | None = None
    latency: float = 0.0
    body: Any = None

    def matches(self, key: str) -> bool:
        method, template = key.split(" ", 1)
        return self.endpoint in ("*", f"{method} *", key, template)

    def response_body(self) -> Any:
        if self.body is not None:
            return self.body
        return {"detail": f"Injected fault: HTTP {self.status}"}


class Faults:
    def __init__(self, seed: int = 0) -> None:
        self.items: list[Fault] = []
        self.rng = random.Random(seed)

    def add(self, spec: dict[str, Any]) -> Fault:
        fields = set(Fault.__dataclass_fields__)
        unknown = set(spec) - fields
        if unknown:
            raise ValueError(f"unknown fault fields: {sorted(unknown)}")
        fault = Fault(**spec)
        self.items.append(fault)
        return fault

    def clear(self) -> None:
        self.items.clear()

    def pick(self, key: str) -> Fault | None:
        """The first matching fault that fires for this request (consumes one of its `times`)."""
        for fault in self.items:
            if not fault.matches(key) or self.rng.random() >= fault.rate:
                continue
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self.items.remove(fault)
            return fault
        return None

    def describe(self) -> list[dict[str, Any]]:
        return [asdict(f) for f in self.items]
