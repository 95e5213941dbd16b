#!/usr/bin/python3
"""Sends raw datagrams (one per file) over UDP to 127.0.0.1, or writes them into a pcap.

The datagram files are the ones udp_tee.py --save keeps (or any file holding one UDP
payload). Loopback only.

  send_datagrams.py send PORT FILE...          sendto 127.0.0.1:PORT, in order
  send_datagrams.py pcap OUT.pcap PORT FILE... write UDP 127.0.0.1:SRC -> 127.0.0.1:PORT
                                                packets (for tshark), timestamps = file mtimes
Options: --gap SECONDS between sends (default 0.002), --src-port N (default 40000).
"""
import argparse
import os
import socket
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["send", "pcap"])
    ap.add_argument("rest", nargs="+")
    ap.add_argument("--gap", type=float, default=0.002)
    ap.add_argument("--src-port", type=int, default=40000)
    args = ap.parse_args()
    if args.mode == "send":
        port, files = int(args.rest[0]), args.rest[1:]
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for path in files:
            with open(path, "rb") as f:
                s.sendto(f.read(), ("127.0.0.1", port))
            time.sleep(args.gap)
        print(f"sent {len(files)} datagrams", file=sys.stderr)
        return
    from scapy.all import IP, UDP, Ether, Raw, wrpcap  # Debian python3-scapy

    out, port, files = args.rest[0], int(args.rest[1]), args.rest[2:]
    packets = []
    for path in files:
        with open(path, "rb") as f:
            payload = f.read()
        p = Ether() / IP(src="127.0.0.1", dst="127.0.0.1") / UDP(sport=args.src_port, dport=port) / Raw(payload)
        p.time = os.path.getmtime(path)
        packets.append(p)
    wrpcap(out, packets)
    print(f"wrote {len(packets)} packets", file=sys.stderr)


if __name__ == "__main__":
    main()
