"""`manage.py omnitron_check`: can this deployment reach Omnitron with its settings?"""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from omnitron.check import run_check
from omnitron.errors import ConfigurationError
from omnitron.factory import client_from_settings
from omnitron.retry import RetryPolicy


class Command(BaseCommand):
    help = "Log in to Omnitron, read the channel and catalog, and explain any failure."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", help="override OMNITRON_URL")
        parser.add_argument("--username", help="override OMNITRON_USERNAME")
        parser.add_argument("--password", help="override OMNITRON_PASSWORD")
        parser.add_argument("--channel", type=int, help="override OMNITRON_CHANNEL_ID")
        parser.add_argument("--catalog", type=int, help="override OMNITRON_CATALOG_ID")
        parser.add_argument("--retries", type=int, default=0, help="retries per request (default 0: answer fast)")

    def handle(self, *args: Any, **options: Any) -> None:
        names = {"url": "base_url", "username": "username", "password": "password", "channel": "channel_id",
                 "catalog": "catalog_id"}
        overrides: dict[str, Any] = {key: options[opt] for opt, key in names.items() if options.get(opt) is not None}
        overrides["retry"] = RetryPolicy(max_retries=options["retries"])
        try:
            client = client_from_settings(**overrides)
        except ConfigurationError as error:
            raise CommandError(str(error)) from None
        report = run_check(client)
        for line in report.lines:
            self.stdout.write(line)
        if not report.ok:
            raise CommandError("Omnitron check failed: " + "; ".join(report.failures))
        self.stdout.write(self.style.SUCCESS("Omnitron is reachable and the channel is ready."))
