#!/usr/bin/env python3
"""Synthetic routers for snmpsim (Debian's snmpsim 0.4.5): one .snmprec file per device.

Usage:
    make_snmprec.py COUNT INTERFACES OUTDIR [--prefix dev] [--lldp-ports 4]
                    [--wrap-devices N] [--wrap-after SECONDS]
                    [--restart-devices N] [--restart-period SECONDS]
                    [--static] [--first-index 0]

Writes OUTDIR/<community>.snmprec for COUNT devices and OUTDIR/manifest.json. snmpsimd
picks a recording by SNMPv1/v2c community: the file name stem IS the community
("dev0000" ... with the default prefix). Serve them with

    snmpsimd --data-dir=OUTDIR --cache-dir=CACHE --agent-udpv4-endpoint=127.0.0.1:PORT \
             --process-user=nobody --process-group=nogroup   # the last two when root

Each device is a plausible router with INTERFACES Gigabit ports:
  - system group: sysDescr, sysObjectID (a Cisco-like .1.3.6.1.4.1.9.1.N), sysUpTime
    (counts 100 ticks/s), sysContact, sysName ("<community>.lab.example", unique),
    sysLocation, sysServices 6; ifNumber.
  - ifTable (.1.3.6.1.2.1.2.2.1, all 22 columns) and ifXTable (.1.3.6.1.2.1.31.1.1.1,
    all 19 columns) for ifIndex 1..INTERFACES: ifDescr/ifName "GigabitEthernet0/N"
    (N = ifIndex), ifAlias "uplink to ..." / "access port N", ifType 6, ifMtu 1500,
    ifSpeed 1000000000, ifHighSpeed 1000, admin up, oper up except every 12th port
    (ifIndex % 12 == 0: oper down, its counters frozen), 32-bit and HC counters.
  - HOST-RESOURCES: hrSystemUptime, hrMemorySize, hrStorageTable rows 1 (RAM, "Processor
    memory") and 2 (flash, "flash:"), with hrStorageUsed varying; hrProcessorTable rows
    for hrDeviceIndex 1 and 2 with hrProcessorLoad varying between 20 and 60 (%).
  - CISCO-PROCESS-MIB cpmCPUTotal5secRev/1minRev/5minRev.1 (Gauge32, 20..50 %): the
    last objects, so MIB-2 walks end inside the view (see the note at the end).
  - LLDP-MIB (.1.0.8802.1.1.2): lldpLocChassisId/SysName, lldpLocPortTable for every
    port, and lldpRemTable entries (timeMark 0, lldpRemLocalPortNum = ifIndex, index 1)
    on the first --lldp-ports ports: port 1 sees the next device's port 2 and port 2 the
    previous device's port 1 (a ring over the COUNT devices, so a topology can be checked),
    ports 3.. see servers "srv-<device>-<port>" that are not simulated.

The .snmprec format (what snmpsim 0.4.5 reads), one variable per line, lines sorted by OID
(numerically, component by component):

    OID|TAG|VALUE                e.g. 1.3.6.1.2.1.1.5.0|4|dev0000.lab.example
    OID|TAGx|HEX                 value as hex bytes, e.g. ifPhysAddress |4x|00005e0001ff
    OID|TAG:numeric|OPTIONS      value computed at each request by the variation module

  TAG is the ASN.1 tag number: 2 INTEGER, 4 OCTET STRING, 6 OBJECT IDENTIFIER,
  64 IpAddress, 65 Counter32, 66 Gauge32, 67 TimeTicks, 70 Counter64.

Changing values use snmpsim's `numeric` variation module (/usr/share/snmpsim/variation/
numeric.py). Its value at a request is

    v = initial + rate * (now - T0)                                (no `function`)
    v = initial + offset + scale * f(rate * (now - T0))            (function=f, from math)

  where T0 is when snmpsimd started (the module's load time: every device served by one
  snmpsimd process shares it), then clamped to [min, max]; with `wrap=1` a value above max
  becomes v % max + min instead. max defaults to 2^32-1 (2^64-1 for tag 70). The value
  is truncated to an integer. So:

  - Counters growing at a known rate: ifHCInOctets `70:numeric|initial=H,rate=R` grows by
    R octets/s, i.e. 8*R bit/s; R for every port is in manifest.json (in_octets_per_s,
    out_octets_per_s). Unicast packet counters grow at R/500 (500-byte packets),
    multicast at R/40000, broadcast at R/100000 (ifInNUcastPkts at R/20000), discards at
    0.01/s on every 5th port, errors at 0.002/s on every 7th, other ports 0.
  - 32-bit counters wrap as real ones do: ifInOctets is
    `65:numeric|initial=H mod 2^32,rate=R,max=4294967296,wrap=1`, so it stays equal to
    ifHCInOctets mod 2^32 (max is 2^32, not 2^32-1, so a wrap loses nothing; a value of
    exactly 2^32 would be rejected by pysnmp, which needs the float to hit it exactly).
  - Counter wrap soon (--wrap-devices N): the first N devices start their octet counters
    --wrap-after seconds (default 30) before ifInOctets/ifOutOctets wrap past 2^32 (and
    ifHCInOctets crosses 5*2^32, staying monotonic).
  - Agent restart (--restart-devices N): the last N devices restart every
    --restart-period seconds (default 300): sysUpTime, hrSystemUptime and every counter
    are `initial=0,...,max=rate*PERIOD,wrap=1`, so all of them fall back to about 0 together
    at T0 + k*PERIOD, as after a reboot. (snmpsim cannot stop answering or change
    sysUpTime on demand; `writecache` only stores SET values, `notification` sends traps.
    A real outage is simulated by stopping snmpsimd by PID.)
  - Gauges that move: hrProcessorLoad `2:numeric|function=sin,rate=R,scale=20,offset=40,
    max=100` (20..60 %, period 2*pi/R seconds), hrStorageUsed likewise around its middle.

--static writes plain values instead of `numeric` (the counters' initial values): the same
file for every walk, for byte-for-byte comparisons and for measuring snmpsim without the
variation module's cost.

Note for comparisons: when a GetBulk walk reaches the end of the agent's whole MIB view,
snmpsim answers endOfMibView for the remaining repetitions and `snmpbulkwalk` prints one
"No more variables left in this MIB View" line for each of them (how many depends on
max-repetitions). A walk of .1.3.6.1 or .1 of these devices ends that way; walks of any
MIB-2 subtree do not.

Everything is a pure function of (device index, interface index, options): running the
script twice gives the same files.
"""

