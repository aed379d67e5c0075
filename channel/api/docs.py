"""The API's reading page: Swagger UI from our own static files (drf-spectacular-sidecar), no CDN.

It sits behind the same login as the schema it renders. A browser without a session is sent to the
admin login and back, instead of the bare 401 JSON an API client gets.
"""
from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBase
from django.urls import reverse
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated


class ApiDocsView(SpectacularSwaggerView):
    """GET /api/v1/docs/ -> Swagger UI reading /api/v1/schema/ with the visitor's own session."""

    url_name = "channel-api:schema"

    def handle_exception(self, exc: Exception) -> HttpResponseBase:  # type: ignore[override]  # a redirect, not a DRF Response
        if isinstance(exc, (NotAuthenticated, AuthenticationFailed)) and self.request.accepts("text/html"):
            return redirect_to_login(self.request.get_full_path(), reverse("admin:login"))
        return super().handle_exception(exc)
