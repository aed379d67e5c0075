"""Reason ids between the marketplace and Omnitron: one table, one lookup.

Each direction reads a conf mapping {from id: to id} and falls back to a conf default, then to
ours. Keys are compared as strings (JSON conf keys are strings; marketplace ids may be ints).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from channel.flows.runtime import Runtime


@dataclass(frozen=True)
class ReasonMap:
    mapping: str  # conf key of {from id: to id}
    fallback: str  # conf key of the id used when unmapped
    default: str  # used when the conf sets no fallback


CANCEL = ReasonMap("reason_mapping", "cancellation_reason_id", "1")  # marketplace cancel code -> Omnitron
UNSUPPLIED = ReasonMap("unsupplied_reason_mapping", "unsupplied_reason_id", "500")  # Omnitron -> marketplace
CLAIM = ReasonMap("claim_reason_mapping", "claim_reason_id", "10")  # marketplace claim reason -> Omnitron


def translate(rt: Runtime, table: ReasonMap, reason: object) -> str:
    """The other side's reason id for `reason` under the channel conf."""
    mapping = {str(key): value for key, value in dict(rt.conf.get(table.mapping) or {}).items()}
    return str(mapping.get(str(reason)) or rt.conf.get(table.fallback) or table.default)
