#!/usr/bin/env bash
# Smoke check of snmp-agent-sim (Benchmarks/Sources/snmp-agent-sim, docs/snmp-agent-sim.md)
# against net-snmp's own client tools, on 127.0.0.1 only:
#   1. snmpbulkwalk of every device's whole MIB (.1): OIDs and types equal the layout the
#      doc describes (computed here independently, in Python), values spot-checked;
#   2. counter rates: two snmpgets SIMCHECK_WAIT s apart match the documented formula (1%);
#   3. GetBulk answers fit --max-size (1472 by default) and never say tooBig; v1 hides Counter64;
#   4. wrong community, --silent and --drop-every-other devices, --one-port communities;
#   5. timing: SIMCHECK_WALKS snmpbulkwalks of one device's ifXTable, and the agent's CPU.
# Usage: scripts/bench/snmp-agent-sim-check.sh   (builds the tool if missing)
# Env (defaults): SIMCHECK_PORT (39600), SIMCHECK_INTERFACES (48), SIMCHECK_WAIT (5),
#   SIMCHECK_WALKS (100), BENCH_WORK (/tmp/netsight-bench), SNMP_AGENT_SIM (the binary).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SIM="${SNMP_AGENT_SIM:-$ROOT/Benchmarks/.build/release/snmp-agent-sim}"
W="${BENCH_WORK:-/tmp/netsight-bench}/snmp-agent-sim-check"
PORT="${SIMCHECK_PORT:-39600}"
K="${SIMCHECK_INTERFACES:-48}"
WAIT="${SIMCHECK_WAIT:-5}"
WALKS="${SIMCHECK_WALKS:-100}"
N=4   # devices 0-1 plain, 2 silent, 3 drops every other request
for tool in snmpget snmpbulkwalk snmpbulkget snmpwalk python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install snmp python3)" >&2; exit 1; }
done
if [[ ! -x $SIM ]]; then
    (cd "$ROOT/Benchmarks" && swift build -c release --product snmp-agent-sim)
fi
rm -rf "$W" && mkdir -p "$W/client"
export SNMP_PERSISTENT_DIR="$W/client" MIBS=

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
start() {  # NAME ARGS...
    local name=$1; shift
    "$SIM" "$@" >"$W/$name.out" 2>"$W/$name.err" &
    PIDS+=($!)
    for _ in $(seq 100); do grep -q '^ready' "$W/$name.out" 2>/dev/null && return 0; sleep 0.1; done
    echo "snmp-agent-sim did not start: $(cat "$W/$name.err")" >&2
    exit 1
}
FAILS=0
check() {  # DESCRIPTION COMMAND...: passes when COMMAND succeeds
    local what=$1; shift
    if "$@"; then echo "ok   $what"; else echo "FAIL $what"; FAILS=$((FAILS + 1)); fi
}
has() { grep -qxF -- "$2" "$1"; }  # FILE LINE
same() { diff -u "$1" "$2" >"$3"; }  # EXPECTED ACTUAL DIFF-FILE

start main --devices "$N" --interfaces "$K" --base-port "$PORT" --silent 2 --drop-every-other 3 --seed 7
AGENT=${PIDS[0]}
cat "$W/main.out"

# 1. The whole MIB of devices 0 and 1: OIDs and types against the documented layout.
python3 - "$K" >"$W/expected.txt" <<'PY'
import sys
k = int(sys.argv[1])
rows = []
def add(prefix, col, index, t): rows.append((prefix + [col] + index, t))
for c, t in zip(range(1, 8), ["STRING", "OID", "Timeticks", "STRING", "STRING", "STRING", "INTEGER"]):
    add([1,3,6,1,2,1,1], c, [0], t)
add([1,3,6,1,2,1,2], 1, [0], "INTEGER")
if_types = {1:"INTEGER",2:"STRING",3:"INTEGER",4:"INTEGER",5:"Gauge32",6:"STRING",7:"INTEGER",8:"INTEGER",
            9:"Timeticks",21:"Gauge32",22:"OID"}
for c in range(1, 23):
    for n in range(1, k + 1): add([1,3,6,1,2,1,2,2,1], c, [n], if_types.get(c, "Counter32"))
ifx_types = {1:"STRING",14:"INTEGER",15:"Gauge32",16:"INTEGER",17:"INTEGER",18:"STRING",19:"Timeticks"}
for c in range(1, 20):
    for n in range(1, k + 1):
        add([1,3,6,1,2,1,31,1,1,1], c, [n], ifx_types.get(c, "Counter64" if 6 <= c <= 13 else "Counter32"))
for c, t in zip(range(1, 8), ["INTEGER", "OID", "STRING", "INTEGER", "INTEGER", "INTEGER", "Counter32"]):
    for r in (1, 2): add([1,3,6,1,2,1,25,2,3,1], c, [r], t)
for c, t in ((1, "OID"), (2, "INTEGER")):
    for cpu in (196608, 196609): add([1,3,6,1,2,1,25,3,3,1], c, [cpu], t)
