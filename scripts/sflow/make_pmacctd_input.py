#!/usr/bin/python3
"""Writes the pcap pmacctd replays when recording fixtures: IPv4 TCP/UDP/ICMP, an 802.1Q
tagged frame and IPv6 TCP/UDP, with distinct sizes so each sample is recognisable."""
import sys

from scapy.all import ICMP, IP, TCP, UDP, Dot1Q, Ether, IPv6, Raw, wrpcap

A, B = "02:00:00:00:00:01", "02:00:00:00:00:02"
packets = [
    Ether(src=A, dst=B) / IP(src="192.0.2.1", dst="198.51.100.1", tos=0x10) / TCP(sport=40001, dport=80, flags="S"),
    Ether(src=A, dst=B) / IP(src="192.0.2.2", dst="198.51.100.2") / UDP(sport=40002, dport=53) / Raw(b"d" * 100),
    Ether(src=A, dst=B) / IP(src="192.0.2.3", dst="198.51.100.3") / ICMP(type=8) / Raw(b"i" * 200),
    Ether(src=A, dst=B) / Dot1Q(vlan=300) / IP(src="192.0.2.4", dst="198.51.100.4") / UDP(sport=40004, dport=161)
    / Raw(b"v" * 300),
    Ether(src=A, dst=B) / IPv6(src="2001:db8::1", dst="2001:db8::2", tc=0x20) / TCP(sport=40005, dport=443, flags="PA")
    / Raw(b"6" * 400),
    Ether(src=A, dst=B) / IPv6(src="2001:db8::3", dst="2001:db8::4") / UDP(sport=40006, dport=123) / Raw(b"n" * 48),
]
for i, p in enumerate(packets):
    p.time = 1_700_000_000 + i
wrpcap(sys.argv[1], packets)
