#!/usr/bin/python3
"""Writes each UDP datagram received on 127.0.0.1:PORT to DIR/pmacctd-NNN.bin; exits after
IDLE seconds without traffic (loopback only, for recording test fixtures)."""
import os
import socket
import sys

port, directory, idle = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", port))
sock.settimeout(idle + 5)  # the first datagram may take a while
n = 0
while True:
    try:
        data, _ = sock.recvfrom(65535)
    except socket.timeout:
        break
    with open(os.path.join(directory, "pmacctd-%03d.bin" % n), "wb") as f:
        f.write(data)
    n += 1
    sock.settimeout(idle)
print("udp_sink: %d datagrams" % n)
