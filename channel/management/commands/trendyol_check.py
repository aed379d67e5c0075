"""`manage.py trendyol_check --channel N`: can channel N's conf talk to its Trendyol seller?"""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from channel.adapters.trendyol.check import run_check
from omnitron.errors import ConfigurationError, OmnitronError
from omnitron.factory import client_from_settings


class Command(BaseCommand):
    help = ("Read channel N's conf from Omnitron and check it against Trendyol: credentials, seller id, "
            "User-Agent, base URL, reachability and tier. Changes nothing.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--channel", type=int, required=True, help="Omnitron channel id")

    def handle(self, *args: Any, **options: Any) -> None:
        channel_id = options["channel"]
        try:
            channel = client_from_settings(channel_id=channel_id, max_retries=0).channels.get()
        except ConfigurationError as error:
            raise CommandError(str(error)) from None
        except OmnitronError as error:
            raise CommandError(f"cannot read channel {channel_id} from Omnitron: {error}; "
                               "try manage.py omnitron_check") from None
        report = run_check(dict(channel.get("conf") or {}))
        for line in report.lines:
            self.stdout.write(line)
        if not report.ok:
            raise CommandError("Trendyol check failed: " + "; ".join(report.failures))
        self.stdout.write(self.style.SUCCESS(f"Trendyol answers channel {channel_id}'s seller as configured."))