import argparse
import json
import os
import sys

TWO32 = 1 << 32


def oid_key(oid):
    return tuple(int(x) for x in oid.split("."))


class Device:
    def __init__(self, index, args):
        self.index = index
        self.args = args
        self.community = "%s%04d" % (args.prefix, index)
        self.name = self.community + ".lab.example"
        self.wrap = index - args.first_index < args.wrap_devices
        self.restart = index - args.first_index >= args.count - args.restart_devices
        self.period = args.restart_period
        self.rows = []
        self.ports = []

    def add(self, oid, tag, value):
        self.rows.append((oid, str(tag), str(value)))

    def string(self, oid, text):
        # Anything outside printable ASCII, or a '|', goes as hex.
        if all(32 <= ord(c) < 127 for c in text) and "|" not in text:
            self.add(oid, 4, text)
        else:
            self.add(oid, "4x", text.encode().hex())

    def counter(self, oid, tag, initial, rate, bits=None):
        """A counter growing `rate` per second from `initial` (Counter32: wraps at 2^32)."""
        tag = str(tag)
        if tag == "65":
            initial %= TWO32
        if self.args.static or rate == 0:
            self.add(oid, tag, int(initial))
            return
        if self.restart:
            top = max(1, int(rate * self.period))
            self.add(oid, tag + ":numeric", "initial=0,rate=%s,max=%d,wrap=1" % (fmt(rate), top))
        elif tag == "65":
            self.add(oid, tag + ":numeric", "initial=%d,rate=%s,max=%d,wrap=1" % (initial, fmt(rate), TWO32))
        else:
            self.add(oid, tag + ":numeric", "initial=%d,rate=%s" % (initial, fmt(rate)))

    def uptime(self, oid, initial):
        if self.args.static:
            self.add(oid, 67, initial)
        elif self.restart:
            self.add(oid, "67:numeric", "initial=0,rate=100,max=%d,wrap=1" % (self.period * 100))
        else:
            self.add(oid, "67:numeric", "initial=%d,rate=100" % initial)

    def wave(self, oid, middle, amplitude, rate, top, tag=2):
        """An INTEGER (or Gauge32) moving between middle-amplitude and middle+amplitude."""
        if self.args.static:
            self.add(oid, tag, middle)
        else:
            self.add(oid, "%d:numeric" % tag, "function=sin,rate=%s,scale=%d,offset=%d,min=0,max=%d" % (fmt(rate), amplitude, middle, top))

    def build(self):
        a, d = self.args, self.index
        k = a.interfaces
        uptime = 100 * (86400 * (3 + d % 200) + 37 * d)  # 3..202 days, in ticks
        # system
        self.string("1.3.6.1.2.1.1.1.0", "Netsight synthetic router %s, NS-R%d Software, Version 15.%d(%d)" % (self.community, 100 + d % 9, d % 5, d % 30))
        self.add("1.3.6.1.2.1.1.2.0", 6, "1.3.6.1.4.1.9.1.%d" % (500 + d % 50))
        self.uptime("1.3.6.1.2.1.1.3.0", uptime)
        self.string("1.3.6.1.2.1.1.4.0", "noc@lab.example")
        self.string("1.3.6.1.2.1.1.5.0", self.name)
        self.string("1.3.6.1.2.1.1.6.0", "Lab rack %d" % (d // 40 + 1))
        self.add("1.3.6.1.2.1.1.7.0", 2, 6)
        self.add("1.3.6.1.2.1.2.1.0", 2, k)
        # interfaces
        for i in range(1, k + 1):
            self.interface(i)
        # HOST-RESOURCES
        self.uptime("1.3.6.1.2.1.25.1.1.0", uptime - 1500)
        self.add("1.3.6.1.2.1.25.2.2.0", 2, 1048576)
        storage = [
            (1, "1.3.6.1.2.1.25.2.1.2", "Processor memory", 1, 1073741824),
            (2, "1.3.6.1.2.1.25.2.1.4", "flash:", 512, 4194304),
        ]
        for idx, kind, descr, unit, size in storage:
            base = "1.3.6.1.2.1.25.2.3.1.%d." + str(idx)
            self.add(base % 1, 2, idx)
            self.add(base % 2, 6, kind)
            self.string(base % 3, descr)
            self.add(base % 4, 2, unit)
            self.add(base % 5, 2, size)
            if idx == 1:
                self.wave(base % 6, size // 2, size // 8, 0.005, size)
            else:
                self.add(base % 6, 2, size * (30 + d % 40) // 100)
            self.add(base % 7, 65, 0)
        for cpu in (1, 2):
            self.add("1.3.6.1.2.1.25.3.3.1.1.%d" % cpu, 6, "0.0")
        for cpu in (1, 2):
            self.wave("1.3.6.1.2.1.25.3.3.1.2.%d" % cpu, 40, 20, 0.01 + 0.001 * ((d + cpu) % 10), 100)
        # CISCO-PROCESS-MIB cpmCPUTotal5secRev/1minRev/5minRev (Gauge32, %): a real
        # router has objects after MIB-2, so a walk of ifXTable does not end at the end
        # of the agent's MIB view (where snmpbulkwalk prints endOfMibView lines).
        for col, rate in ((6, 0.05), (7, 0.01), (8, 0.003)):
            self.wave("1.3.6.1.4.1.9.9.109.1.1.1.1.%d.1" % col, 35, 15, rate, 100, tag=66)
        # LLDP-MIB
        self.lldp()

    def rates(self, i):
        """Octets per second in and out of port i (0 for a port that is down)."""
        if i % 12 == 0:
            return 0, 0
        rin = 1000 * (1 + (self.index * 7 + i * 13) % 1000)  # 1 kB/s .. 1 MB/s
        rout = rin // 2 + 500
        return rin, rout

    def interface(self, i):
        d, a = self.index, self.args
        rin, rout = self.rates(i)
        name = "GigabitEthernet0/%d" % i
        if self.wrap:
            hin = 5 * TWO32 - rin * a.wrap_after
            hout = 5 * TWO32 - rout * a.wrap_after
        else:
            hin = (d * 1000003 + i * 7919) * 4096 + 123456789
            hout = hin // 3
        lldp = i <= a.lldp_ports and a.count > 1
        if i == 1 and lldp:
            alias = "uplink to %s%04d Gi0/2" % (a.prefix, self.neighbour(+1))
        elif i == 2 and lldp:
            alias = "uplink to %s%04d Gi0/1" % (a.prefix, self.neighbour(-1))
        else:
            alias = "access port %d" % i
        up = i % 12 != 0
        mac = "00005e%02x%02x%02x" % ((d >> 8) & 0xFF, d & 0xFF, i & 0xFF)
        self.ports.append({
            "ifIndex": i, "ifName": name, "ifAlias": alias, "oper_up": up,
            "in_octets_per_s": rin, "out_octets_per_s": rout,
            "in_bits_per_s": 8 * rin, "out_bits_per_s": 8 * rout,
        })
        T = "1.3.6.1.2.1.2.2.1.%d." + str(i)
        self.add(T % 1, 2, i)
        self.string(T % 2, name)
        self.add(T % 3, 2, 6)
        self.add(T % 4, 2, 1500)
        self.add(T % 5, 66, 1000000000)
        self.add(T % 6, "4x", mac)
        self.add(T % 7, 2, 1)
        self.add(T % 8, 2, 1 if up else 2)
        self.add(T % 9, 67, 0 if up else 4200)
        pin, pout = rin / 500.0, rout / 500.0
        self.counter(T % 10, 65, hin, rin)
        self.counter(T % 11, 65, hin // 500, pin)
        self.counter(T % 12, 65, hin // 20000, rin / 20000.0)
        self.counter(T % 13, 65, i, 0.01 if up and i % 5 == 0 else 0)
        self.counter(T % 14, 65, i % 3, 0.002 if up and i % 7 == 0 else 0)
        self.add(T % 15, 65, 0)
        self.counter(T % 16, 65, hout, rout)
        self.counter(T % 17, 65, hout // 500, pout)
        self.counter(T % 18, 65, hout // 20000, rout / 20000.0)
        self.counter(T % 19, 65, 0, 0)
        self.counter(T % 20, 65, 0, 0)
        self.add(T % 21, 66, 0)
        self.add(T % 22, 6, "0.0")
        X = "1.3.6.1.2.1.31.1.1.1.%d." + str(i)
        self.string(X % 1, name)
        self.counter(X % 2, 65, hin // 40000, rin / 40000.0)
        self.counter(X % 3, 65, hin // 100000, rin / 100000.0)
        self.counter(X % 4, 65, hout // 40000, rout / 40000.0)
        self.counter(X % 5, 65, hout // 100000, rout / 100000.0)
        self.counter(X % 6, 70, hin, rin)
        self.counter(X % 7, 70, hin // 500, pin)
        self.counter(X % 8, 70, hin // 40000, rin / 40000.0)
        self.counter(X % 9, 70, hin // 100000, rin / 100000.0)
        self.counter(X % 10, 70, hout, rout)
        self.counter(X % 11, 70, hout // 500, pout)
        self.counter(X % 12, 70, hout // 40000, rout / 40000.0)
        self.counter(X % 13, 70, hout // 100000, rout / 100000.0)
        self.add(X % 14, 2, 1)
        self.add(X % 15, 66, 1000)
        self.add(X % 16, 2, 2)
        self.add(X % 17, 2, 1)
        self.string(X % 18, alias)
        self.add(X % 19, 67, 0)

    def neighbour(self, step):
        a = self.args
        return a.first_index + (self.index - a.first_index + step) % a.count

    def lldp(self):
        a, d = self.args, self.index
        L = "1.0.8802.1.1.2.1."
        self.add(L + "3.1.0", 2, 4)  # lldpLocChassisIdSubtype macAddress
        self.add(L + "3.2.0", "4x", "00005e%02x%02x00" % ((d >> 8) & 0xFF, d & 0xFF))
        self.string(L + "3.3.0", self.name)
        for i in range(1, a.interfaces + 1):
            self.add(L + "3.7.1.2.%d" % i, 2, 5)  # interfaceName
            self.string(L + "3.7.1.3.%d" % i, "Gi0/%d" % i)
            self.string(L + "3.7.1.4.%d" % i, "GigabitEthernet0/%d" % i)
        if a.count < 2:
            return
        for i in range(1, min(a.lldp_ports, a.interfaces) + 1):
            if i % 12 == 0:
                continue
            if i <= 2:
                n = self.neighbour(+1 if i == 1 else -1)
                chassis = "00005e%02x%02x00" % ((n >> 8) & 0xFF, n & 0xFF)
                port, sysname = "Gi0/%d" % (2 if i == 1 else 1), "%s%04d.lab.example" % (a.prefix, n)
                descr, caps = "Netsight synthetic router %s%04d" % (a.prefix, n), "2800"  # bridge, router
            else:
                chassis = "02%02x%02x%02x%02x00" % ((d >> 8) & 0xFF, d & 0xFF, i & 0xFF, 1)
                port, sysname = "eth0", "srv-%04d-%d" % (d, i)
                descr, caps = "Linux srv-%04d-%d 6.1.0-13-amd64" % (d, i), "8000"  # station
            R = L + "4.1.1.%d.0." + "%d.1" % i
            self.add(R % 4, 2, 4)
            self.add(R % 5, "4x", chassis)
            self.add(R % 6, 2, 5)
            self.string(R % 7, port)
            self.string(R % 8, port)
            self.string(R % 9, sysname)
            self.string(R % 10, descr)
            self.add(R % 11, "4x", caps)
            self.add(R % 12, "4x", caps)

    def write(self, outdir):
        self.rows.sort(key=lambda r: oid_key(r[0]))
        path = os.path.join(outdir, self.community + ".snmprec")
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            for oid, tag, value in self.rows:
                f.write("%s|%s|%s\n" % (oid, tag, value))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        return path


def fmt(x):
    """A rate as snmpsim parses it (float()), without float noise."""
    if float(x) == int(x):
        return str(int(x))
    return ("%.6f" % x).rstrip("0")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("count", type=int, help="number of devices")
    p.add_argument("interfaces", type=int, help="interfaces per device")
    p.add_argument("outdir", help="output directory (created)")
    p.add_argument("--prefix", default="dev", help="community/file name prefix (default dev: dev0000...)")
    p.add_argument("--first-index", type=int, default=0, help="index of the first device (default 0)")
    p.add_argument("--lldp-ports", type=int, default=4, help="ports with an LLDP neighbour (default 4)")
    p.add_argument("--wrap-devices", type=int, default=0, help="the first N devices wrap their 32-bit octet counters soon")
    p.add_argument("--wrap-after", type=int, default=30, help="seconds after snmpsimd starts at which they wrap (default 30)")
    p.add_argument("--restart-devices", type=int, default=0, help="the last N devices 'restart' every --restart-period s")
    p.add_argument("--restart-period", type=int, default=300, help="seconds between simulated restarts (default 300)")
    p.add_argument("--static", action="store_true", help="plain values, no variation module (identical walks)")
    a = p.parse_args()
    if a.count < 1 or a.interfaces < 1:
        p.error("count and interfaces must be at least 1")
    os.makedirs(a.outdir, exist_ok=True)
    os.chmod(a.outdir, 0o755)
    manifest = {"count": a.count, "interfaces": a.interfaces, "static": a.static,
                "wrap_after_s": a.wrap_after, "restart_period_s": a.restart_period, "devices": []}
    for d in range(a.first_index, a.first_index + a.count):
        dev = Device(d, a)
        dev.build()
        dev.write(a.outdir)
        manifest["devices"].append({
            "community": dev.community, "sysName": dev.name, "varbinds": len(dev.rows),
            "wrap": dev.wrap, "restart": dev.restart, "interfaces": dev.ports,
        })
    with open(os.path.join(a.outdir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    total = sum(x["varbinds"] for x in manifest["devices"])
    print("%d devices x %d interfaces: %d varbinds in %s" % (a.count, a.interfaces, total, a.outdir), file=sys.stderr)


if __name__ == "__main__":
    main()
