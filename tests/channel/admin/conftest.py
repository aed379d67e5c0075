"""Admin pages rendered in process: plain static storage, so no collected manifest is needed."""
import pytest


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
