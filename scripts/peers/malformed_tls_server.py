#!/usr/bin/env python3
"""A fake TLS 1.2 server on 127.0.0.1 that presents a broken certificate.

No real TLS server can be made to send a certificate that is not DER (OpenSSL parses its
own chain when loading it), so this speaks just enough TLS by hand: it reads the client's
ClientHello, answers with a TLS 1.2 ServerHello (a cipher suite the client offered), a
Certificate message holding the chosen broken chain, and ServerHelloDone, then waits for
the client to give up and close. Nothing is encrypted: the handshake never gets that far.

Usage: malformed_tls_server.py --variant NAME [--leaf-der FILE] --ready FILE
The listening port is written to the ready file once the socket listens.
Variants:
  garbage          the leaf is random bytes (never starting like DER)
  truncated        the leaf is a real certificate cut in half
  wrong-length     the leaf is a SEQUENCE whose length claims more bytes than follow
  garbage-chain    a real leaf followed by random bytes as the second certificate
  empty            the Certificate message holds no certificate at all
"""

import argparse
import os
import random
import socket
import struct
import threading

# ECDHE-RSA/ECDSA AES-GCM and plain RSA suites; the first the client offers is used.
SUITES = [0xC02F, 0xC02B, 0xC030, 0xC02C, 0x009C, 0xC013]


def u24(n):
    return struct.pack(">I", n)[1:]


def record(content_type, body):
    return struct.pack(">BHH", content_type, 0x0303, len(body)) + body


def handshake(msg_type, body):
    return bytes([msg_type]) + u24(len(body)) + body


def read_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError("client closed")
        data += chunk
    return data


def read_client_hello(conn):
    """Returns the cipher suites of the ClientHello (which may span several records)."""
    message = b""
    while True:
        header = read_exact(conn, 5)
        content_type, _, length = struct.unpack(">BHH", header)
        body = read_exact(conn, length)
        if content_type != 22:
            raise ValueError("not a handshake record")
        message += body
        if len(message) >= 4:
            total = struct.unpack(">I", b"\x00" + message[1:4])[0] + 4
            if len(message) >= total:
                break
    if message[0] != 1:
        raise ValueError("not a ClientHello")
    pos = 4 + 2 + 32  # type+length, client_version, random
    pos += 1 + message[pos]  # session id
    suites_len = struct.unpack(">H", message[pos:pos + 2])[0]
    raw = message[pos + 2:pos + 2 + suites_len]
    return [struct.unpack(">H", raw[i:i + 2])[0] for i in range(0, len(raw), 2)]


def random_bytes(n):
    data = bytearray(random.getrandbits(8) for _ in range(n))
    data[0] = 0x7A  # never 0x30, the start of a DER SEQUENCE
    return bytes(data)


def chain_for(variant, leaf):
    if variant == "garbage":
        return [random_bytes(600)]
    if variant == "truncated":
        return [leaf[:len(leaf) // 2]]
    if variant == "wrong-length":
        # The outer SEQUENCE says 0x1000 content bytes; far fewer follow.
        return [b"\x30\x82\x10\x00" + leaf[4:]]
    if variant == "garbage-chain":
        return [leaf, random_bytes(400)]
    if variant == "empty":
        return []
    raise ValueError("unknown variant " + variant)


def serve(conn, variant, leaf):
    try:
        offered = read_client_hello(conn)
        suite = next((s for s in SUITES if s in offered), None)
        if suite is None:
            return
        server_random = os.urandom(32)
        extensions = b"\xff\x01\x00\x01\x00"  # renegotiation_info, empty
        hello = (struct.pack(">H", 0x0303) + server_random + b"\x00" + struct.pack(">H", suite) + b"\x00"
                 + struct.pack(">H", len(extensions)) + extensions)
        certs = b"".join(u24(len(c)) + c for c in chain_for(variant, leaf))
        flight = (handshake(2, hello) + handshake(11, u24(len(certs)) + certs) + handshake(14, b""))
        conn.sendall(record(22, flight))
        # Wait for the client's alert or close; never send anything more.
        conn.settimeout(30)
        while conn.recv(4096):
            pass
    except (OSError, ValueError, ConnectionError):
        pass
    finally:
        conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--variant", required=True)
    parser.add_argument("--leaf-der")
    parser.add_argument("--ready", required=True)
    args = parser.parse_args()
    leaf = open(args.leaf_der, "rb").read() if args.leaf_der else b""
    if args.variant in ("truncated", "wrong-length", "garbage-chain") and not leaf:
        parser.error("this variant needs --leaf-der")
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    tmp = args.ready + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(listener.getsockname()[1]))
    os.rename(tmp, args.ready)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn, args.variant, leaf), daemon=True).start()


if __name__ == "__main__":
    main()
