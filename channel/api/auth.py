"""Who may call the API: token users and staff over HTTP Basic, each action behind its permission."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BasicAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from channel.models import TRIGGER_PERMISSION, VIEW_PERMISSION


class StaffBasicAuthentication(BasicAuthentication):
    """HTTP Basic with Django credentials, for staff only: everyone else uses a per-user API token."""

    def authenticate_credentials(self, userid, password, request=None):
        user, auth = super().authenticate_credentials(userid, password, request)
        if not user.is_staff:
            raise PermissionDenied(_("HTTP Basic is for staff users; use an API token instead."))
        return user, auth


class HasPermission(BasePermission):
    """An authenticated user holding `permission` (superusers hold every permission)."""

    permission = ""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm(self.permission))


class CanView(HasPermission):
    permission = VIEW_PERMISSION
    message = _("You need the 'Can view syncs' permission.")


class CanTrigger(HasPermission):
    permission = TRIGGER_PERMISSION
    message = _("You need the 'Can trigger syncs' permission.")
