#!/usr/bin/python3
"""Writes a small MaxMind DB (.mmdb, format 2.0) that maps prefixes to AS numbers.

Standard library only, written from the format specification
(https://maxmind.github.io/MaxMind-DB/). The records have the shape of MaxMind's
GeoLite2-ASN database: {"autonomous_system_number": uint32,
"autonomous_system_organization": string}.

Usage:
  make_test_mmdb.py OUT.mmdb --record-size 24|28|32 --ip-version 4|6 \
      PREFIX=ASN[:ORG] [PREFIX=ASN[:ORG] ...]

IPv4 prefixes in an IPv6 database go in the IPv4 subtree at ::/96 (::a.b.c.d), where
readers look IPv4 addresses up. ::ffff:0:0/96 is deliberately NOT aliased to it, so a
reader that looks IPv4 addresses up in their IPv4-mapped form misses.
"""
import argparse
import ipaddress
import struct
import sys
import time

METADATA_MARKER = b"\xab\xcd\xefMaxMind.com"

# Data section type numbers (spec, "Output Data Section").
T_POINTER, T_STRING, T_DOUBLE, T_BYTES, T_UINT16, T_UINT32, T_MAP = 1, 2, 3, 4, 5, 6, 7
T_INT32, T_UINT64, T_UINT128, T_ARRAY, T_CONTAINER, T_END, T_BOOL, T_FLOAT = range(8, 16)


def control(type_number, size):
    """The control byte(s): 3 type bits and 5 size bits, then the extended type byte for
    types above 7, then the extra size bytes for sizes of 29 and more."""
    if size < 29:
        size_bits, extra = size, b""
    elif size < 29 + 256:
        size_bits, extra = 29, bytes([size - 29])
    elif size < 285 + 65536:
        size_bits, extra = 30, struct.pack(">H", size - 285)
    else:
        size_bits, extra = 31, struct.pack(">I", size - 65821)[1:]
    if type_number <= 7:
        return bytes([(type_number << 5) | size_bits]) + extra
    return bytes([size_bits, type_number - 7]) + extra


def unsigned(type_number, value):
    """An unsigned integer in as few big-endian bytes as it needs (0 is zero bytes)."""
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big") if value else b""
    return control(type_number, len(raw)) + raw


def encode(value, kind=None):
    """Encodes a Python value. Integers are uint32 unless `kind` says otherwise; a tuple
    (kind, value) picks the type explicitly."""
    if isinstance(value, tuple):
        return encode(value[1], value[0])
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return control(T_STRING, len(raw)) + raw
    if isinstance(value, bool):
        return control(T_BOOL, 1 if value else 0)
    if isinstance(value, int):
        return unsigned(kind or T_UINT32, value)
    if isinstance(value, dict):
        out = control(T_MAP, len(value))
        for k, v in value.items():
            out += encode(k) + encode(v)
        return out
    if isinstance(value, list):
        out = control(T_ARRAY, len(value))
        for v in value:
            out += encode(v)
        return out
    raise TypeError(f"cannot encode {value!r}")


class Node:
    __slots__ = ("children", "number")

    def __init__(self):
        # Each child is None (no data), a Node, or ("data", offset in the data section).
        self.children = [None, None]
        self.number = -1


def insert(root, bits, length, leaf):
    """Sets the record for the first `length` bits of `bits` (a string of 0/1) to `leaf`.
    A data record met on the way down becomes a node whose two records both keep that
    data, so a longer prefix inside a shorter one splits it (insert shorter ones first)."""
    node = root
    for depth in range(length - 1):
        b = int(bits[depth])
        child = node.children[b]
        if not isinstance(child, Node):
            split = Node()
            split.children = [child, child]
            node.children[b] = split
            child = split
        node = child
    node.children[int(bits[length - 1])] = leaf


