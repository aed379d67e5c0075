"""Cross-cutting defences: escaped logs, bounded JSON bodies, login throttling, API token lifecycle."""
