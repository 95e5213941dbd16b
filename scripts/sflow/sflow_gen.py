#!/usr/bin/python3
"""sFlow v5 datagram generator, written from sflow.org/sflow_version_5.txt.

Builds datagrams (flow samples with raw Ethernet/802.1Q/IPv4/IPv6 TCP/UDP/ICMP headers,
sampled IPv4/IPv6, extended switch/router/gateway; counter samples with generic interface
counters) for decoder tests. Packet headers are made with scapy (Debian python3-scapy).

  sflow_gen.py --out DIR            write one datagram per file, DIR/<scenario>.bin
  sflow_gen.py --send PORT          send every scenario to 127.0.0.1:PORT (loopback only)
  sflow_gen.py --pcap FILE          write all scenarios as UDP 127.0.0.1 -> :6343 in a pcap
  sflow_gen.py --list               print scenario names and what they should decode to (JSON)

Each scenario also carries `expect`: what the spec says the datagram means, which
tshark_check.py compares against Wireshark's sFlow dissector before the fixtures are used.
"""
import argparse
import ipaddress
import json
import os
import socket
import struct
import sys

from scapy.all import (ICMP, IP, TCP, UDP, Dot1Q, Ether, ICMPv6EchoRequest, IPv6,
                       IPv6ExtHdrFragment, IPv6ExtHdrHopByHop, PcapWriter, Raw, raw)


def u32(v):
    return struct.pack("!I", v)


def u64(v):
    return struct.pack("!Q", v)


def opaque(data):
    """XDR variable-length opaque: length, bytes, zero padding to 4."""
    return u32(len(data)) + data + b"\0" * ((4 - len(data) % 4) % 4)


def address(text):
    """sFlow address: type 1 IPv4 / 2 IPv6 / 0 unknown (text None)."""
    if text is None:
        return u32(0)
    ip = ipaddress.ip_address(text)
    return u32(1 if ip.version == 4 else 2) + ip.packed


def tagged(enterprise, fmt, body):
    """A sample or record: data_format (enterprise << 12 | format), length, body."""
    return u32(enterprise << 12 | fmt) + u32(len(body)) + body


# ---- flow records -------------------------------------------------------------------
def raw_header(packet_bytes, frame_length=None, stripped=4, protocol=1, max_header=128):
    header = packet_bytes[:max_header]
    if frame_length is None:
        frame_length = len(packet_bytes) + stripped
    body = u32(protocol) + u32(frame_length) + u32(stripped) + opaque(header)
    return tagged(0, 1, body)


def sampled_ipv4(length, proto, src, dst, sport, dport, flags, tos):
    body = (u32(length) + u32(proto) + ipaddress.ip_address(src).packed + ipaddress.ip_address(dst).packed
            + u32(sport) + u32(dport) + u32(flags) + u32(tos))
    return tagged(0, 3, body)


def sampled_ipv6(length, proto, src, dst, sport, dport, flags, priority):
    body = (u32(length) + u32(proto) + ipaddress.ip_address(src).packed + ipaddress.ip_address(dst).packed
            + u32(sport) + u32(dport) + u32(flags) + u32(priority))
    return tagged(0, 4, body)


def extended_switch(src_vlan, src_pri=0, dst_vlan=0, dst_pri=0):
    return tagged(0, 1001, u32(src_vlan) + u32(src_pri) + u32(dst_vlan) + u32(dst_pri))


def extended_router(next_hop, src_mask, dst_mask):
    return tagged(0, 1002, address(next_hop) + u32(src_mask) + u32(dst_mask))


def extended_gateway(next_hop, my_as, src_as, src_peer_as, segments, communities=(), local_pref=100):
    body = address(next_hop) + u32(my_as) + u32(src_as) + u32(src_peer_as) + u32(len(segments))
    for seg_type, ases in segments:
        body += u32(seg_type) + u32(len(ases)) + b"".join(u32(a) for a in ases)
    body += u32(len(communities)) + b"".join(u32(c) for c in communities) + u32(local_pref)
    return tagged(0, 1003, body)


# ---- samples --------------------------------------------------------------------------
def flow_sample(seq, source_index, rate, pool, drops, input_if, output_if, records,
                expanded=False, source_type=0, input_format=0, output_format=0):
    if expanded:
        body = (u32(seq) + u32(source_type) + u32(source_index) + u32(rate) + u32(pool) + u32(drops)
                + u32(input_format) + u32(input_if) + u32(output_format) + u32(output_if))
    else:
        body = (u32(seq) + u32(source_type << 24 | source_index) + u32(rate) + u32(pool) + u32(drops)
                + u32(input_format << 30 | input_if) + u32(output_format << 30 | output_if))
    body += u32(len(records)) + b"".join(records)
    return tagged(0, 3 if expanded else 1, body)


