"""Omnitron REST API client (Akinon's order and product management platform)."""
