"""`manage.py seed_schedules`: create the default periodic tasks that are missing (admin owns the rest)."""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from channel import schedules


class Command(BaseCommand):
    help = ("Create the default django-celery-beat schedule of every flow for every configured channel. "
            "Existing rows (matched by name) are left as they are, so admin edits survive.")

    def handle(self, *args, **options) -> None:
        channels = schedules.configured_channels()
        if not channels:
            raise CommandError("No channel is configured: set OMNITRON_CHANNEL_ID (and optionally SYNC_CHANNEL_IDS).")
        try:
            result = schedules.seed()
        except DatabaseError as exc:
            raise CommandError(f"Could not write the schedules ({exc}); run `manage.py migrate` first.") from exc
        for name in result.created:
            self.stdout.write(f"created  {name}")
        self.stdout.write(self.style.SUCCESS(
            f"{len(result.created)} schedules created, {len(result.kept)} already present "
            f"(channels: {', '.join(map(str, channels))})"))
