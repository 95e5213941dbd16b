#!/usr/bin/python3
"""Captures real SNMP datagrams from Debian's net-snmp for the SNMPCodec tests.

Starts snmpd and snmptrapd on 127.0.0.1 (random high ports, private config and
persistent directories), runs net-snmp's command-line tools through a small UDP relay
that records every datagram in both directions, and writes one scenario per directory:

    OUT/<scenario>/command.txt        the command that produced it
    OUT/<scenario>/NN-request.bin     a datagram the tool sent (towards the daemon)
    OUT/<scenario>/NN-response.bin    a datagram the daemon sent back

NN counts datagrams in the order the relay saw them. Loopback only; every process this
script starts is stopped by its PID. Needs packages snmpd, snmp and snmptrapd.

usage: capture_snmp.py [OUT_DIR]   (default: Tests/SNMPCodecTests/Fixtures)
"""
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

# Users and passwords. The tests hard-code the same values (SNMPFixtureCredentials.swift).
USERS = {
    "shaaes": ("SHA", "shaauthpass", "AES", "shaprivpass", "priv"),
    "md5des": ("MD5", "md5authpass", "DES", "md5privpass", "priv"),
    "sha224": ("SHA-224", "sha224authpass", None, None, "auth"),
    "sha256": ("SHA-256", "sha256authpass", None, None, "auth"),
    "sha384": ("SHA-384", "sha384authpass", None, None, "auth"),
    "sha512aes": ("SHA-512", "sha512authpass", "AES", "sha512privpass", "priv"),
}
INFORM_USER = ("informuser", "SHA", "informauthpass", "AES", "informprivpass")
AGENT_ENGINE_ID_TEXT = "netsight-agent"
TRAPD_ENGINE_ID_TEXT = "netsight-trapd"


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Relay(threading.Thread):
    """Forwards client datagrams to `upstream` and replies back to the last client,
    recording (direction, bytes) for each."""

    def __init__(self):
        super().__init__(daemon=True)
        self.front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.front.bind(("127.0.0.1", 0))
        self.back = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.back.bind(("127.0.0.1", 0))
        self.port = self.front.getsockname()[1]
        self.upstream = None
        self.client = None
        self.lock = threading.Lock()
        self.records = []
        self.stopped = False

    def run(self):
        while not self.stopped:
            ready, _, _ = select.select([self.front, self.back], [], [], 0.1)
            for sock in ready:
                data, addr = sock.recvfrom(65535)
                with self.lock:
                    if sock is self.front:
                        self.client = addr
                        self.records.append(("request", data))
                        self.back.sendto(data, ("127.0.0.1", self.upstream))
                    elif self.client is not None:
                        self.records.append(("response", data))
                        self.front.sendto(data, self.client)

    def take(self):
        time.sleep(0.3)  # let late replies arrive
        with self.lock:
            out, self.records = self.records, []
        return out


def start(cmd, env, log):
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    time.sleep(0.6)
    if proc.poll() is not None:
        raise SystemExit(f"{cmd[0]} exited early; see {log.name}")
    return proc


