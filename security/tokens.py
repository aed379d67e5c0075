"""A user's API tokens end when their password changes or the account is deactivated.

Tokens are handed to scripts, often long ago: whoever resets a leaked password or disables a
departing operator expects every credential of that account to stop working, not only the
password. Connected from SecurityConfig.ready(); one extra query per save that touches the
password or is_active (a login's `last_login` update does not).
"""
from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_save

from security.models import ApiToken

logger = logging.getLogger("security.audit")

WATCHED = frozenset({"password", "is_active"})


def note_credential_change(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    instance._revoke_api_tokens = False
    if instance.pk is None or (update_fields is not None and not WATCHED & set(update_fields)):
        return
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    instance._revoke_api_tokens = (before["password"] != instance.password
                                   or (before["is_active"] and not instance.is_active))


def revoke_after_change(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if getattr(instance, "_revoke_api_tokens", False):
        count, _ = ApiToken.objects.filter(user=instance).delete()
        instance._revoke_api_tokens = False
        if count:
            logger.warning("revoked %s API token(s) of user %s: password changed or account deactivated",
                           count, instance.pk)


def connect() -> None:
    user_model = get_user_model()
    pre_save.connect(note_credential_change, sender=user_model, dispatch_uid="security.note_credential_change")
    post_save.connect(revoke_after_change, sender=user_model, dispatch_uid="security.revoke_after_change")
