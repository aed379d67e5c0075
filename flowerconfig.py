"""Flower's own config file, read from the working directory by `celery -A config flower`.

Flower must never run without its Basic credentials (https://flower.readthedocs.io/en/latest/auth.html): they come from
FLOWER_BASIC_AUTH through Django settings, which refuse to start without it when DEBUG is off.
The /flower/ Django view adds them server-side; users never see them.
"""
from django.conf import settings

if not settings.FLOWER_BASIC_AUTH or ":" not in settings.FLOWER_BASIC_AUTH:
    raise SystemExit("FLOWER_BASIC_AUTH must be 'user:password'; Flower does not start unauthenticated.")

basic_auth = [settings.FLOWER_BASIC_AUTH]
url_prefix = "flower"
max_tasks = 20000
purge_offline_workers = 3600