def main():
    out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "Tests/SNMPCodecTests/Fixtures")
    work = tempfile.mkdtemp(prefix="netsight-snmp-")
    env = dict(os.environ, SNMP_PERSISTENT_DIR=os.path.join(work, "persist"), MIBS="", SNMPCONFPATH=work)
    agent_port, trapd_port = free_port(), free_port()

    agent_conf = os.path.join(work, "snmpd.conf")
    with open(agent_conf, "w") as f:
        f.write(f"agentAddress udp:127.0.0.1:{agent_port}\n")
        f.write(f"engineIDType 4\nengineID {AGENT_ENGINE_ID_TEXT}\n")
        f.write("rocommunity public 127.0.0.1\n")
        f.write("sysName fixture-agent\nsysLocation lab rack 1\nsysContact noc@example.net\n")
        for user, (a, ap, x, xp, level) in USERS.items():
            priv = f' {x} "{xp}"' if x else ""
            f.write(f'createUser {user} {a} "{ap}"{priv}\nrouser {user} {level}\n')
    trapd_conf = os.path.join(work, "snmptrapd.conf")
    with open(trapd_conf, "w") as f:
        f.write(f"snmpTrapdAddr udp:127.0.0.1:{trapd_port}\n")
        f.write(f"engineIDType 4\nengineID {TRAPD_ENGINE_ID_TEXT}\n")
        f.write("authCommunity log public\n")
        u, a, ap, x, xp = INFORM_USER
        f.write(f'createUser {u} {a} "{ap}" {x} "{xp}"\nauthUser log {u} priv\n')

    procs = []
    relay = Relay()
    relay.start()
    try:
        with open(os.path.join(work, "snmpd.log"), "w") as log:
            procs.append(start(["snmpd", "-f", "-C", "-c", agent_conf, "-Lf", os.path.join(work, "snmpd.out")],
                               dict(env, SNMP_PERSISTENT_DIR=os.path.join(work, "agent")), log))
        with open(os.path.join(work, "snmptrapd.log"), "w") as log:
            procs.append(start(["snmptrapd", "-f", "-C", "-c", trapd_conf, "-Lf", os.path.join(work, "trapd.out")],
                               dict(env, SNMP_PERSISTENT_DIR=os.path.join(work, "trapd")), log))
        target = f"127.0.0.1:{relay.port}"
        common = ["-On", "-t", "2", "-r", "0"]

        def v3(user):
            a, ap, x, xp, level = USERS[user]
            args = ["-v3", "-u", user, "-a", a, "-A", ap]
            if x:
                return args + ["-l", "authPriv", "-x", x, "-X", xp]
            return args + ["-l", "authNoPriv"]

        sys_oids = [".1.3.6.1.2.1.1.1.0", ".1.3.6.1.2.1.1.2.0", ".1.3.6.1.2.1.1.3.0", ".1.3.6.1.2.1.1.5.0"]
        agent = [
            ("v2c-get", ["snmpget", "-v2c", "-c", "public"] + common + [target] + sys_oids),
            ("v2c-getnext", ["snmpgetnext", "-v2c", "-c", "public"] + common + [target, ".1.3.6.1.2.1.1.9.1.2"]),
            ("v2c-bulk-interfaces", ["snmpbulkget", "-v2c", "-c", "public", "-Cn1", "-Cr12"] + common +
             [target, ".1.3.6.1.2.1.1.3.0", ".1.3.6.1.2.1.2.2.1"]),
            ("v2c-bulk-counter64", ["snmpbulkget", "-v2c", "-c", "public", "-Cn0", "-Cr6"] + common +
             [target, ".1.3.6.1.2.1.31.1.1.1.6", ".1.3.6.1.2.1.4.20.1.1"]),
            ("v2c-exceptions", ["snmpget", "-v2c", "-c", "public"] + common +
             [target, ".1.3.6.1.2.1.1.99.0", ".1.3.6.1.2.1.1.1.99", ".1.3.6.1.2.1.1.5.0"]),
            ("v2c-end-of-mib", ["snmpgetnext", "-v2c", "-c", "public"] + common + [target, ".2.1"]),
            ("v1-get", ["snmpget", "-v1", "-c", "public"] + common + [target] + sys_oids),
            ("v1-nosuchname", ["snmpget", "-v1", "-c", "public"] + common + [target, ".1.3.6.1.2.1.1.99.0"]),
            ("v3-sha-aes-get", ["snmpget"] + v3("shaaes") + common + [target] + sys_oids),
            ("v3-md5-des-get", ["snmpget"] + v3("md5des") + common + [target] + sys_oids),
            ("v3-sha224-authnopriv-get", ["snmpget"] + v3("sha224") + common + [target, ".1.3.6.1.2.1.1.5.0"]),
            ("v3-sha256-authnopriv-bulk", ["snmpbulkget"] + v3("sha256") + ["-Cn1", "-Cr5"] + common +
             [target, ".1.3.6.1.2.1.1.3.0", ".1.3.6.1.2.1.2.2.1.2"]),
            ("v3-sha384-authnopriv-get", ["snmpget"] + v3("sha384") + common + [target, ".1.3.6.1.2.1.1.5.0"]),
            ("v3-sha512-aes-get", ["snmpget"] + v3("sha512aes") + common + [target, ".1.3.6.1.2.1.1.5.0"]),
            ("v3-wrong-auth-password", ["snmpget", "-v3", "-u", "shaaes", "-a", "SHA", "-A", "not-the-password",
                                        "-l", "authNoPriv"] + common + [target, ".1.3.6.1.2.1.1.5.0"]),
            ("v3-unknown-user", ["snmpget", "-v3", "-u", "nobody", "-l", "noAuthNoPriv"] + common +
             [target, ".1.3.6.1.2.1.1.5.0"]),
        ]
        u, a, ap, x, xp = INFORM_USER
        trapd = [
            ("v2c-trap", ["snmptrap", "-v2c", "-c", "public", target, "12345", ".1.3.6.1.6.3.1.1.5.3",
                          ".1.3.6.1.2.1.2.2.1.1.2", "i", "2", ".1.3.6.1.2.1.2.2.1.7.2", "i", "1",
                          ".1.3.6.1.2.1.2.2.1.8.2", "i", "2"]),
            ("v1-trap", ["snmptrap", "-v1", "-c", "public", target, ".1.3.6.1.4.1.8072.3.2.10", "127.0.0.1",
                         "2", "0", "12345", ".1.3.6.1.2.1.2.2.1.1.2", "i", "2"]),
            ("v3-inform", ["snmpinform", "-v3", "-u", u, "-l", "authPriv", "-a", a, "-A", ap, "-x", x, "-X", xp,
                           "-t", "2", "-r", "0", target, "12345", ".1.3.6.1.6.3.1.1.5.4",
                           ".1.3.6.1.2.1.2.2.1.1.2", "i", "2", ".1.3.6.1.2.1.1.5.0", "s", "fixture-agent"]),
        ]
        for upstream, scenarios in ((agent_port, agent), (trapd_port, trapd)):
            relay.upstream = upstream
            for name, cmd in scenarios:
                result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=20)
                records = relay.take()
                if not records:
                    raise SystemExit(f"{name}: nothing captured ({result.stderr.strip()})")
                directory = os.path.join(out, name)
                shutil.rmtree(directory, ignore_errors=True)
                os.makedirs(directory)
                with open(os.path.join(directory, "command.txt"), "w") as f:
                    shown = [c.replace(str(relay.port), "RELAY") for c in cmd]
                    f.write(" ".join(shown) + "\n")
                    f.write("# exit " + str(result.returncode) + "; output:\n")
                    for line in (result.stdout + result.stderr).splitlines():
                        if not line.startswith("Created directory"):
                            f.write("# " + line + "\n")
                for i, (direction, data) in enumerate(records, 1):
                    with open(os.path.join(directory, f"{i:02d}-{direction}.bin"), "wb") as f:
                        f.write(data)
                print(f"{name}: {len(records)} datagrams, exit {result.returncode}")
    finally:
        relay.stopped = True
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
