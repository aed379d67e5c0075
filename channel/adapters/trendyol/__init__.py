"""Trendyol (TR marketplace) adapter: `http` transport, pure `mappers`, `adapter` orchestration."""
from channel.adapters.trendyol.adapter import TrendyolAdapter

__all__ = ["TrendyolAdapter"]
