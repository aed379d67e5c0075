"""Flower's own config file, read from the working directory by `celery -A config flower`.

Flower must never run without its Basic credentials (https://flower.readthedocs.io/en/latest/auth.html): they come from
FLOWER_BASIC_AUTH through Django settings, which refuse to start without it when DEBUG is off.
The /flower/ Django view adds them server-side; users never see them.

On ACC Flower is its own pod, reached from web through its cluster service, so it must bind
0.0.0.0 and anything in the cluster can connect to it. Flower 2.2 checks the credentials on
its pages and API but not on `/metrics` and `/healthcheck`; both are made to check them here,
so every path but the public static assets needs them.
"""
from django.conf import settings
from flower.views.monitor import Healthcheck, Metrics
from tornado.web import authenticated

if not settings.FLOWER_BASIC_AUTH or ":" not in settings.FLOWER_BASIC_AUTH:
    raise SystemExit("FLOWER_BASIC_AUTH must be 'user:password'; Flower does not start unauthenticated.")

for _handler in (Metrics, Healthcheck):
    if not getattr(_handler.get, "__wrapped__", None):  # once, even if this file is read twice
        _handler.get = authenticated(_handler.get)

basic_auth = [settings.FLOWER_BASIC_AUTH]
url_prefix = "flower"
max_tasks = 20000
purge_offline_workers = 3600
