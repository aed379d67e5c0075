"""The connection pool to Flower and the streamed body of one upstream response.

One `urllib3.PoolManager` per process (thread-safe, so gthread workers share it), created
on first use so importing this module does no I/O and reads no settings. Bodies are read
raw (`decode_content=False`): gzip and Content-Length pass through byte for byte.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import IO

from django.http import HttpRequest

import urllib3
from urllib3.exceptions import ConnectTimeoutError, HTTPError, NewConnectionError, ReadTimeoutError

logger = logging.getLogger(__name__)

CHUNK_SIZE = 64 * 1024

_pool: urllib3.PoolManager | None = None
_pool_lock = threading.Lock()


class UpstreamError(Exception):
    """Flower could not be reached or did not answer in time; `status` is 502 or 504."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def pool() -> urllib3.PoolManager:
    """The process-wide pool, built on first call (no retries: a failure is reported, not repeated)."""
    global _pool
    if _pool is None:
        with _pool_lock:
            if _pool is None:
                _pool = urllib3.PoolManager(num_pools=2, maxsize=32, block=False, retries=False)
    return _pool


def reset_pool() -> None:
    """Close every pooled connection (after a fork, or when Flower moved)."""
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.clear()
        _pool = None


def open_response(
    method: str,
    url: str,
    headers: dict[str, str],
    body: IO[bytes] | HttpRequest | bytes | None,  # a request streams its body like a file
    connect_timeout: float,
    read_timeout: float,
) -> urllib3.BaseHTTPResponse:
    """Send the request and return once the response headers are in; the body is not read yet.

    Redirects are returned to the caller, never followed. Raises UpstreamError: 504 when a
    timeout expired, 502 for any other transport failure (refused, reset, bad response).
    """
    timeout = urllib3.Timeout(connect=connect_timeout, read=read_timeout)
    try:
        return pool().request(
            method, url, headers=headers, body=body, timeout=timeout,
            redirect=False, preload_content=False, decode_content=False,
        )
    except NewConnectionError as exc:  # a ConnectTimeoutError subclass, but not a timeout
        logger.warning("flower %s %s refused: %s", method, url, exc)
        raise UpstreamError("Flower is unreachable.", 502) from exc
    except (ConnectTimeoutError, ReadTimeoutError) as exc:
        logger.warning("flower %s %s timed out: %s", method, url, exc)
        raise UpstreamError("Flower did not answer in time.", 504) from exc
    except HTTPError as exc:
        logger.warning("flower %s %s failed: %s", method, url, exc)
        raise UpstreamError("Flower is unreachable.", 502) from exc


class StreamedBody:
    """Iterate an upstream body in raw chunks; `close()` gives the connection back.

    Django calls `close()` when the WSGI server closes the response, also when the client
    went away mid-stream. A fully read connection returns to the pool for reuse; a partly
    read one is closed, since its unread bytes would corrupt the next request on it.
    """

    def __init__(self, response: urllib3.BaseHTTPResponse, chunk_size: int = CHUNK_SIZE) -> None:
        self.response = response
        self.chunk_size = chunk_size
        self.finished = False
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        try:
            for chunk in self.response.stream(self.chunk_size, decode_content=False):
                if chunk:
                    yield chunk
        except HTTPError as exc:
            logger.warning("flower response body broke off: %s", exc)
            raise UpstreamError("Flower's response broke off.", 502) from exc
        self.finished = True

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if not self.finished:
            self.response.close()
        self.response.release_conn()
