"""API tokens in admin: listed by their first characters, revoked by deleting; never shown or made here.

DRF's own token admin showed every key in clear and is unregistered; keys are made with
`manage.py create_api_token`, which prints a key once.
"""
from __future__ import annotations

from django.contrib import admin
from rest_framework.authtoken.models import TokenProxy

from security.models import ApiToken

admin.site.unregister(TokenProxy)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "name", "user", "created")
    list_filter = ("created",)
    search_fields = ("user__username", "name", "prefix")
    readonly_fields = ("user", "name", "prefix", "created")
    exclude = ("digest",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
