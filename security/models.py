"""API tokens, stored as a SHA-256 digest: the key itself is shown once, when it is made.

A key is 32 random bytes, so a plain (unsalted, fast) digest cannot be reversed by guessing;
a stolen database copy or backup does not hand out working credentials. The first characters
are kept apart so admin can tell tokens apart without knowing them.
"""
from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PREFIX_LENGTH = 8


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def issue(self, user, name: str = "") -> tuple[ApiToken, str]:
        """Make a token for `user`; returns it with its key, which is not stored and cannot be shown again."""
        key = secrets.token_urlsafe(32)
        return self.create(user=user, name=name, prefix=key[:PREFIX_LENGTH], digest=digest(key)), key

    def matching(self, key: str) -> ApiTokenQuerySet:
        return self.filter(digest=digest(key))


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("first characters"), max_length=PREFIX_LENGTH)
    digest = models.CharField(_("SHA-256 of the key"), max_length=64, unique=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ("-created",)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
