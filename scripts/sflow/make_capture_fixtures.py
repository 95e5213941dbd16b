#!/usr/bin/python3
"""Writes the capture-reader fixtures (Tests/FlowCodecTests/Fixtures/capture/).

  make_capture_fixtures.py DIR

Every UDP payload is a short ASCII label, so the tests can say which packet they found.
Packets that must NOT yield a datagram carry labels starting "skip-".
scapy writes little-endian microsecond pcap; the other variants (big-endian, nanosecond,
pcapng with a simple packet block and a binary timestamp resolution) are written by hand
from the pcap/pcapng drafts.
"""
import os
import struct
import sys

from scapy.all import (ARP, IP, TCP, UDP, Dot1Q, Ether, IPv6, IPv6ExtHdrDestOpt, IPv6ExtHdrFragment,
                       IPv6ExtHdrHopByHop, IPv6ExtHdrRouting, Raw, raw)

T0 = 1_700_000_000  # 2023-11-14T22:13:20Z


def ethernet_packets():
    A, B = "02:00:00:00:00:01", "02:00:00:00:00:02"
    frag = IP(src="192.0.2.9", dst="192.0.2.10", id=77) / UDP(sport=9, dport=10) / Raw(b"skip-fragmented" * 10)
    first = raw(frag)[:20 + 8 + 16]
    return [
        Ether(src=A, dst=B) / IP(src="192.0.2.1", dst="192.0.2.2") / UDP(sport=2055, dport=9995) / Raw(b"eth-v4"),
        Ether(src=A, dst=B) / Dot1Q(vlan=10) / IP(src="192.0.2.3", dst="192.0.2.4") / UDP(sport=6343, dport=6343)
        / Raw(b"eth-vlan-v4"),
        Ether(src=A, dst=B) / Dot1Q(vlan=20) / Dot1Q(vlan=30) / IPv6(src="2001:db8::1", dst="2001:db8::2")
        / UDP(sport=4739, dport=4739) / Raw(b"eth-qinq-v6"),
        Ether(src=A, dst=B) / IPv6(src="2001:db8::3", dst="2001:db8::4") / IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt()
        / IPv6ExtHdrRouting() / UDP(sport=1000, dport=2000) / Raw(b"eth-v6-ext"),
        Ether(src=A, dst=B) / IP(src="192.0.2.5", dst="192.0.2.6") / TCP(sport=1, dport=2) / Raw(b"skip-tcp"),
        Ether(src=A, dst=B) / ARP(),
        # A first IPv4 fragment (more fragments set) and a later one: neither is a whole datagram.
        Ether(src=A, dst=B) / IP(first[:6] + struct.pack("!H", 0x2000) + first[8:]),
        Ether(src=A, dst=B) / IP(src="192.0.2.9", dst="192.0.2.10", id=77, frag=3, proto=17) / Raw(b"skip-later-frag"),
        Ether(src=A, dst=B) / IPv6(src="2001:db8::5", dst="2001:db8::6") / IPv6ExtHdrFragment(offset=5, m=0)
        / Raw(b"skip-v6-later-frag"),
        # A UDP length longer than the packet (a cut-off capture): skipped.
        Ether(src=A, dst=B) / IP(src="192.0.2.7", dst="192.0.2.8") / UDP(sport=5, dport=6, len=200) / Raw(b"skip-short"),
    ]


def padded_packet():
    """Ethernet padding after a short IPv4 packet must not leak into the payload."""
    p = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / IP(src="192.0.2.11", dst="192.0.2.12") \
        / UDP(sport=7, dport=8) / Raw(b"pad")
    return raw(p) + b"\0" * 20


def ip_packets():
    return [
        IP(src="198.51.100.1", dst="198.51.100.2") / UDP(sport=111, dport=222) / Raw(b"ip-v4"),
        IPv6(src="2001:db8::a", dst="2001:db8::b") / UDP(sport=333, dport=444) / Raw(b"ip-v6"),
    ]


def pcap(records, link, little=True, nano=False):
    """records: (seconds, fraction, bytes)."""
    e = "<" if little else ">"
    magic = 0xA1B23C4D if nano else 0xA1B2C3D4
    out = struct.pack(e + "IHHiIII", magic, 2, 4, 0, 0, 262144, link)
    for sec, frac, data in records:
        out += struct.pack(e + "IIII", sec, frac, len(data), len(data)) + data
    return out


