#!/usr/bin/python3
"""A UDP relay that impairs traffic, for tests (tc netem is not available in this kernel).

Listens on 127.0.0.1:LISTEN_PORT and forwards each datagram to 127.0.0.1:TARGET_PORT from
a socket of its own per client, so answers find their way back to the client that asked.
Impairments apply to the client-to-target direction (requests) unless --both is given:

  --drop-every N   drop every Nth request (2: every other one), counted per relay
  --loss P         drop each datagram with probability P (0..1), seeded by --seed
  --delay-ms D     delay each forwarded datagram by D ms
  --jitter-ms J    plus a uniform random 0..J ms (datagrams may then be reordered)

Loopback only. Prints the listening port to --ready FILE (useful with port 0); stops on
SIGTERM or SIGINT and prints how many datagrams it forwarded and dropped.

usage: udp_relay.py LISTEN_PORT TARGET_PORT [--drop-every N] [--loss P] [--delay-ms D]
                    [--jitter-ms J] [--both] [--seed S] [--ready FILE]
"""
import argparse
import heapq
import os
import random
import select
import signal
import socket
import sys
import time

LOOPBACK = "127.0.0.1"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("listen", type=int)
    ap.add_argument("target", type=int)
    ap.add_argument("--drop-every", type=int, default=0)
    ap.add_argument("--loss", type=float, default=0.0)
    ap.add_argument("--delay-ms", type=float, default=0.0)
    ap.add_argument("--jitter-ms", type=float, default=0.0)
    ap.add_argument("--both", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ready")
    args = ap.parse_args()
    rng = random.Random(args.seed)

    front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    front.bind((LOOPBACK, args.listen))
    upstream = {}  # client address -> socket towards the target
    clients = {}  # upstream socket fileno -> client address
    pending = []  # heap of (due, seq, socket, bytes, address)
    seq = 0
    counts = {"forwarded": 0, "dropped": 0, "requests": 0}
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    if args.ready:
        with open(args.ready + ".tmp", "w") as f:
            f.write(str(front.getsockname()[1]))
        os.rename(args.ready + ".tmp", args.ready)

    def impaired(is_request):
        if not is_request and not args.both:
            return False, 0.0
        if is_request and args.drop_every > 0 and counts["requests"] % args.drop_every == 0:
            return True, 0.0
        if args.loss > 0 and rng.random() < args.loss:
            return True, 0.0
        return False, (args.delay_ms + (rng.uniform(0, args.jitter_ms) if args.jitter_ms > 0 else 0.0)) / 1000.0

    def forward(sock, data, address, is_request):
        nonlocal seq
        if is_request:
            counts["requests"] += 1
        drop, delay = impaired(is_request)
        if drop:
            counts["dropped"] += 1
            return
        seq += 1
        heapq.heappush(pending, (time.monotonic() + delay, seq, sock, data, address))

    while not stop:
        now = time.monotonic()
        while pending and pending[0][0] <= now:
            _, _, sock, data, address = heapq.heappop(pending)
            try:
                sock.sendto(data, address)
                counts["forwarded"] += 1
            except OSError:
                counts["dropped"] += 1
        timeout = max(0.0, pending[0][0] - now) if pending else 0.2
        sockets = [front] + list(upstream.values())
        try:
            readable, _, _ = select.select(sockets, [], [], min(timeout, 0.2))
        except InterruptedError:
            continue
        for sock in readable:
            try:
                data, address = sock.recvfrom(65535)
            except OSError:
                continue
            if sock is front:
                up = upstream.get(address)
                if up is None:
                    up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    up.bind((LOOPBACK, 0))
                    upstream[address] = up
                    clients[up.fileno()] = address
                forward(up, data, (LOOPBACK, args.target), True)
            else:
                forward(front, data, clients[sock.fileno()], False)
    print(f"forwarded {counts['forwarded']} dropped {counts['dropped']}", file=sys.stderr)


if __name__ == "__main__":
    main()
