#!/usr/bin/env python3
"""TCP targets for scripts/bench/probes.sh: many listening sockets on loopback.

Listens on ADDRS loopback addresses (127.X.Y.1 ...) times PORTS consecutive ports, e.g.
100 x 100 = 10,000 (address, port) pairs, and accepts and closes every connection from
one epoll loop so no backlog ever fills. Prints "ready N" on stdout once every socket
listens, then runs until SIGTERM/SIGINT and prints "accepted N" on stderr at exit.

Every address is inside 127.0.0.0/8: nothing leaves the machine.

    tcp_listeners.py --base 127.0.10.1 --addrs 100 --port 41000 --ports 100
"""
import argparse
import errno
import ipaddress
import resource
import selectors
import signal
import socket
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default="127.0.10.1", help="first address (must be in 127.0.0.0/8)")
    ap.add_argument("--addrs", type=int, default=100, help="how many consecutive addresses")
    ap.add_argument("--port", type=int, default=41000, help="first port")
    ap.add_argument("--ports", type=int, default=100, help="how many consecutive ports per address")
    ap.add_argument("--backlog", type=int, default=4096)
    args = ap.parse_args()

    base = ipaddress.IPv4Address(args.base)
    last = base + (args.addrs - 1)
    loopback = ipaddress.IPv4Network("127.0.0.0/8")
    if base not in loopback or last not in loopback:
        sys.exit(f"refusing: {base}..{last} is not inside 127.0.0.0/8")

    need = args.addrs * args.ports + 256
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < need:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (max(need, soft), max(need, hard)))
        except (ValueError, OSError) as e:
            sys.exit(f"cannot raise RLIMIT_NOFILE to {need} (now {soft}/{hard}): {e}")

    sel = selectors.EpollSelector()
    listeners = []
    for a in range(args.addrs):
        addr = str(base + a)
        for p in range(args.port, args.port + args.ports):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind((addr, p))
            except OSError as e:
                sys.exit(f"bind {addr}:{p}: {e}")
            s.listen(args.backlog)
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ)
            listeners.append(s)

    stop = False

    def on_signal(_sig, _frame):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print(f"ready {len(listeners)}", flush=True)

    accepted = 0
    while not stop:
        try:
            events = sel.select(timeout=0.5)
        except InterruptedError:
            continue
        for key, _ in events:
            ls = key.fileobj
            while True:
                try:
                    conn, _peer = ls.accept()
                except BlockingIOError:
                    break
                except OSError as e:
                    if e.errno in (errno.ECONNABORTED, errno.EINTR):
                        continue
                    if e.errno in (errno.EMFILE, errno.ENFILE):
                        break
                    raise
                conn.close()
                accepted += 1
    for s in listeners:
        s.close()
    print(f"accepted {accepted}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
