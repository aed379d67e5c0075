"""`manage.py create_api_token <user> [--create] [--reset]`: make an API token for the REST API, print it once.

The token alone goes to stdout (`TOKEN=$(manage.py create_api_token ci-bot --create)`), messages to
stderr. `--create` makes a missing user an API-only account: no password (it cannot log in to admin
or use HTTP Basic) and the permissions to view and trigger syncs. Only a digest of the token is
stored (security.models.ApiToken), so it cannot be shown again: run the command again for another
token, with --reset to revoke the user's earlier ones.
"""
from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError

from channel.models import TRIGGER_PERMISSION, VIEW_PERMISSION
from security.models import ApiToken


class Command(BaseCommand):
    help = ("Make an API token for a user and print it (shown once; only its digest is stored); send it as "
            "`Authorization: Token <key>`. --reset revokes the user's earlier tokens first.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--create", action="store_true",
                            help="create a missing user as an API-only account (no password) that may view "
                                 "and trigger syncs")
        parser.add_argument("--name", default="", help="a label shown in admin, e.g. the script that uses it")
        parser.add_argument("--reset", action="store_true", help="revoke the user's earlier tokens first")

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model().objects
        try:
            user = users.get(**{users.model.USERNAME_FIELD: options["username"]})
        except users.model.DoesNotExist:
            if not options["create"]:
                raise CommandError(f"No user named {options['username']!r}; pass --create to make it an API-only "
                                   "user that may view and trigger syncs, or create it in admin (Users -> Add)."
                                   ) from None
            user = self.create_api_user(options["username"])
        if not user.is_active:
            raise CommandError(f"User {user} is inactive; activate it in admin before giving it a token.")
        if options["reset"]:
            revoked, _ = ApiToken.objects.filter(user=user).delete()
            self.stderr.write(f"revoked {revoked} earlier token(s) of {user}")
        token, key = ApiToken.objects.issue(user, options["name"])
        self.stdout.write(key)
        self.stderr.write(f"created a new token {token.prefix}… for {user}; it is shown only now")
        missing = [perm for perm in (VIEW_PERMISSION, TRIGGER_PERMISSION) if not user.has_perm(perm)]
        if missing:
            self.stderr.write(self.style.WARNING(
                f"{user} lacks {', '.join(missing)}: grant it in admin, or API calls will answer 403."))

    def create_api_user(self, username: str) -> Any:
        manager: Any = get_user_model()._default_manager
        user = manager.create_user(username)  # no password: a token is its only way in
        codenames = [perm.split(".", 1)[1] for perm in (VIEW_PERMISSION, TRIGGER_PERMISSION)]
        user.user_permissions.set(Permission.objects.filter(content_type__app_label="channel",
                                                            codename__in=codenames))
        self.stderr.write(f"created API user {username!r} (no password) with {VIEW_PERMISSION} and "
                          f"{TRIGGER_PERMISSION}")
        return get_user_model().objects.get(pk=user.pk)  # fresh: no stale permission cache
