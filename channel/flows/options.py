"""Typed, ranged flow options, and the one check every surface runs before a run is queued.

A flow declares its options with `options(steps=Int(0, min=0, max=1000), ...)`; the REST API,
the periodic task admin, `manage.py sync` and the Flower apply proxy all call `validate_options`
with the same declaration, so `{"steps": 1e30}` or `{"page_size": "big"}` is refused with the
option's name and its bounds instead of pinning a worker or failing inside it. `None` always
means "not given": the flow then uses its own default.
"""
from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from channel.flows.registry import Flow


class InvalidOptions(ValueError):
    """Options a flow cannot run with; `errors` maps each option name to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {message}" for name, message in sorted(errors.items())))
        self.errors = errors


@dataclass(frozen=True)
class Option:
    """One option: its type ("int", "float", "bool", "text" or "datetime"), default and bounds."""

    kind: str
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    max_length: int = 500
    help: str = ""

    def clean(self, value: Any) -> Any:
        """`value` if it fits, else ValueError saying why (in words an operator can act on)."""
        if value is None:
            return None
        checker = getattr(self, f"_{self.kind}")
        return checker(value)

    def describe(self) -> str:
        bounds = ""
        if self.minimum is not None and self.maximum is not None:
            bounds = f" from {self.minimum:g} to {self.maximum:g}"
        elif self.minimum is not None:
            bounds = f" of at least {self.minimum:g}"
        return {"int": "an integer", "float": "a number", "bool": "true or false",
                "text": f"a text of at most {self.max_length} characters",
                "datetime": "an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z"}[self.kind] + bounds

    def _in_range(self, value: float) -> None:
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            raise ValueError(f"must be {self.describe()}; got {value!r}")

    def _int(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"must be {self.describe()}; got {value!r}")
        self._in_range(value)
        return value

    def _float(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(f"must be {self.describe()}; got {value!r}")
        self._in_range(value)
        return value

    def _bool(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise ValueError(f"must be {self.describe()}; got {value!r}")
        return value

    def _text(self, value: Any) -> str:
        if not isinstance(value, str) or len(value) > self.max_length:
            raise ValueError(f"must be {self.describe()}")
        return value

    def _datetime(self, value: Any) -> str:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            raise ValueError(f"must be {self.describe()} with its time zone; got {value!r}")
        return value


def Int(default: int | None = None, *, min: int | None = None, max: int | None = None, help: str = "") -> Option:
    return Option("int", default, min, max, help=help)


def Float(default: float | None = None, *, min: float | None = None, max: float | None = None,
          help: str = "") -> Option:
    return Option("float", default, min, max, help=help)


def Bool(default: bool | None = None, *, help: str = "") -> Option:
    return Option("bool", default, help=help)


def Text(default: str | None = None, *, max_length: int = 500, help: str = "") -> Option:
    return Option("text", default, max_length=max_length, help=help)


def When(default: str | None = None, *, help: str = "") -> Option:
    return Option("datetime", default, help=help)


class OptionSet(Mapping[str, Any]):
    """A flow's declared options: a mapping name -> default (what `Flow.options` reads as), plus
    the declarations themselves in `declared`."""

    def __init__(self, declared: Mapping[str, Option]) -> None:
        untyped = sorted(name for name, option in declared.items() if not isinstance(option, Option))
        if untyped:
            raise TypeError(f"declare these options with Int/Float/Bool/Text/When: {', '.join(untyped)}")
        self.declared: dict[str, Option] = dict(declared)

    def __getitem__(self, name: str) -> Any:
        return self.declared[name].default

    def __iter__(self) -> Iterator[str]:
        return iter(self.declared)

    def __len__(self) -> int:
        return len(self.declared)

    def __repr__(self) -> str:
        return f"OptionSet({self.declared!r})"


def validate_options(flow: Flow, values: Any) -> dict[str, Any]:
    """`values` checked against `flow`'s declarations: the cleaned options, or InvalidOptions.

    The one check behind the REST API (400), the periodic task admin (form error), `manage.py
    sync` (CommandError) and the Flower apply proxy (400).
    """
    if not isinstance(values, Mapping):
        raise InvalidOptions({"kwargs": "must be a JSON object of option names and values"})
    declared = getattr(flow.options, "declared", {})
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        option = declared.get(name)
        if option is None:
            known = ", ".join(sorted(declared)) or "no options"
            errors[str(name)] = f"unknown option for flow {flow.name}; it accepts: {known}"
            continue
        try:
            cleaned[name] = option.clean(value)
        except ValueError as exc:
            errors[name] = str(exc)
    if errors:
        raise InvalidOptions(errors)
    return cleaned
