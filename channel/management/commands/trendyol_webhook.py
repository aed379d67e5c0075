"""`manage.py trendyol_webhook --channel N {register,status,activate,deactivate,remove}`: channel N's order webhook."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from channel.adapters.errors import MarketplaceError, UnsupportedOperation
from channel.schedules import configured_channels
from channel.webhooks import registration
from channel.webhooks.credentials import masked
from channel.webhooks.stats import figures
from omnitron.errors import ConfigurationError, OmnitronError

ACTIONS = ("register", "status", "activate", "deactivate", "remove")


class Command(BaseCommand):
    help = ("Register channel N's order webhook at Trendyol (WEBHOOK_PUBLIC_URL + /hooks/orders/N/, a generated "
            "secret), show its state and figures, switch it on or off, or remove it.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=ACTIONS)
        parser.add_argument("--channel", type=int, required=True, help="Omnitron channel id")
        parser.add_argument("--rotate-secret", action="store_true", help="register with a new secret")

    def handle(self, *args: Any, **options: Any) -> None:
        channel_id, action = options["channel"], options["action"]
        if channel_id not in configured_channels():
            raise CommandError(f"channel {channel_id} is not configured (OMNITRON_CHANNEL_ID, SYNC_CHANNEL_IDS)")
        try:
            getattr(self, action)(channel_id, options)
        except registration.WebhookSetupError as error:
            raise CommandError(str(error)) from None
        except (ConfigurationError, OmnitronError) as error:
            raise CommandError(f"cannot read channel {channel_id} from Omnitron: {error}") from None
        except UnsupportedOperation as error:
            raise CommandError(f"channel {channel_id}'s marketplace has no webhooks: {error}") from None
        except MarketplaceError as error:
            raise CommandError(f"Trendyol refused: {error}") from None

    def register(self, channel_id: int, options: dict[str, Any]) -> None:
        row = registration.register(channel_id, rotate=options["rotate_secret"])
        self.stdout.write(self.style.SUCCESS(
            f"channel {channel_id}: webhook {row.remote_id} {row.remote_status} -> {row.url} "
            f"({row.auth_type}, secret {masked(row.secret)})"))

    def status(self, channel_id: int, options: dict[str, Any]) -> None:
        state = registration.status(channel_id)
        if state.row is None or not state.row.remote_id:
            self.stdout.write(f"channel {channel_id}: no webhook registered (polling only)")
        else:
            remote = state.remote
            where = f"{remote.url}, {remote.auth_type}" if remote else "missing at Trendyol: register again"
            self.stdout.write(f"channel {channel_id}: webhook {state.row.remote_id} {state.row.remote_status} ({where})")
        found = figures(channel_id)
        self.stdout.write(f"last 24 h: {found.received} events received, {found.failed} failed, "
                          f"{found.pending} pending; median lag {_seconds(found.delivery_lag_s)} to arrive, "
                          f"{_seconds(found.processing_lag_s)} to process")

    def activate(self, channel_id: int, options: dict[str, Any]) -> None:
        row = registration.set_active(channel_id, True)
        self.stdout.write(self.style.SUCCESS(f"channel {channel_id}: webhook {row.remote_id} {row.remote_status}"))

    def deactivate(self, channel_id: int, options: dict[str, Any]) -> None:
        row = registration.set_active(channel_id, False)
        self.stdout.write(self.style.SUCCESS(f"channel {channel_id}: webhook {row.remote_id} {row.remote_status}"))

    def remove(self, channel_id: int, options: dict[str, Any]) -> None:
        if registration.remove(channel_id):
            self.stdout.write(self.style.SUCCESS(f"channel {channel_id}: webhook removed; polling only"))
        else:
            self.stdout.write(f"channel {channel_id}: no webhook to remove")


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} s"
