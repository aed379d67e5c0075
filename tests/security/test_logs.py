"""Log injection: a request path or a task option with newlines and ESC never forges a log line."""
from __future__ import annotations

import logging

import pytest
import requests

from channel.api.trigger import enqueue
from channel.flows.registry import get_flow
from security.logs import EscapingFormatter, escape_controls
from tests.fixtures.processes import wait_until

FORGED = "x\nFORGED \x1b[31mred\r\u2028tail"


def test_escape_controls_writes_every_control_character_as_an_escape():
    assert escape_controls(FORGED) == "x\\nFORGED \\x1b[31mred\\r\\u2028tail"
    assert escape_controls("plain text, ünïcode") == "plain text, ünïcode"


def test_formatter_escapes_message_arguments_and_traceback():
    try:
        raise ValueError(FORGED)
    except ValueError:
        record = logging.LogRecord("t", logging.ERROR, __file__, 1, "path %s", (FORGED,), exc_info=True)
        import sys
        record.exc_info = sys.exc_info()
    line = EscapingFormatter("%(levelname)s %(message)s").format(record)
    assert "\n" not in line and "\x1b" not in line and "\r" not in line
    assert "path x\\nFORGED \\x1b[31m" in line and "ValueError: x\\nFORGED" in line


ESCAPED_FAILURE = "NoopFailure: x\\nFORGED \\x1b[31mred"


def forged_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith("FORGED")]


def test_request_path_reaches_the_web_log_escaped(tls_web_server):
    requests.get(f"{tls_web_server.url}/api/v1/runs/x%0AFORGED%1B[31mred/", headers={"X-Forwarded-Proto": "https"},
                 timeout=10)
    wait_until(lambda: "/api/v1/runs/x\\nFORGED" in tls_web_server.process.log(), 10, "the API's request log line")
    log = tls_web_server.process.log()
    assert not forged_lines(log) and "\x1b" not in log


@pytest.mark.django_db(transaction=True)
def test_task_option_reaches_the_worker_traceback_escaped(celery_worker):
    run = enqueue(get_flow("noop"), 1, options={"fail": FORGED})
    # Wait for the escaped traceback tail itself: the long record may be read while half written.
    wait_until(lambda: run.task_id in celery_worker.log() and ESCAPED_FAILURE in celery_worker.log(), 60,
               "the worker to log the failed run")
    log = celery_worker.log()
    assert ESCAPED_FAILURE in log
    assert not forged_lines(log) and "\x1b" not in log