def pad4(b):
    return b + b"\0" * ((4 - len(b) % 4) % 4)


def block(e, btype, body):
    body = pad4(body)
    n = 12 + len(body)
    return struct.pack(e + "II", btype, n) + body + struct.pack(e + "I", n)


def option(e, code, value):
    return struct.pack(e + "HH", code, len(value)) + pad4(value)


def pcapng(interfaces, packets, little=True, simple=False):
    """interfaces: [(link, tsresol or None)]; packets: (iface, units, bytes)."""
    e = "<" if little else ">"
    out = block(e, 0x0A0D0D0A, struct.pack(e + "IHHq", 0x1A2B3C4D, 1, 0, -1))
    for link, tsresol in interfaces:
        opts = option(e, 9, bytes([tsresol])) + option(e, 0, b"") if tsresol is not None else b""
        out += block(e, 1, struct.pack(e + "HHI", link, 0, 0) + opts)
    out += block(e, 0xBAD, b"custom block the reader must skip")
    for iface, units, data in packets:
        if simple:
            out += block(e, 3, struct.pack(e + "I", len(data)) + data)
        else:
            out += block(e, 6, struct.pack(e + "IIIII", iface, units >> 32, units & 0xFFFFFFFF, len(data), len(data))
                         + pad4(data) + option(e, 1, b"a comment") + option(e, 0, b""))
    return out


def main():
    d = sys.argv[1]
    os.makedirs(d, exist_ok=True)
    eth = [raw(p) for p in ethernet_packets()] + [padded_packet()]
    ip = [raw(p) for p in ip_packets()]

    def w(name, data):
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)

    w("scapy-ethernet.pcap", pcap([(T0 + i, 250_000, b) for i, b in enumerate(eth)], 1))
    w("ethernet-be-nano.pcap", pcap([(T0 + i, 250_000_000, b) for i, b in enumerate(eth)], 1, little=False, nano=True))
    w("raw-ip.pcap", pcap([(T0, 1000, b) for b in ip], 101))
    w("ipv4-ipv6-linktypes.pcap", pcap([(T0, 0, ip[0])], 228))  # LINKTYPE_IPV4 only holds IPv4
    w("ipv6-linktype.pcap", pcap([(T0, 0, ip[1])], 229))
    null_le = [struct.pack("<I", 2) + ip[0], struct.pack("<I", 30) + ip[1]]
    w("bsd-null.pcap", pcap([(T0, 0, b) for b in null_le], 0))
    sll = [struct.pack("!HHH8sH", 0, 772, 6, b"\0" * 8, 0x0800) + ip[0],
           struct.pack("!HHH8sH", 4, 772, 6, b"\0" * 8, 0x86DD) + ip[1]]
    w("linux-sll.pcap", pcap([(T0, 0, b) for b in sll], 113))
    sll2 = [struct.pack("!HHIHBB8s", 0x0800, 0, 1, 772, 0, 6, b"\0" * 8) + ip[0],
            struct.pack("!HHIHBB8s", 0x86DD, 0, 1, 772, 4, 6, b"\0" * 8) + ip[1]]
    w("linux-sll2.pcap", pcap([(T0, 0, b) for b in sll2], 276))
    w("unsupported-link.pcap", pcap([(T0, 0, ip[0])], 105))  # 802.11
    # pcapng: two interfaces (Ethernet, microseconds by default; raw IP with 2^-20 s units).
    us = lambda s: (T0 + s) * 1_000_000 + 250_000
    w("two-interfaces-le.pcapng", pcapng([(1, None), (101, 0x80 | 20)],
                                          [(0, us(0), eth[0]), (1, ((T0 + 1) << 20) | (1 << 19), ip[1]),
                                           (0, us(2), eth[2])]))
    w("nanoseconds-be.pcapng", pcapng([(1, 9)], [(0, (T0 + 5) * 10**9 + 123_456_789, eth[1])], little=False))
    w("simple-packets.pcapng", pcapng([(1, None)], [(0, 0, eth[0]), (0, 0, eth[3])], simple=True))


if __name__ == "__main__":
    main()
