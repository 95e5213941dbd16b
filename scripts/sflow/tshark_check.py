#!/usr/bin/python3
"""Decodes sFlow datagram files with tshark's sFlow dissector and writes what it shows.

  tshark_check.py DIR [--expect]

Wraps every DIR/*.bin in a UDP packet to port 6343, runs `tshark -T pdml`, and reduces each
datagram to the fields Netsight's FlowRecord / InterfaceCounterSample carry, using the same
conventions as the Swift decoder (ICMP type*256+code in dport; interface formats other than
"ifIndex" become 0; bytes = frame_length * sampling rate; the extended switch VLAN wins over
the 802.1Q tag; the extended router next hop wins over the gateway's; dstAS = last AS of the
path). The result goes to DIR/tshark.json, which the Swift tests compare their output with.

With --expect, the values are also compared with what sflow_gen.py meant to encode, which
is how the generator itself is checked against an independent decoder. Exit status 1 on any
difference.
"""
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from scapy.all import IP, UDP, Ether, PcapWriter, Raw

L4 = {"tcp": 6, "udp": 17, "icmp": 1, "icmpv6": 58}


def num(text):
    return int(text, 16) if text.startswith("0x") else int(text)


def fields(node):
    """(name, show) for every descendant field and proto, in document order."""
    out = []
    for el in node.iter():
        if el is node:
            continue
        if el.tag == "proto":
            out.append(("proto:" + el.get("name", ""), ""))
        elif el.tag == "field":
            out.append((el.get("name", ""), el.get("show", "")))
    return out


def first(fs, name, default=None):
    for n, v in fs:
        if n == name:
            return v
    return default


def records(sample):
    """Direct child fields that hold a flow or counter record."""
    return [c for c in sample if c.tag == "field" and c.get("name") == ""]


def interface(fs, which):
    # tshark 4.0 spells the expanded output format "output_interface.format".
    fmt = first(fs, "sflow.flow_sample.%s_interface_format" % which,
                first(fs, "sflow.flow_sample.%s_interface.format" % which))
    value = first(fs, "sflow.flow_sample.%s_interface_value" % which)
    direct = first(fs, "sflow.flow_sample.%s_interface" % which)
    if direct is not None and fmt is None:
        # Compact input: tshark shows the whole word; the top two bits are the format.
        v = num(direct) if num(direct) >> 30 == 0 else 0
    elif fmt is not None:
        v = num(value) if num(fmt) == 0 else 0
    else:
        v = 0
    return 0 if v == 0x3FFFFFFF else v


def header_fields(fs, flow):
    """L2-L4 fields from the sub-dissectors tshark ran on a raw packet header."""
    names = [n for n, _ in fs]
    vlan = first(fs, "vlan.id")
    if vlan is not None:
        flow["vlan"] = num(vlan)
    if "proto:ip" in names:
        flow["src"], flow["dst"] = first(fs, "ip.src"), first(fs, "ip.dst")
        flow["proto"] = num(first(fs, "ip.proto"))
        flow["tos"] = num(first(fs, "ip.dsfield"))
    elif "proto:ipv6" in names:
        flow["src"], flow["dst"] = first(fs, "ipv6.src"), first(fs, "ipv6.dst")
        flow["tos"] = num(first(fs, "ipv6.tclass"))
        nxt = [num(v) for n, v in fs if n == "ipv6.nxt"]
        flow["proto"] = nxt[-1] if nxt else 0
    else:
        return
    for n, _ in fs:
        if n.startswith("proto:") and n[6:] in L4:
            p = n[6:]
            flow["proto"] = L4[p]
            if p in ("tcp", "udp"):
                flow["sport"] = num(first(fs, p + ".srcport"))
                flow["dport"] = num(first(fs, p + ".dstport"))
                if p == "tcp":
                    flow["tcpFlags"] = num(first(fs, "tcp.flags")) & 0xFF
            else:
                flow["dport"] = num(first(fs, p + ".type")) * 256 + num(first(fs, p + ".code"))
            break


