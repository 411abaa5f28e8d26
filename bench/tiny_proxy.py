"""A tiny round-robin reverse proxy for trying a deployment of several web processes on one
machine (docs/deploy.md), standard library only. Not for production: use nginx or HAProxy.

    .venv/bin/python bench/tiny_proxy.py --listen 8800 --backend 127.0.0.1:8801 \\
        --backend 127.0.0.1:8802

Each request goes to the next backend in turn (a backend that refuses the connection is skipped)
with the headers a real proxy sets: X-Forwarded-For with the client's address appended (so
thidua runs with TRUSTED_PROXY_COUNT=1) and X-Forwarded-Proto overwritten with "http" (the
client's own is never passed on). It counts what each backend answered and prints the counts on
SIGTERM or Ctrl+C.
"""

import argparse
import http.client
import itertools
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
              "trailers", "transfer-encoding", "upgrade"}  # fmt: skip


def make_handler(backends: list[tuple[str, int]], counts: dict, lock: threading.Lock):
    turn = itertools.cycle(range(len(backends)))
    local = threading.local()  # one kept-alive connection per thread and backend

    def connection(index):
        pool = local.__dict__.setdefault("pool", {})
        if index not in pool:
            host, port = backends[index]
            pool[index] = http.client.HTTPConnection(host, port, timeout=300)
        return pool[index]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # quiet: the backends log what matters
            pass

        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() not in HOP_BY_HOP | {"x-forwarded-proto"}}  # fmt: skip
            prior = self.headers.get("X-Forwarded-For")
            client = self.client_address[0]
            headers["X-Forwarded-For"] = "{}, {}".format(prior, client) if prior else client
            headers["X-Forwarded-Proto"] = "http"
            with lock:
                first = next(turn)
            for attempt in range(len(backends)):
                index = (first + attempt) % len(backends)
                conn = connection(index)
                try:
                    conn.request(self.command, self.path, body=body, headers=headers)
                    response = conn.getresponse()
                    payload = response.read()
                    break
                except (ConnectionError, http.client.HTTPException, OSError):
                    conn.close()
                    local.pool.pop(index, None)
            else:
                self.send_error(502, "No backend answered")
                return
            with lock:
                counts[index] = counts.get(index, 0) + 1
            self.send_response(response.status, response.reason)
            for key, value in response.getheaders():
                if key.lower() not in HOP_BY_HOP | {"content-length"}:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        do_GET = do_POST = do_HEAD = do_PUT = do_PATCH = do_DELETE = forward

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", type=int, default=8800)
    parser.add_argument("--backend", action="append", required=True, help="host:port")
    args = parser.parse_args()
    backends = [(b.rsplit(":", 1)[0], int(b.rsplit(":", 1)[1])) for b in args.backend]
    counts, lock = {}, threading.Lock()
    server = ThreadingHTTPServer(("127.0.0.1", args.listen), make_handler(backends, counts, lock))
    server.daemon_threads = True

    def stop(*_):
        for index, (host, port) in enumerate(backends):
            print("{}:{} answered {} requests".format(host, port, counts.get(index, 0)), flush=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.serve_forever()


if __name__ == "__main__":
    main()
