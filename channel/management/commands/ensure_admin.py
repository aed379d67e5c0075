"""`manage.py ensure_admin`: make sure an admin can log in on a fresh install.

Creates the superuser `admin` (or ADMIN_USERNAME) when no superuser exists yet. The password is
ADMIN_PASSWORD when set, otherwise generated and printed once; an existing admin is never touched.
"""
from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the first superuser when none exists (password from ADMIN_PASSWORD or generated)."

    def handle(self, *args, **options) -> None:
        users = get_user_model().objects
        if users.filter(is_superuser=True).exists():
            self.stdout.write("an admin user exists already; nothing to do")
            return
        username = settings.ADMIN_USERNAME
        password = settings.ADMIN_PASSWORD or secrets.token_urlsafe(12)
        try:
            validate_password(password, users.model(username=username))
        except ValidationError as exc:
            raise CommandError(f"ADMIN_PASSWORD is too weak: {' '.join(exc.messages)}") from None
        users.create_superuser(username=username, email="", password=password)
        if settings.ADMIN_PASSWORD:
            self.stdout.write(self.style.SUCCESS(f"created admin user {username!r} with ADMIN_PASSWORD"))
        else:
            self.stdout.write(self.style.SUCCESS(
                f"created admin user {username!r} with password {password} (shown once; change it in admin)"
            ))
