"""Flows: plain-Python syncs driven by one engine; Celery tasks wrap them in channel.tasks."""
