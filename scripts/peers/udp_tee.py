#!/usr/bin/python3
"""Receives UDP datagrams on 127.0.0.1:PORT and forwards each, unchanged, to every
destination, so two collectors see exactly the same export. Loopback only.

usage: udp_tee.py LISTEN_PORT DEST_PORT [DEST_PORT ...] [--save DIR] [--ready FILE]
Prints the listening port to --ready (useful with port 0) and stops on SIGTERM or SIGINT,
printing how many datagrams it forwarded.
"""
import argparse
import os
import signal
import socket
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("listen", type=int)
    ap.add_argument("dests", type=int, nargs="+")
    ap.add_argument("--save")
    ap.add_argument("--ready")
    args = ap.parse_args()
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    rx.bind(("127.0.0.1", args.listen))
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if args.ready:
        with open(args.ready + ".tmp", "w") as f:
            f.write(str(rx.getsockname()[1]))
        os.rename(args.ready + ".tmp", args.ready)
    count = 0
    stop = False

    def on_signal(*_):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    rx.settimeout(0.2)
    while not stop:
        try:
            data = rx.recv(65535)
        except socket.timeout:
            continue
        except InterruptedError:
            continue
        count += 1
        for port in args.dests:
            tx.sendto(data, ("127.0.0.1", port))
        if args.save:
            with open(os.path.join(args.save, f"{count:06d}.bin"), "wb") as f:
                f.write(data)
    print(f"forwarded {count} datagrams", file=sys.stderr)


if __name__ == "__main__":
    main()
