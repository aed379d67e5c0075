"""The REST trigger API (/api/v1/): list flows, start a run, follow it. `trigger.py` is shared with admin and commands."""