def tree_bits(network, ip_version):
    """The prefix bits as seen by the tree: IPv4 in an IPv6 tree sits at ::/96."""
    if network.version == 4:
        bits = format(int(network.network_address), "032b")
        return ("0" * 96 + bits, network.prefixlen + 96) if ip_version == 6 else (bits, network.prefixlen)
    if ip_version == 4:
        raise ValueError(f"{network} is IPv6 but the database is IPv4-only")
    return format(int(network.network_address), "0128b"), network.prefixlen


def pack_node(left, right, record_size):
    if record_size == 24:
        return left.to_bytes(3, "big") + right.to_bytes(3, "big")
    if record_size == 28:
        # 7 bytes: left's low 24 bits, a byte of (left's top nibble, right's top nibble),
        # then right's low 24 bits.
        middle = ((left >> 24) & 0x0F) << 4 | ((right >> 24) & 0x0F)
        return (left & 0xFFFFFF).to_bytes(3, "big") + bytes([middle]) + (right & 0xFFFFFF).to_bytes(3, "big")
    if record_size == 32:
        return left.to_bytes(4, "big") + right.to_bytes(4, "big")
    raise ValueError("record size must be 24, 28 or 32")


def build(entries, record_size=28, ip_version=6, database_type="GeoLite2-ASN"):
    """entries: list of (prefix text, asn, organisation). Returns the file's bytes."""
    data = b""
    offsets = {}
    root = Node()
    parsed = []
    for prefix, asn, org in entries:
        network = ipaddress.ip_network(prefix, strict=True)
        bits, length = tree_bits(network, ip_version)
        if length == 0:
            raise ValueError("a /0 prefix is not supported by this test writer")
        parsed.append((length, bits, asn, org))
    parsed.sort(key=lambda e: e[0])
    for length, bits, asn, org in parsed:
        key = (asn, org)
        if key not in offsets:
            offsets[key] = len(data)
            record = {"autonomous_system_number": asn}
            if org:
                record["autonomous_system_organization"] = org
            data += encode(record)
        insert(root, bits, length, ("data", offsets[key]))

    # Number nodes breadth first; the root is node 0.
    order = [root]
    i = 0
    while i < len(order):
        node = order[i]
        node.number = i
        for c in node.children:
            if isinstance(c, Node):
                order.append(c)
        i += 1
    node_count = len(order)

    def record_value(child):
        if child is None:
            return node_count  # "no data"
        if isinstance(child, Node):
            return child.number
        # Data pointer: offset from the data section start + node_count + 16.
        return node_count + 16 + child[1]

    limit = 1 << record_size
    tree = b""
    for node in order:
        left, right = (record_value(c) for c in node.children)
        if left >= limit or right >= limit:
            raise ValueError(f"record value too large for {record_size}-bit records")
        tree += pack_node(left, right, record_size)

    metadata = {
        "node_count": node_count,
        "record_size": (T_UINT16, record_size),
        "ip_version": (T_UINT16, ip_version),
        "database_type": database_type,
        "languages": ["en"],
        "binary_format_major_version": (T_UINT16, 2),
        "binary_format_minor_version": (T_UINT16, 0),
        "build_epoch": (T_UINT64, int(time.time())),
        "description": {"en": "Netsight test ASN database"},
    }
    return tree + b"\x00" * 16 + data + METADATA_MARKER + encode(metadata)


def parse_entry(text):
    prefix, _, rest = text.partition("=")
    asn, _, org = rest.partition(":")
    return prefix, int(asn), org


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--record-size", type=int, default=28, choices=[24, 28, 32])
    p.add_argument("--ip-version", type=int, default=6, choices=[4, 6])
    p.add_argument("--database-type", default="GeoLite2-ASN")
    p.add_argument("entries", nargs="+", help="PREFIX=ASN[:ORG]")
    a = p.parse_args(argv)
    blob = build([parse_entry(e) for e in a.entries], a.record_size, a.ip_version, a.database_type)
    with open(a.out, "wb") as f:
        f.write(blob)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
