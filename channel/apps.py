from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelConfig(AppConfig):
    name = "channel"
    verbose_name = _("Sales channel")

    def ready(self) -> None:
        from channel.worker_health import connect_signals

        connect_signals()
