"""`manage.py create_api_token <user>`: print the user's API token for the REST trigger API."""
from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from channel.models import TRIGGER_PERMISSION, VIEW_PERMISSION


class Command(BaseCommand):
    help = ("Create (or show) the API token of a user; send it as `Authorization: Token <key>`. "
            "--reset replaces an existing token.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--reset", action="store_true", help="delete the current token and make a new one")

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model().objects
        try:
            user = users.get(**{users.model.USERNAME_FIELD: options["username"]})
        except users.model.DoesNotExist:
            raise CommandError(f"No user named {options['username']!r}; create it first in admin "
                               "(Users -> Add) or with `manage.py createsuperuser`.") from None
        if not user.is_active:
            raise CommandError(f"User {user} is inactive; activate it in admin before giving it a token.")
        if options["reset"]:
            Token.objects.filter(user=user).delete()
        token, created = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
        self.stderr.write(("created a new" if created else "existing") + f" token for {user}")
        missing = [perm for perm in (VIEW_PERMISSION, TRIGGER_PERMISSION) if not user.has_perm(perm)]
        if missing:
            self.stderr.write(self.style.WARNING(
                f"{user} lacks {', '.join(missing)}: grant it in admin, or API calls will answer 403."))
