"""Channel configuration fields an adapter declares, and their validation.

An Omnitron channel stores its marketplace settings in a free-form `conf` dict, often
with every value as a string. Each adapter lists the keys it reads as `ConfField`s, so the
admin can show a form, secrets can be masked in logs, and a missing credential fails at
construction with the key's name instead of as a 401 halfway through a sync.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from channel.adapters.errors import AdapterConfigError

ConfType = Literal["str", "int", "float", "bool", "url", "choice"]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class ConfField:
    """One key of the channel conf: how to read it and how to present it."""

    key: str
    type: ConfType = "str"
    required: bool = True
    secret: bool = False
    help: str = ""
    default: Any = None
    choices: tuple[str, ...] = ()

    def parse(self, raw: Any) -> Any:
        """Return `raw` converted to this field's type; raise ValueError when it does not fit."""
        if self.type == "int":
            return int(raw)
        if self.type == "float":
            return float(raw)
        if self.type == "bool":
            return _parse_bool(raw)
        value = str(raw).strip()
        if self.type == "url" and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        if self.type == "choice" and value not in self.choices:
            raise ValueError(f"must be one of {', '.join(self.choices)}")
        return value


def _parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError("must be a boolean")


def parse_conf(fields: Iterable[ConfField], conf: Mapping[str, Any]) -> dict[str, Any]:
    """Validate `conf` against `fields`; return typed values (defaults filled in).

    Keys not declared are dropped, so an adapter only ever sees what it declared. Every
    problem is collected and raised together as one `AdapterConfigError`.
    """
    parsed: dict[str, Any] = {}
    problems: list[str] = []
    for field in fields:
        raw = conf.get(field.key)
        if raw is None or raw == "":
            if field.required and field.default is None:
                problems.append(f"{field.key}: required ({field.help})" if field.help else f"{field.key}: required")
            parsed[field.key] = field.default
            continue
        try:
            parsed[field.key] = field.parse(raw)
        except (TypeError, ValueError) as exc:
            problems.append(f"{field.key}: {exc}")
    if problems:
        raise AdapterConfigError("invalid channel conf: " + "; ".join(problems))
    return parsed


def masked(fields: Iterable[ConfField], conf: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of `conf` safe to log or show: secret fields replaced by '***'."""
    secrets = {field.key for field in fields if field.secret}
    return {key: ("***" if key in secrets and value else value) for key, value in conf.items()}