for c, t in ((1, "INTEGER"), (2, "STRING"), (3, "STRING")): add([1,0,8802,1,1,2,1,3], c, [0], t)
for c, t in ((2, "INTEGER"), (3, "STRING"), (4, "STRING")):
    for n in range(1, k + 1): add([1,0,8802,1,1,2,1,3,7,1], c, [n], t)
for c in range(4, 10):
    for p in range(1, min(4, k) + 1): add([1,0,8802,1,1,2,1,4,1,1], c, [0, p, 1], "INTEGER" if c in (4, 6) else "STRING")
for oid, t in sorted(rows): print("." + ".".join(map(str, oid)), t)
PY
for d in 0 1; do
    snmpbulkwalk -v2c -c public -On -Cr25 "127.0.0.1:$((PORT + d))" .1 >"$W/walk$d.txt"
    check "device $d walk ends with endOfMibView" has "$W/walk$d.txt" \
        '.1.3.6.1.2.1.31.1.1.1.19.'"$K"' = No more variables left in this MIB View (It is past the end of the MIB tree)'
    grep -v ' = No more variables' "$W/walk$d.txt" |
        sed -E 's/ = (Hex-STRING|STRING|OID|INTEGER|Timeticks|Gauge32|Counter32|Counter64):.*/ \1/; s/ Hex-STRING$/ STRING/; s/ = ""$/ STRING/' \
            >"$W/walk$d.types"
    check "device $d walk: $(wc -l <"$W/walk$d.types") objects, OIDs and types as documented" \
        same "$W/expected.txt" "$W/walk$d.types" "$W/walk$d.diff"
done
check "sysName of device 1 is sim-1" has "$W/walk1.txt" '.1.3.6.1.2.1.1.5.0 = STRING: "sim-1"'
check "sysDescr" has "$W/walk0.txt" '.1.3.6.1.2.1.1.1.0 = STRING: "Netsight simulated router"'
check "sysObjectID" has "$W/walk0.txt" '.1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.8072.3.2.10'
check "ifName.2 is Gi0/2" has "$W/walk0.txt" '.1.3.6.1.2.1.31.1.1.1.1.2 = STRING: "Gi0/2"'
check "ifDescr.3" has "$W/walk0.txt" '.1.3.6.1.2.1.2.2.1.2.3 = STRING: "GigabitEthernet0/3"'
check "LLDP: port 1 of sim-0 sees sim-1" has "$W/walk0.txt" '.1.0.8802.1.1.2.1.4.1.1.9.0.1.1 = STRING: "sim-1"'
check "LLDP: ... on its port Gi0/2" has "$W/walk0.txt" '.1.0.8802.1.1.2.1.4.1.1.7.0.1.1 = STRING: "Gi0/2"'
check "LLDP: port 2 of sim-0 sees sim-3 (ring)" has "$W/walk0.txt" '.1.0.8802.1.1.2.1.4.1.1.9.0.2.1 = STRING: "sim-3"' 

# 2. Rates: sysUpTime and counters of interfaces 1, 2 and 8 on device 1, WAIT s apart.
oids=".1.3.6.1.2.1.1.3.0"
for n in 1 2 8; do
    oids="$oids .1.3.6.1.2.1.31.1.1.1.6.$n .1.3.6.1.2.1.31.1.1.1.10.$n .1.3.6.1.2.1.2.2.1.11.$n .1.3.6.1.2.1.2.2.1.10.$n"
done
snmpget -v2c -c public -On -Oqvt "127.0.0.1:$((PORT + 1))" $oids >"$W/rate1.txt"
sleep "$WAIT"
snmpget -v2c -c public -On -Oqvt "127.0.0.1:$((PORT + 1))" $oids >"$W/rate2.txt"
rates() { python3 - "$W/rate1.txt" "$W/rate2.txt" <<'PY'
import sys
a = [int(x) for x in open(sys.argv[1]).read().split()]
b = [int(x) for x in open(sys.argv[2]).read().split()]
dt = (b[0] - a[0]) / 100.0          # sysUpTime, centiseconds
device, ok = 1, True
for k, n in enumerate((1, 2, 8)):
    expected = (125000 * n + 100 * (device % 1000), 62500 * n + 50 * (device % 1000), 250 * n, 125000 * n + 100 * (device % 1000))
    for what, j, want in zip(("ifHCInOctets", "ifHCOutOctets", "ifInUcastPkts", "ifInOctets"), range(4), expected):
        got = ((b[1 + 4 * k + j] - a[1 + 4 * k + j]) % (1 << 64 if j < 2 else 1 << 32)) / dt
        good = abs(got - want) <= 0.01 * want + 2
        ok &= good
        print(f"     {what}.{n}: {got:,.0f}/s over {dt:.2f} s, formula {want:,}/s {'' if good else '  <-- WRONG'}")
sys.exit(0 if ok else 1)
PY
}
check "counter rates match the formula" rates

