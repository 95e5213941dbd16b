#!/usr/bin/python3
"""Writes a deterministic pcap of one-directional flows for the peer comparison tests.

Every flow is a distinct 5-tuple. Source addresses, destination addresses, destination
ports and protocols each get distinct flow counts, and packet counts and sizes are random
(seeded), so the top-N of every key and metric has no ties and two tools that agree on
the flows must agree on the ranking exactly.

usage: make_flow_pcap.py OUT.pcap [--seed N] [--start EPOCH] [--ipv6]
"""
import argparse
import random

from scapy.all import ICMP, IP, IPv6, TCP, UDP, Ether, Raw, wrpcap  # noqa: E402


def distinct_counts(n, total, rng, low=3):
    """n distinct positive counts summing to total (total must be large enough)."""
    base = list(range(low, low + n))
    rest = total - sum(base)
    assert rest >= 0, "total too small"
    base[-1] += rest  # the largest absorbs the rest, so all stay distinct
    rng.shuffle(base)
    return base


def expand(values, counts, rng):
    out = []
    for v, c in zip(values, counts):
        out += [v] * c
    rng.shuffle(out)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--start", type=float, default=1_800_000_000.0)
    ap.add_argument("--ipv6", action="store_true", help="add IPv6 flows (NetFlow v5 cannot carry them)")
    ap.add_argument("--flows", type=int, default=400)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    n = args.flows

    srcs = [f"10.1.{i // 200}.{i % 200 + 1}" for i in range(16)]
    dsts = [f"192.0.2.{i + 1}" for i in range(20)]
    ports = [53, 80, 123, 443, 993, 1194, 3306, 5060, 5432, 8080, 8443, 9000]
    # ICMP flows use destination "port" type*256+code like nfdump; keep them out of the
    # port budget: a fixed share of the flows, their own protocol count.
    n_icmp = max(3, n // 20)
    n_l4 = n - n_icmp
    src_of = expand(srcs, distinct_counts(len(srcs), n, rng), rng)
    dst_of = expand(dsts, distinct_counts(len(dsts), n, rng), rng)
    port_of = expand(ports, distinct_counts(len(ports), n_l4, rng), rng)
    n_udp = n_l4 * 2 // 5
    proto_of = ["udp"] * n_udp + ["tcp"] * (n_l4 - n_udp)
    rng.shuffle(proto_of)

    packets = []
    t = args.start
    used = set()
    for i in range(n):
        src, dst = src_of[i], dst_of[i]
        if i < n_l4:
            proto, dport = proto_of[i], port_of[i]
        else:
            proto, dport = "icmp", None
        sport = 1024 + i  # distinct per flow, so every flow is its own 5-tuple
        key = (src, dst, sport, dport, proto)
        assert key not in used
        used.add(key)
        npk = rng.randint(1, 12)
        for k in range(npk):
            size = rng.randint(40, 1200)
            if proto == "tcp":
                l4 = TCP(sport=sport, dport=dport, flags="S" if k == 0 else "A")
            elif proto == "udp":
                l4 = UDP(sport=sport, dport=dport)
            else:
                l4 = ICMP(type=8, code=0, id=sport, seq=k)
            pkt = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / IP(src=src, dst=dst, tos=0) / l4 / Raw(b"x" * size)
            t += 0.001
            pkt.time = t
            packets.append(pkt)
    if args.ipv6:
        for i in range(20):
            src = f"2001:db8:1::{i % 5 + 1:x}"
            dst = f"2001:db8:2::{i % 7 + 1:x}"
            for k in range(rng.randint(1, 6)):
                pkt = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / IPv6(src=src, dst=dst) / UDP(sport=40000 + i, dport=443) / Raw(b"y" * rng.randint(40, 900))
                t += 0.001
                pkt.time = t
                packets.append(pkt)
    wrpcap(args.out, packets)


if __name__ == "__main__":
    main()
