"""Marketplace channel: adapters, the flow engine, Celery tasks and the control surfaces."""
