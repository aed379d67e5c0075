"""Signal receivers of the security app, connected once from SecurityConfig.ready()."""
from __future__ import annotations

import hashlib
import logging
from typing import Any

from axes.signals import user_locked_out
from django.core.cache import cache

from security import tokens
from security.throttle import cool_off_seconds

logger = logging.getLogger("security.audit")


def log_lockout(sender: Any, request: Any, username: str | None, ip_address: str | None, **kwargs: Any) -> None:
    """One audit line per lockout: axes signals again for every refused attempt while it lasts."""
    window = cool_off_seconds(request)
    digest = hashlib.sha256(f"{username}\0{ip_address}".encode()).hexdigest()
    if cache.add(f"security:lockout-logged:{digest}", 1, window or None):
        logger.warning("lockout: username=%s address=%s path=%s cool_off=%ss", username, ip_address,
                       getattr(request, "path", "-"), window)


def connect() -> None:
    user_locked_out.connect(log_lockout, dispatch_uid="security.log_lockout")
    tokens.connect()
