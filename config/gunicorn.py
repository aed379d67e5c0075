"""Gunicorn settings (`gunicorn config.wsgi -c python:config.gunicorn`).

Threaded workers (gthread): the /flower/ proxy streams responses, and a sync worker
would be killed by `timeout` in the middle of a long stream.
ACC probes and routes port 8008 on every pod (docs/deployment.md); PORT overrides it.
"""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8008')}")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", min(4, multiprocessing.cpu_count() + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = 60
graceful_timeout = 30
keepalive = 5
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
