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


class PendingUnsupplied(models.Model):
    """Write-ahead record of one cancellation request sent to the marketplace as unsupplied.

    Written just before the call, kept until the request's integration action is a success.
    A run that finds one for a request still open knows a call may have reached the marketplace
    (a worker killed between the call and the record) and looks before calling again
    (`channel.flows.orders.unsupplied_records`).
    """

    channel_id = models.IntegerField()
    request_id = models.BigIntegerField()  # Omnitron's cancellation request id
    package_id = models.CharField(max_length=128)  # the package the call named
    unit_id = models.CharField(max_length=200)  # the unit the request is about
    empties_package = models.BooleanField()  # the call named every live unit of the package
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pending unsupplied call")
        constraints = [models.UniqueConstraint(fields=["channel_id", "request_id"], name="one_pending_unsupplied")]


class OrderSyncMark(models.Model):
    """How far one order flow of one channel has read the marketplace (its high-water mark).

    Durable on purpose: a cache flush or a Redis restart must neither send the next run back
    to its default horizon nor let it skip a change. `reconciled_to` is where the last
    reconciliation pass (a re-read of everything changed since then) ended.
    """

    channel_id = models.PositiveIntegerField()
    flow = models.CharField(max_length=64)
    mark = models.DateTimeField(help_text="end of the last window read completely (minus any failure)")
    reconciled_to = models.DateTimeField(null=True, blank=True)
    reconciled_at = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel_id", "flow"], name="one_mark_per_channel_flow")]
        verbose_name = _("order sync mark")
        verbose_name_plural = _("order sync marks")

    def __str__(self) -> str:
        return f"{self.flow} of channel {self.channel_id} at {self.mark.isoformat()}"


class PendingContentCheck(models.Model):
    """A content update the marketplace accepted but still checks (Trendyol's update audit).

    Written when the update's batch succeeds, read and removed by `products_content_check`
    once the marketplace has decided; a product updated again replaces its row.
    """

    channel_id = models.PositiveIntegerField()
    product_pk = models.PositiveIntegerField()
    key = models.CharField(max_length=100, help_text="the product's marketplace key (barcode)")
    remote_id = models.CharField(max_length=64, help_text="the marketplace's content id")
    batch_ids = models.TextField(help_text="remote batch ids of the run that sent it, comma separated")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel_id", "product_pk"], name="one_check_per_product")]
        verbose_name = _("pending content check")
        verbose_name_plural = _("pending content checks")

    def __str__(self) -> str:
        return f"{self.key} (content {self.remote_id}) of channel {self.channel_id}"


def marketplace_choices() -> list[tuple[str, str]]:
    """The marketplaces a channel can be bound to (`channel.adapters.loader.MARKETPLACES`)."""
    from channel.adapters.loader import MARKETPLACES

    return [(name, name.capitalize()) for name in MARKETPLACES]


class ChannelMarketplace(models.Model):
    """Which marketplace one Omnitron channel sells on; channels without a row use `CHANNEL_ADAPTER`.

    One deployment serves several channels (`OMNITRON_CHANNEL_ID`, `SYNC_CHANNEL_IDS`); this row is
    what lets one of them be a Trendyol store and another a Hepsiburada store. Read at the start of
    every run (`channel.marketplaces`), so a change applies from the next run on.
    """

    channel_id = models.PositiveIntegerField(_("Omnitron channel id"), unique=True)
    marketplace = models.CharField(_("marketplace"), max_length=32, choices=marketplace_choices)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["channel_id"]
        verbose_name = _("channel marketplace")
        verbose_name_plural = _("channel marketplaces")

    def __str__(self) -> str:
        return f"{self.channel_id}: {self.marketplace}"


class WebhookSubscription(models.Model):
    """The marketplace webhook of one channel: where it points, how the marketplace signs in, its state.

    The secret is generated here and handed to the marketplace when the webhook is registered;
    the receiver compares every delivery with it. It is never logged nor shown in full.
    """

    API_KEY, BASIC = "API_KEY", "BASIC_AUTHENTICATION"
    AUTH_CHOICES = [(API_KEY, _("API key (x-api-key header)")), (BASIC, _("HTTP Basic"))]

    channel_id = models.PositiveIntegerField(_("channel"), unique=True)
    auth_type = models.CharField(_("authentication"), max_length=32, choices=AUTH_CHOICES, default=API_KEY)
    username = models.CharField(_("user name"), max_length=64, blank=True,
                                help_text=_("Basic authentication user name"))
    secret = models.CharField(_("secret"), max_length=128,
                              help_text=_("the API key or Basic password the marketplace sends"))
    url = models.URLField(_("URL"), max_length=500, blank=True,
                          help_text=_("the public URL registered at the marketplace"))
    remote_id = models.CharField(_("marketplace id"), max_length=64, blank=True,
                                 help_text=_("the marketplace's webhook id"))
    remote_status = models.CharField(_("marketplace status"), max_length=16, blank=True,
                                     help_text=_("ACTIVE or PASSIVE at the marketplace"))
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)

    class Meta:
        verbose_name = _("order webhook")
        verbose_name_plural = _("order webhooks")

    def __str__(self) -> str:
        return f"webhook of channel {self.channel_id} ({self.remote_status or 'not registered'})"

    def __repr__(self) -> str:  # never the secret
        return f"<WebhookSubscription channel={self.channel_id} remote={self.remote_id or '-'}>"


class WebhookEvent(models.Model):
    """One package change the marketplace pushed, stored before the receiver answers.

    Unique per channel, package, status and the package's `lastModifiedDate`, so a repeated
    delivery is a no-op insert. `processed_at` stays empty until a worker handled it; a worker
    takes a batch by setting `claimed_until` (a lease: a worker that dies lets it lapse, and
    the sweep hands the events to another).
    """

    channel_id = models.PositiveIntegerField(_("channel"))
    package_id = models.CharField(_("package"), max_length=64)
    status = models.CharField(_("status"), max_length=32)
    modified_ms = models.BigIntegerField(_("changed"), help_text=_("the package's lastModifiedDate (epoch ms)"))
    body = models.JSONField(_("package"), help_text=_("the package as delivered"))
    received_at = models.DateTimeField(_("received"))
    claimed_until = models.DateTimeField(_("held until"), null=True, blank=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=32, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel_id", "package_id", "status", "modified_ms"],
                                               name="one_event_per_package_change")]
        indexes = [models.Index(fields=["channel_id", "processed_at"], name="webhook_pending"),
                   models.Index(fields=["channel_id", "package_id"], name="webhook_package"),
                   models.Index(fields=["received_at"], name="webhook_received")]
        verbose_name = _("order webhook event")
        verbose_name_plural = _("order webhook events")

    def __str__(self) -> str:
        return f"package {self.package_id} {self.status} ({self.outcome or 'pending'})"