def pos_of(node, name):
    for el in node.iter("field"):
        if el.get("name") == name:
            return int(el.get("pos"))
    raise KeyError(name)


def word_at(data, pos):
    return int.from_bytes(data[pos:pos + 4], "big")


def flow_sample(sample, frame_bytes):
    fs = fields(sample)
    flow = {"src": "", "dst": "", "proto": 0, "sport": 0, "dport": 0, "tcpFlags": 0, "tos": 0, "vlan": 0,
            "input": interface(fs, "input"), "output": interface(fs, "output"),
            "rate": num(first(fs, "sflow.flow_sample.sampling_rate")), "rawBytes": 0, "bytes": 0,
            "nextHop": "", "srcMask": 0, "dstMask": 0, "srcAS": 0, "dstAS": 0}
    frame = eth_len = ip_len = None
    have_header_ip = False
    switch_vlan = 0
    gateway_hop = ""
    for rec in records(sample):
        rf = fields(rec)
        fmt = first(rf, "sflow_245.flow_record_format")
        if fmt is None:
            continue  # a vendor record tshark lists as "Unknown enterprise format"
        fmt = num(fmt)
        if fmt == 1:
            frame = num(first(rf, "sflow_245.header.frame_length"))
            header_fields(rf, flow)
            have_header_ip = flow["src"] != ""
        elif fmt == 2:
            eth_len = num(first(rf, "sflow_245.ethernet.length"))
        elif fmt in (3, 4):
            ip_len = num(first(rf, "sflow_245.ip.length"))
            if not have_header_ip:
                v4 = fmt == 3
                flow["src"] = first(rf, "sflow_245.ipv4_src" if v4 else "sflow_245.ipv6_src")
                flow["dst"] = first(rf, "sflow_245.ipv4_dst" if v4 else "sflow_245.ipv6_dst")
                flow["proto"] = num(first(rf, "sflow.ip_protocol"))
                flow["sport"] = num(first(rf, "sflow_245.ip.source_port"))
                flow["dport"] = num(first(rf, "sflow.ip.destination_port"))
                # tshark 4.0 shows tcp_flags and IPv4 tos as the FIRST byte of their 32-bit
                # words (always 0 for real values); read the word where tshark points instead.
                flow["tcpFlags"] = word_at(frame_bytes, pos_of(rec, "sflow_245.ip.tcp_flag.fin")) & 0xFF
                if v4:
                    flow["tos"] = word_at(frame_bytes, pos_of(rec, "sflow_245.ipv4_precedence_type")) & 0xFF
                else:
                    flow["tos"] = num(first(rf, "sflow_245.ipv6_priority"))
        elif fmt == 1001:
            switch_vlan = num(first(rf, "sflow_245.vlan.in"))
        elif fmt == 1002:
            flow["nextHop"] = first(rf, "sflow_245.nexthop") or first(rf, "sflow_245.nexthop.v6")
            flow["srcMask"] = num(first(rf, "sflow_245.nexthop.src_mask"))
            flow["dstMask"] = num(first(rf, "sflow_245.nexthop.dst_mask"))
        elif fmt == 1003:
            gateway_hop = first(rf, "sflow_245.nexthop") or first(rf, "sflow_245.nexthop.v6")
            router_as = num(first(rf, "sflow_245.as"))
            src_as = num(first(rf, "sflow_245.srcAS"))
            # tshark 4.0 also labels communities "dstAS": take the ones under an AS segment.
            path = [num(f.get("show")) for seg in rec.iter("field") if seg.get("name") == "sflow.as_type"
                    for f in seg.iter("field") if f.get("name") == "sflow_245.dstAS"]
            flow["srcAS"] = src_as or router_as
            flow["dstAS"] = path[-1] if path else router_as
    if switch_vlan:
        flow["vlan"] = switch_vlan
    if not flow["nextHop"]:
        flow["nextHop"] = gateway_hop
    raw_bytes = frame if frame is not None else eth_len if eth_len is not None else ip_len or 0
    flow["rawBytes"] = raw_bytes
    flow["bytes"] = raw_bytes * (flow["rate"] or 1)
    return flow


