#!/usr/bin/python3
"""A recording webhook receiver for tests: what Netsight and Alertmanager POST lands here.

Listens on 127.0.0.1:PORT (HTTP/1.1, one thread per connection, so a request held by a
hanging path never blocks another path) and prints `ready PORT` on stdout once it accepts
connections (useful with --port 0). Every POST except to /_control is recorded as one JSON
line in --out FILE, in arrival order:

  {"seq": 1, "time": 1764328000.123, "method": "POST", "path": "/x", "query": "",
   "status": 200, "headers": {"Content-Type": "application/json", ...},
   "body": <the body parsed as JSON, or the raw text when it is not JSON>,
   "json": true, "raw": "<the body as text>"}

`status` is what the sink answered (0: it held the request, a hang; released later with 503).
A request is recorded when it arrives, before any hang, so a test can count attempts.

Behaviour per path, changed at runtime with POST /_control and a JSON object:
  {"path": "/x", "status": 500}   answer 500 from now on (any status from 200 to 599)
  {"path": "/x", "hang": true}    hold requests unanswered until reset or shutdown
  {"path": "/x", "reset": true}   back to 200; held requests are released with a 503
GET /_received?path=/x returns the recorded requests to /x as a JSON array (all without
`path`). Stops on SIGTERM or SIGINT.

usage: webhook_sink.py --out FILE [--port PORT]
"""
import argparse
import json
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LOOPBACK = "127.0.0.1"
# A held request gives up after this long so a forgotten hang cannot pin a thread forever;
# far longer than any test waits, and longer than Alertmanager's 10 s minimum notify timeout.
HANG_LIMIT_SECONDS = 300


class Sink:
    """The shared state: what was received, and how each path answers."""

    def __init__(self, out_path):
        self.lock = threading.Lock()
        self.out = open(out_path, "a", encoding="utf-8")
        self.records = []
        self.status = {}  # path -> status to answer
        self.hangs = {}  # path -> Event set when the hang is lifted
        self.stopping = threading.Event()

    def behaviour(self, path):
        """(status, hang event or None) for a request to `path`, read once at arrival."""
        with self.lock:
            return self.status.get(path, 200), self.hangs.get(path)

    def record(self, entry):
        with self.lock:
            entry["seq"] = len(self.records) + 1
            self.records.append(entry)
            # One complete line per write, flushed: a reader of the file never sees half a record
            # except possibly the very last line while it is being written.
            self.out.write(json.dumps(entry, sort_keys=True) + "\n")
            self.out.flush()

    def control(self, command):
        path = command.get("path")
        if not isinstance(path, str) or not path.startswith("/"):
            raise ValueError("control needs a path starting with /")
        with self.lock:
            if command.get("reset"):
                self.status.pop(path, None)
                released = self.hangs.pop(path, None)
                if released:
                    released.set()
            elif command.get("hang"):
                self.hangs.setdefault(path, threading.Event())
            elif "status" in command:
                status = command["status"]
                if not isinstance(status, int) or not 200 <= status <= 599:
                    raise ValueError("status must be an integer from 200 to 599")
                self.status[path] = status
            else:
                raise ValueError("control needs status, hang or reset")

    def received(self, path):
        with self.lock:
            return [r for r in self.records if path is None or r["path"] == path]

    def release_all(self):
        self.stopping.set()
        with self.lock:
            for event in self.hangs.values():
                event.set()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    sink = None  # set by main

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.log_date_time_string(), fmt % args))

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    # Trailers, if any, end with an empty line.
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def answer(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        parts = urlsplit(self.path)
        if parts.path != "/_received":
            self.answer(404, {"error": "only GET /_received"})
            return
        path = parse_qs(parts.query).get("path", [None])[0]
        self.answer(200, self.sink.received(path))

    def do_POST(self):
        parts = urlsplit(self.path)
        raw = self.read_body()
        if parts.path == "/_control":
            try:
                self.sink.control(json.loads(raw))
            except (ValueError, AttributeError) as error:
                self.answer(400, {"error": str(error)})
                return
            self.answer(200, {"ok": True})
            return
        status, hang = self.sink.behaviour(parts.path)
        text = raw.decode("utf-8", errors="replace")
        try:
            body, is_json = json.loads(text), True
        except ValueError:
            body, is_json = text, False
        headers = {}
        for name, value in self.headers.items():
            headers[name] = headers[name] + ", " + value if name in headers else value
        self.sink.record({
            "time": time.time(), "method": self.command, "path": parts.path, "query": parts.query,
            "status": 0 if hang else status, "headers": headers, "body": body, "json": is_json, "raw": text,
        })
        if hang:
            hang.wait(HANG_LIMIT_SECONDS)
            # Released: answer 503 and close. Dropping the connection instead looks cleaner
            # but is not: libcurl (hence URLSession on Linux) and Go (for requests carrying
            # an Idempotency-Key) silently re-send a request whose reused connection closed
            # without an answer, which a test counting attempts would see as a retry.
            self.close_connection = True
            self.answer(503, {"status": 503, "released": True})
            return
        self.answer(status, {"status": status})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--tls-cert", help="serve HTTPS with this PEM certificate (chain)")
    ap.add_argument("--tls-key", help="the certificate's PEM key")
    args = ap.parse_args()
    Handler.sink = Sink(args.out)
    server = ThreadingHTTPServer((LOOPBACK, args.port), Handler)
    if args.tls_cert:
        import ssl
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        # A client that refuses our certificate fails its handshake in accept(); the
        # server logs it and goes on serving.
        server.socket = context.wrap_socket(server.socket, server_side=True)
    # Held requests must not keep the process alive at shutdown.
    server.daemon_threads = True

    def stop(*_):
        Handler.sink.release_all()
        # shutdown() waits for serve_forever to return: call it off the main thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"ready {server.server_address[1]}", flush=True)
    server.serve_forever(poll_interval=0.1)
    server.server_close()


if __name__ == "__main__":
    main()
