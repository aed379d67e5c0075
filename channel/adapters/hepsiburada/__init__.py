"""Hepsiburada: catalog import with tracking ids, listing uploads, OMS packages (`HepsiburadaAdapter`)."""
from channel.adapters.hepsiburada.adapter import HepsiburadaAdapter

__all__ = ["HepsiburadaAdapter"]