COUNTERS = [("ifIndex", "ifindex"), ("ifType", "iftype"), ("ifSpeed", "ifspeed"), ("ifDirection", "ifdirection"),
            ("inOctets", "ifinoct"), ("inUcast", "ifinpkt"), ("inMcast", "ifinmcast"), ("inBcast", "ifinbcast"),
            ("inDiscards", "ifindisc"), ("inErrors", "ifinerr"), ("inUnknown", "ifinunk"),
            ("outOctets", "ifoutoct"), ("outUcast", "ifoutpkt"), ("outMcast", "ifoutmcast"),
            ("outBcast", "ifoutbcast"), ("outDiscards", "ifoutdisc"), ("outErrors", "ifouterr"),
            ("promiscuous", "ifpromisc")]


def counter_sample(sample):
    out = []
    for rec in records(sample):
        rf = fields(rec)
        if num(first(rf, "sflow_245.counters_record_format", "0")) != 1:
            continue
        c = {k: num(first(rf, "sflow_245." + f)) for k, f in COUNTERS}
        c["ifStatus"] = num(first(rf, "sflow_245.ifadmin_status")) | num(first(rf, "sflow_245.ifoper_status")) << 1
        out.append(c)
    return out


def decode(paths):
    with tempfile.TemporaryDirectory() as tmp:
        pcap = os.path.join(tmp, "all.pcap")
        w = PcapWriter(pcap, linktype=1, sync=True)
        for i, p in enumerate(paths):
            with open(p, "rb") as f:
                w.write(Ether() / IP(src="127.0.0.1", dst="127.0.0.1") / UDP(sport=40000, dport=6343) / Raw(f.read()))
        w.close()
        xml = subprocess.run(["tshark", "-r", pcap, "-d", "udp.port==6343,sflow", "-o", "ipv6.defragment:FALSE",
                              "-o", "ip.defragment:FALSE", "-T", "pdml"],
                             check=True, capture_output=True).stdout
    root = ET.fromstring(xml)
    result = {}
    for path, packet in zip(paths, root.findall("packet")):
        with open(path, "rb") as f:
            frame_bytes = b"\0" * 42 + f.read()  # Ethernet + IPv4 + UDP in front, as written above
        sflow = [p for p in packet.findall("proto") if p.get("name") == "sflow"][0]
        top = fields(sflow)
        d = {"agent": first(top, "sflow_245.agent") or first(top, "sflow_245.agent.v6"),
             "subAgent": num(first(top, "sflow_245.sub_agent_id")), "flows": [], "counters": [],
             "malformed": any(p.get("name") == "_ws.malformed" for p in packet.iter("proto"))}
        for sample in records(sflow):
            sf = fields(sample)
            kind = first(sf, "sflow_245.sampletype")
            kind = num(kind) if kind is not None and first(sf, "sflow.enterprise") == "0" else 0
            if kind in (1, 3):
                d["flows"].append(flow_sample(sample, frame_bytes))
            elif kind in (2, 4):
                d["counters"] += counter_sample(sample)
        result[os.path.basename(path)] = d
    return result


def main():
    directory = sys.argv[1]
    paths = sorted(os.path.join(directory, f) for f in os.listdir(directory) if f.endswith(".bin"))
    result = decode(paths)
    with open(os.path.join(directory, "tshark.json"), "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
    bad = 0
    for name, d in result.items():
        if d["malformed"]:
            print("tshark calls %s malformed" % name)
            bad += 1
    if "--expect" in sys.argv:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from sflow_gen import scenarios
        for scenario, (_, expect) in scenarios().items():
            got = result.get(scenario + ".bin")
            got = {k: v for k, v in got.items() if k != "malformed"} if got else None
            if got != expect:
                bad += 1
                print("MISMATCH %s\n  tshark: %s\n  meant:  %s" % (scenario, json.dumps(got), json.dumps(expect)))
    print("%d datagrams, %d problems" % (len(result), bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