def generic_interface(c):
    body = (u32(c["ifIndex"]) + u32(c["ifType"]) + u64(c["ifSpeed"]) + u32(c["ifDirection"])
            + u32(c["ifStatus"]) + u64(c["inOctets"]) + u32(c["inUcast"]) + u32(c["inMcast"])
            + u32(c["inBcast"]) + u32(c["inDiscards"]) + u32(c["inErrors"]) + u32(c["inUnknown"])
            + u64(c["outOctets"]) + u32(c["outUcast"]) + u32(c["outMcast"]) + u32(c["outBcast"])
            + u32(c["outDiscards"]) + u32(c["outErrors"]) + u32(c["promiscuous"]))
    assert len(body) == 88
    return tagged(0, 1, body)


def ethernet_counters():
    return tagged(0, 2, b"".join(u32(i) for i in range(13)))


def counter_sample(seq, source_index, records, expanded=False, source_type=0):
    if expanded:
        body = u32(seq) + u32(source_type) + u32(source_index)
    else:
        body = u32(seq) + u32(source_type << 24 | source_index)
    body += u32(len(records)) + b"".join(records)
    return tagged(0, 4 if expanded else 2, body)


def datagram(agent, sub_agent, seq, uptime, samples):
    return (u32(5) + address(agent) + u32(sub_agent) + u32(seq) + u32(uptime) + u32(len(samples))
            + b"".join(samples))


# ---- scenarios ------------------------------------------------------------------------
MAC_A = "00:11:22:33:44:55"
MAC_B = "66:77:88:99:aa:bb"


def counters(if_index, scale):
    return {"ifIndex": if_index, "ifType": 6, "ifSpeed": 10_000_000_000, "ifDirection": 1,
            "ifStatus": 3, "inOctets": 123_456_789_012 * scale, "inUcast": 1_000_001 * scale,
            "inMcast": 2002, "inBcast": 303, "inDiscards": 4, "inErrors": 5, "inUnknown": 6,
            "outOctets": 98_765_432_109 * scale, "outUcast": 700_007, "outMcast": 808, "outBcast": 909,
            "outDiscards": 10, "outErrors": 11, "promiscuous": 2}


def flow(**kw):
    """An expected flow record, with the defaults of an unset FlowRecord field."""
    base = {"src": "", "dst": "", "proto": 0, "sport": 0, "dport": 0, "tcpFlags": 0, "tos": 0,
            "vlan": 0, "input": 0, "output": 0, "rate": 1, "rawBytes": 0, "bytes": 0,
            "nextHop": "", "srcMask": 0, "dstMask": 0, "srcAS": 0, "dstAS": 0}
    base.update(kw)
    base["bytes"] = base["rawBytes"] * base["rate"]
    return base