# 3. GetBulk size and completeness; v1.
bulk_size() { python3 - "$PORT" <<'PY'
import socket, sys
def tlv(t, b):
    n = len(b)
    l = bytes([n]) if n < 128 else (bytes([0x81, n]) if n < 256 else bytes([0x82, n >> 8, n & 255]))
    return bytes([t]) + l + b
def oid(s):
    a = [int(x) for x in s.strip('.').split('.')]
    out = bytes([a[0] * 40 + a[1]])
    for v in a[2:]:
        enc = [v & 0x7f]; v >>= 7
        while v: enc.append(0x80 | (v & 0x7f)); v >>= 7
        out += bytes(reversed(enc))
    return tlv(6, out)
def integer(v): return tlv(2, v.to_bytes(4, 'big', signed=True))
vbl = tlv(0x30, b''.join(tlv(0x30, oid(o) + b'\x05\x00') for o in (".1.3.6.1.2.1.2.2.1.10", ".1.3.6.1.2.1.31.1.1.1.6")))
msg = tlv(0x30, integer(1) + tlv(4, b"public") + tlv(0xA5, integer(42) + integer(0) + integer(1000) + vbl))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2)
s.sendto(msg, ("127.0.0.1", int(sys.argv[1])))
d = s.recv(70000)
def header(b, i):  # (contents start, contents length) of the TLV at i
    n = b[i + 1]
    if n < 0x80: return i + 2, n
    k = n & 0x7f
    return i + 2 + k, int.from_bytes(b[i + 2:i + 2 + k], "big")
p, _ = header(d, 0)                  # message SEQUENCE
for _ in range(2):                   # version, community
    c, n = header(d, p); p = c + n
p, _ = header(d, p)                  # Response-PDU
c, n = header(d, p); p = c + n       # request-id
c, n = header(d, p); status = d[c]   # error-status
print(f"     GetBulk max-repetitions 1000 over 2 columns: {len(d)} byte answer, error-status {status}")
sys.exit(0 if len(d) <= 1472 and status == 0 and len(d) > 1300 else 1)
PY
}
check "GetBulk answer filled up to 1472 bytes, noError" bulk_size
snmpwalk -v1 -c public -On "127.0.0.1:$PORT" .1.3.6.1.2.1.31.1.1.1 >"$W/v1walk.txt" 2>&1 || true
v1_ok() { ! grep -q Counter64 "$W/v1walk.txt" && [[ $(grep -c Counter32 "$W/v1walk.txt") == $((4 * K)) ]]; }
check "SNMPv1 walk of ifXTable: no Counter64, $((4 * K)) Counter32" v1_ok

# 4. Communities and misbehaving devices.
no_answer() { ! snmpget -v2c -c "$1" -t 0.5 -r 0 "127.0.0.1:$2" .1.3.6.1.2.1.1.5.0 >/dev/null 2>&1; }
check "wrong community: no answer" no_answer wrong "$PORT"
check "--silent device 2: no answer" no_answer public "$((PORT + 2))"
answers=0
for _ in 1 2 3 4; do
    snmpget -v2c -c public -t 0.5 -r 0 "127.0.0.1:$((PORT + 3))" .1.3.6.1.2.1.1.5.0 >/dev/null 2>&1 && answers=$((answers + 1))
done
check "--drop-every-other device 3: 2 answers to 4 requests" test "$answers" = 2
start one --devices 3 --interfaces 4 --base-port "$((PORT + N))" --one-port
snmpget -v2c -c public@2 -On -Oqv "127.0.0.1:$((PORT + N))" .1.3.6.1.2.1.1.5.0 >"$W/one.txt" || true
check "--one-port: community public@2 is sim-2" has "$W/one.txt" '"sim-2"' 

# 5. Timing: WALKS walks of device 0's ifXTable, and what they cost the agent.
cpu() { awk '{print $14 + $15}' "/proc/$AGENT/stat"; }
c0=$(cpu); t0=$(date +%s.%N)
for _ in $(seq "$WALKS"); do snmpbulkwalk -v2c -c public -On -Cr25 "127.0.0.1:$PORT" .1.3.6.1.2.1.31.1.1.1 >/dev/null; done
t1=$(date +%s.%N); c1=$(cpu)
python3 -c "import sys; w,t,c,k=int(sys.argv[1]),float(sys.argv[2]),int(sys.argv[3]),int(sys.argv[4]); \
print(f'     {w} ifXTable walks ({19*k} varbinds each, -Cr25): {t:.2f} s wall, {t/w*1000:.1f} ms per walk; agent CPU {c/100:.2f} s')" \
    "$WALKS" "$(echo "$t1 - $t0" | bc)" "$((c1 - c0))" "$K"

cleanup; PIDS=()
tail -1 "$W/main.err"
if [[ $FAILS == 0 ]]; then echo "all checks passed"; else echo "$FAILS checks failed (files in $W)"; exit 1; fi
