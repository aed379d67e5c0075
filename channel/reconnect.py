"""Database statements that survive a connection the server cut (a restart, a failover,
`pg_terminate_backend`): the broken connection is dropped and the statement runs once more.

Django reopens a connection on the next query, but only after the broken one is closed; until
then every statement on it fails. Used for our own small writes during a run (write-ahead
records, the order window), which may be repeated: updates, deletes, upserts and reads.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from django.db import InterfaceError, OperationalError, connection

logger = logging.getLogger(__name__)

T = TypeVar("T")
LOST = (OperationalError, InterfaceError)


def reconnecting(statement: Callable[[], T]) -> T:
    """`statement()`, run again on a fresh connection when the first try lost it; inside a
    transaction the error stands (the transaction's earlier work is gone with the connection)."""
    try:
        return statement()
    except LOST as exc:
        if connection.in_atomic_block:
            raise
        logger.warning("database connection lost (%s); reconnecting", exc)
        drop_broken()
        return statement()


def drop_broken() -> None:
    """Close this thread's connection if it no longer answers, so the next query opens a new one."""
    if connection.connection is not None and not connection.is_usable():
        connection.close()
