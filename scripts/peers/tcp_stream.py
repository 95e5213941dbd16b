#!/usr/bin/env python3
"""Sends a steady TCP stream over loopback for a flow-volume test, and logs what it sent.

Usage: tcp_stream.py PORT SECONDS BYTES_PER_SECOND LOG
A listener on 127.0.0.1:PORT drains the stream; every tenth of a second a line
"<unix seconds> <bytes sent since the last line>" goes to LOG, so the test can sum what
was sent in any minute and compare it with the rate Netsight derived from the flows.
Only loopback is used.
"""
import socket
import sys
import threading
import time

port, seconds, rate, log_path = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", port))
server.listen(1)


def drain():
    conn, _ = server.accept()
    while conn.recv(1 << 20):
        pass


threading.Thread(target=drain, daemon=True).start()
client = socket.create_connection(("127.0.0.1", port))
chunk = b"x" * max(1, rate // 10)
end = time.time() + seconds
with open(log_path, "w", buffering=1) as log:
    next_tick = time.time()
    while time.time() < end:
        client.sendall(chunk)
        log.write(f"{time.time():.3f} {len(chunk)}\n")
        next_tick += 0.1
        time.sleep(max(0.0, next_tick - time.time()))
client.close()
