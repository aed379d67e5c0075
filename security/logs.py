"""Logging wiring: every record leaves as exactly one line, with untrusted text escaped.

Log lines carry values nobody here chose (request paths, task options, remote error texts,
exception messages). A newline in one would forge a second log line, an ESC byte would
drive the reader's terminal. The formatter escapes control characters in the finished line,
so no call site has to remember to: a traceback becomes one line with literal `\\n`
(Sentry keeps the structured one). Celery's worker and beat use the same handlers because
config.celery_app keeps Celery from installing its own (the `setup_logging` signal).
"""
from __future__ import annotations

import logging
import re

# C0 controls, DEL, C1 controls and the Unicode line/paragraph separators some viewers break on.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def escape_controls(text: str) -> str:
    r"""`text` with every control character written as an escape.

    >>> escape_controls("runs/x\nFORGED \x1b[31m")
    'runs/x\\nFORGED \\x1b[31m'
    """
    return _UNSAFE.sub(_escaped, text)


class EscapingFormatter(logging.Formatter):
    """A plain `logging.Formatter` whose output is always one line without control characters."""

    def format(self, record: logging.LogRecord) -> str:
        return escape_controls(super().format(record))