def scenarios():
    s = {}

    pkt = Ether(src=MAC_A, dst=MAC_B) / IP(src="192.0.2.10", dst="198.51.100.20", tos=0x28) / \
        TCP(sport=51515, dport=443, flags="SA") / Raw(b"x" * 1400)
    s["v4_tcp"] = (datagram("10.1.1.1", 7, 1001, 3_600_000, [
        flow_sample(1, 3, 512, 51200, 0, 3, 7, [raw_header(raw(pkt))])]),
        {"agent": "10.1.1.1", "subAgent": 7, "flows": [flow(
            src="192.0.2.10", dst="198.51.100.20", proto=6, sport=51515, dport=443, tcpFlags=0x12,
            tos=0x28, input=3, output=7, rate=512, rawBytes=len(raw(pkt)) + 4)], "counters": []})

    pkt = Ether(src=MAC_A, dst=MAC_B) / Dot1Q(vlan=42, prio=5) / IP(src="10.20.30.40", dst="10.20.30.1") / \
        UDP(sport=33000, dport=53) / Raw(b"q" * 40)
    s["vlan_udp"] = (datagram("10.1.1.1", 0, 1002, 3_600_100, [
        flow_sample(2, 5, 1000, 100000, 3, 5, 9, [raw_header(raw(pkt)), extended_switch(42, 5, 43, 0)])]),
        {"agent": "10.1.1.1", "subAgent": 0, "flows": [flow(
            src="10.20.30.40", dst="10.20.30.1", proto=17, sport=33000, dport=53, vlan=42,
            input=5, output=9, rate=1000, rawBytes=len(raw(pkt)) + 4)], "counters": []})

    pkt = Ether(src=MAC_A, dst=MAC_B) / IPv6(src="2001:db8::1", dst="2001:db8:1::53", tc=0xb8) / \
        TCP(sport=40000, dport=22, flags="PA") / Raw(b"s" * 200)
    s["v6_tcp_expanded"] = (datagram("2001:db8::ff", 1, 1003, 100, [
        flow_sample(3, 20_000_000, 2048, 2048 * 9, 0, 20_000_000, 20_000_001, [raw_header(raw(pkt), stripped=4)],
                    expanded=True)]),
        {"agent": "2001:db8::ff", "subAgent": 1, "flows": [flow(
            src="2001:db8::1", dst="2001:db8:1::53", proto=6, sport=40000, dport=22, tcpFlags=0x18,
            tos=0xb8, input=20_000_000, output=20_000_001, rate=2048, rawBytes=len(raw(pkt)) + 4)],
            "counters": []})

    icmp4 = Ether(src=MAC_A, dst=MAC_B) / IP(src="192.0.2.1", dst="192.0.2.2") / ICMP(type=8, code=0) / Raw(b"p" * 56)
    icmp6 = Ether(src=MAC_A, dst=MAC_B) / IPv6(src="fe80::1", dst="ff02::1") / ICMPv6EchoRequest() / Raw(b"p" * 56)
    unreach = Ether(src=MAC_A, dst=MAC_B) / IP(src="192.0.2.1", dst="192.0.2.3") / ICMP(type=3, code=13) / \
        IP(src="192.0.2.3", dst="192.0.2.1") / UDP(sport=1, dport=2)
    s["icmp"] = (datagram("10.1.1.2", 0, 1, 1, [
        flow_sample(10, 1, 64, 640, 0, 1, 2, [raw_header(raw(icmp4))]),
        flow_sample(11, 1, 64, 704, 0, 1, 2, [raw_header(raw(icmp6))]),
        flow_sample(12, 1, 64, 768, 0, 1, 2, [raw_header(raw(unreach))])]),
        {"agent": "10.1.1.2", "subAgent": 0, "flows": [
            flow(src="192.0.2.1", dst="192.0.2.2", proto=1, dport=8 * 256, input=1, output=2, rate=64,
                 rawBytes=len(raw(icmp4)) + 4),
            flow(src="fe80::1", dst="ff02::1", proto=58, dport=128 * 256, input=1, output=2, rate=64,
                 rawBytes=len(raw(icmp6)) + 4),
            flow(src="192.0.2.1", dst="192.0.2.3", proto=1, dport=3 * 256 + 13, input=1, output=2, rate=64,
                 rawBytes=len(raw(unreach)) + 4)], "counters": []})

    pkt = Ether(src=MAC_A, dst=MAC_B) / IP(src="203.0.113.5", dst="8.8.8.8", tos=0xb8) / UDP(sport=5004, dport=5004) / \
        Raw(b"r" * 160)
    s["router_gateway"] = (datagram("10.1.1.3", 2, 77, 5, [
        flow_sample(20, 12, 4096, 409600, 1, 12, 13, [
            raw_header(raw(pkt)), extended_router("10.0.0.254", 24, 16),
            extended_gateway("10.0.0.1", 65000, 64512, 64513,
                             [(2, [64600, 64700, 15169])], communities=[65000 << 16 | 100], local_pref=200)])]),
        {"agent": "10.1.1.3", "subAgent": 2, "flows": [flow(
            src="203.0.113.5", dst="8.8.8.8", proto=17, sport=5004, dport=5004, tos=0xb8, input=12, output=13,
            rate=4096, rawBytes=len(raw(pkt)) + 4, nextHop="10.0.0.254", srcMask=24, dstMask=16,
            srcAS=64512, dstAS=15169)], "counters": []})

    s["sampled_ip"] = (datagram("10.1.1.4", 0, 5, 5, [
        flow_sample(30, 4, 100, 1000, 0, 4, 6, [
            sampled_ipv4(1500, 6, "172.16.0.1", "172.16.0.2", 1234, 80, 0x02, 0x10)]),
        flow_sample(31, 4, 100, 1100, 0, 4, 6, [
            sampled_ipv6(1280, 17, "2001:db8::a", "2001:db8::b", 4500, 4501, 0, 0x20)])]),
        {"agent": "10.1.1.4", "subAgent": 0, "flows": [
            flow(src="172.16.0.1", dst="172.16.0.2", proto=6, sport=1234, dport=80, tcpFlags=2, tos=0x10,
                 input=4, output=6, rate=100, rawBytes=1500),
            flow(src="2001:db8::a", dst="2001:db8::b", proto=17, sport=4500, dport=4501, tos=0x20,
                 input=4, output=6, rate=100, rawBytes=1280)], "counters": []})

    s["counters"] = (datagram("10.1.1.5", 3, 9, 9, [
        counter_sample(40, 1, [generic_interface(counters(1, 1)), ethernet_counters()]),
        counter_sample(41, 30_000_000, [ethernet_counters(), generic_interface(counters(30_000_000, 2))],
                       expanded=True)]),
        {"agent": "10.1.1.5", "subAgent": 3, "flows": [], "counters": [counters(1, 1), counters(30_000_000, 2)]})

    pkt = Ether(src=MAC_A, dst=MAC_B) / IP(src="192.0.2.77", dst="192.0.2.78") / TCP(sport=1, dport=2, flags="R")
    unknown_sample = tagged(4413, 5, b"\xde\xad\xbe\xef" * 3)
    unknown_record = tagged(9, 77, b"\x01\x02\x03\x04\x05\x06\x07\x08")
    # The vendor sample goes last: tshark 4.0 loses its place after a non-zero enterprise sample.
    s["mixed_unknown"] = (datagram("2001:db8::2", 4, 10, 10, [
        tagged(0, 5, b"\x00" * 16),
        flow_sample(50, 8, 10, 100, 0, 8, 2, [unknown_record, raw_header(raw(pkt), stripped=0)],
                    output_format=2),
        counter_sample(51, 8, [generic_interface(counters(8, 3))]),
        flow_sample(52, 8, 10, 110, 0, 0x2A, 0, [raw_header(raw(pkt), stripped=0)], input_format=1),
        unknown_sample]),
        {"agent": "2001:db8::2", "subAgent": 4, "flows": [
            flow(src="192.0.2.77", dst="192.0.2.78", proto=6, sport=1, dport=2, tcpFlags=4, input=8, output=0,
                 rate=10, rawBytes=len(raw(pkt))),
            flow(src="192.0.2.77", dst="192.0.2.78", proto=6, sport=1, dport=2, tcpFlags=4, input=0, output=0,
                 rate=10, rawBytes=len(raw(pkt)))],
            "counters": [counters(8, 3)]})

    pkt = Ether(src=MAC_A, dst=MAC_B) / IPv6(src="2001:db8::5", dst="2001:db8::6") / IPv6ExtHdrHopByHop() / \
        IPv6ExtHdrFragment(offset=0, m=1, id=7) / UDP(sport=7000, dport=7001) / Raw(b"f" * 64)
    s["v6_ext_headers"] = (datagram("10.1.1.6", 0, 11, 11, [
        flow_sample(60, 2, 256, 2560, 0, 2, 3, [raw_header(raw(pkt))])]),
        {"agent": "10.1.1.6", "subAgent": 0, "flows": [flow(
            src="2001:db8::5", dst="2001:db8::6", proto=17, sport=7000, dport=7001, input=2, output=3, rate=256,
            rawBytes=len(raw(pkt)) + 4)], "counters": []})

    ip_only = IP(src="100.64.0.1", dst="100.64.0.2", tos=4) / UDP(sport=123, dport=123) / Raw(b"n" * 48)
    s["raw_ipv4_header"] = (datagram("10.1.1.7", 0, 12, 12, [
        flow_sample(70, 2, 8, 80, 0, 2, 3, [raw_header(raw(ip_only), protocol=11, stripped=0)])]),
        {"agent": "10.1.1.7", "subAgent": 0, "flows": [flow(
            src="100.64.0.1", dst="100.64.0.2", proto=17, sport=123, dport=123, tos=4, input=2, output=3, rate=8,
            rawBytes=len(raw(ip_only)))], "counters": []})
    return s


def write_pcap(path, datagrams):
    w = PcapWriter(path, linktype=1, sync=True)
    for i, payload in enumerate(datagrams):
        w.write(Ether() / IP(src="127.0.0.1", dst="127.0.0.1") / UDP(sport=40000 + i, dport=6343) / Raw(payload))
    w.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out")
    ap.add_argument("--send", type=int)
    ap.add_argument("--pcap")
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args()
    s = scenarios()
    if a.out:
        os.makedirs(a.out, exist_ok=True)
        for name, (data, _) in s.items():
            with open(os.path.join(a.out, name + ".bin"), "wb") as f:
                f.write(data)
    if a.send:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for data, _ in s.values():
            sock.sendto(data, ("127.0.0.1", a.send))
    if a.pcap:
        write_pcap(a.pcap, [d for d, _ in s.values()])
    if a.list:
        json.dump({k: v for k, (_, v) in s.items()}, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
