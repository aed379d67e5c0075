from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelConfig(AppConfig):
    name = "channel"
    verbose_name = _("Sales channel")
