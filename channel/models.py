"""Permissions for the sync control surfaces, hung on a model that has no table.

Django permissions need a content type; the unmanaged `Dashboard` model gives the `channel`
app one, so `channel.view_sync` and `channel.trigger_sync` can be granted in admin, and the
model's admin changelist is the Sync dashboard (/admin/channel/dashboard/).
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Dashboard(models.Model):
    """The Sync dashboard; never queried."""

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("sync dashboard")
        verbose_name_plural = _("sync dashboard")
        permissions = [
            ("view_sync", _("Can view syncs (dashboard, runs, API reads)")),
            ("trigger_sync", _("Can trigger syncs (Run now, Dry run, REST API, periodic task action)")),
        ]


VIEW_PERMISSION = "channel.view_sync"
TRIGGER_PERMISSION = "channel.trigger_sync"
