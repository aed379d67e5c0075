"""A stand-in upstream for proxy tests and the proxy benchmark: records what it receives.

It plays the part of Flower where Flower cannot show the property under test: which headers
arrive, large or gzip bodies, slow answers, hop-by-hop and cookie headers to strip.
Run in a thread (`RecordingServer`) or as a process (`python -m tests.proxy.recorder --port P`).

Endpoints (under /flower/, matched on the last path segment):
  big?size=N[&gzip=1][&chunked=1]  N deterministic bytes; X-Body-Sha256 names the bytes sent
  slow?delay=S                     answers after S seconds
  redirect                         302 to this server's own absolute URL
  deny                             401 with a Basic challenge
  headers                          hop-by-hop, CORS, Set-Cookie (Path=/) and a kept header
  anything else                    200 with the JSON record of the request
  /_recorder/requests              the JSON list of recorded requests (process mode)
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

BLOCK = random.Random(7).randbytes(1 << 20)


def payload(size: int) -> Iterator[bytes]:
    """`size` bytes made of one fixed random MiB repeated: incompressible, cheap to stream."""
    whole, rest = divmod(size, len(BLOCK))
    for _ in range(whole):
        yield BLOCK
    if rest:
        yield BLOCK[:rest]


def payload_digest(size: int) -> str:
    digest = hashlib.sha256()
    for chunk in payload(size):
        digest.update(chunk)
    return digest.hexdigest()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: RecordingHTTPServer

    def log_message(self, format, *args):  # noqa: A002 - silence per-request stderr lines
        pass

    def do_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        record = {
            "method": self.command,
            "path": parts.path,
            "query": parts.query,
            "headers": [[k, v] for k, v in self.headers.items()],
            "body": body.decode("latin-1"),
            "client_port": self.client_address[1],
        }
        self.server.record(record)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        route = getattr(self, "route_" + parts.path.rsplit("/", 1)[-1], None)
        if parts.path == "/_recorder/requests":
            self.send_json(200, self.server.records())
        elif route is not None and parts.path.startswith("/flower/"):
            route(query)
        else:
            self.send_json(200, record)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_any

    def send_json(self, status: int, data, extra: list[tuple[str, str]] = ()) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def route_big(self, query: dict) -> None:
        size = int(query.get("size", "0"))
        chunks = payload(size)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if query.get("gzip"):
            data = gzip.compress(b"".join(chunks), mtime=0)
            chunks = iter([data])
            self.send_header("Content-Encoding", "gzip")
            self.send_header("X-Body-Sha256", hashlib.sha256(data).hexdigest())
            size = len(data)
        else:
            self.send_header("X-Body-Sha256", payload_digest(size))
        chunked = bool(query.get("chunked"))
        self.send_header("Transfer-Encoding" if chunked else "Content-Length", "chunked" if chunked else str(size))
        self.end_headers()
        if self.command == "HEAD":
            return
        try:
            for chunk in chunks:
                for start in range(0, len(chunk), 65536):
                    piece = chunk[start:start + 65536]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            self.server.abort(self.path)
            self.close_connection = True

    def route_slow(self, query: dict) -> None:
        self.server.release.wait(float(query.get("delay", "5")))
        self.send_json(200, {"slow": True})

    def route_redirect(self, query: dict) -> None:
        host, port = self.server.server_address[:2]
        self.send_response(302)
        self.send_header("Location", f"http://{host}:{port}/flower/landing?from=redirect")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_deny(self, query: dict) -> None:
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="flower"')
        self.send_header("Content-Length", "13")
        self.end_headers()
        self.wfile.write(b"Access denied")

    def route_headers(self, query: dict) -> None:
        self.send_json(200, {"headers": True}, [
            ("Connection", "keep-alive, X-Hop-Named"),
            ("X-Hop-Named", "secret"),
            ("Keep-Alive", "timeout=5"),
            ("WWW-Authenticate", 'Basic realm="flower"'),
            ("Access-Control-Allow-Origin", "*"),
            ("Set-Cookie", "_xsrf=2|abc|def; Path=/"),
            ("Set-Cookie", "second=1; Path=/; HttpOnly"),
            ("X-Kept", "yes"),
            ("Vary", "Accept"),
            ("Vary", "Cookie"),
        ])


class RecordingHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # socketserver's default backlog of 5 drops bursts of parallel connects

    def __init__(self, address):
        super().__init__(address, Handler)
        self._records: list[dict] = []
        self.aborted: list[str] = []
        self._lock = threading.Lock()
        self.release = threading.Event()

    def record(self, record: dict) -> None:
        with self._lock:
            self._records.append(record)

    def abort(self, path: str) -> None:
        """The reader hung up before the body was sent: the proxy dropped its upstream connection."""
        with self._lock:
            self.aborted.append(path)

    def records(self) -> list[dict]:
        with self._lock:
            return list(self._records)


class RecordingServer:
    """The recorder in a daemon thread of the test process; `.url` is its origin."""

    def __init__(self, port: int = 0) -> None:
        self.httpd = RecordingHTTPServer(("127.0.0.1", port))
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> RecordingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def requests(self) -> list[dict]:
        return self.httpd.records()

    @property
    def aborted(self) -> list[str]:
        return list(self.httpd.aborted)

    def last(self, path: str) -> dict:
        """The most recent request received for `path`."""
        return [r for r in self.requests if r["path"] == path][-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    RecordingHTTPServer(("127.0.0.1", args.port)).serve_forever()


if __name__ == "__main__":
    main()
