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


class PendingPush(models.Model):
    """Write-ahead record of one marketplace write, kept from before the push until `done`.

    Written before the batch is committed and the chunk pushed, completed with the remote
    batch ids the moment the marketplace answers, deleted when the Omnitron batch is finished.
    A run that finds one for a batch nobody holds any more learns what the killed run was
    doing and asks the marketplace what arrived instead of pushing again (`channel.flows.writeahead`).
    """

    batch_pk = models.BigIntegerField(primary_key=True)  # Omnitron's batch request id
    channel_id = models.IntegerField()
    flow = models.CharField(max_length=100)
    content_type = models.CharField(max_length=50)
    keys = models.JSONField(default=list)  # marketplace keys (barcodes) of the items pushed
    phase = models.CharField(max_length=20, default="committing")  # committing, pushing, pushed
    remote_batch_ids = models.JSONField(default=list)  # empty until the marketplace answered
    lock_key = models.CharField(max_length=200)  # the run's lock and token: alive while held
    lock_token = models.CharField(max_length=100)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pending marketplace write")
