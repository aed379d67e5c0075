"""Fixtures of the security tests: in-process admin pages, and a web server set up as in production."""
from __future__ import annotations

import secrets

import pytest


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Admin pages rendered in process need no collected manifest."""
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture(scope="session")
def tls_web_server(gunicorn_factory):
    """gunicorn with BEHIND_TLS_PROXY=true (HSTS, HTTPS redirect, Secure cookies) logging at INFO."""
    return gunicorn_factory("gunicorn-tls", env={"BEHIND_TLS_PROXY": "true", "LOG_LEVEL": "INFO",
                                                 "SECRET_KEY": secrets.token_urlsafe(50)})
