#!/usr/bin/env bash
# Benchmark: SNMP bulk-walk throughput, `netsight snmp bulkwalk` vs net-snmp's
# `snmpbulkwalk -On`, against the same agent in the same run, taking turns (netsight,
# net-snmp, netsight, ...), RUNS walks each per case. Prints min/median/max wall and CPU
# (user+sys, /usr/bin/time) per tool, the ratios of the medians, the agent's CPU per walk,
# and whether the two outputs have the same lines.
#
# Agents (all on 127.0.0.1; the namespace one inside its own network namespace):
#   cisco   snmpsim 0.4.5 serving Debian's shipped Cisco 3750 recording
#           (/usr/share/doc/snmpsim/examples/data/cisco_16_switch.snmprec.gz, 54k varbinds).
#           snmpsim is Python: the walk's wall time is mostly the agent's.
#   netns   Debian's snmpd in a fresh network namespace with SNMPBENCH_VETH_PAIRS (500)
#           veth pairs, i.e. 1,001 interfaces: ifTable, ifXTable, IP-MIB per interface,
#           ~167k varbinds under .1.3.6.1. Needs root (ip netns); skipped otherwise.
#   snmpd   Debian's snmpd's own tree on the host (~7k varbinds).
#   sim     Benchmarks' snmp-agent-sim (docs/snmp-agent-sim.md): one simulated device
#           with SNMPBENCH_SIM_INTERFACES (2000) interfaces, answers up to 65,000 bytes,
#           ~82k varbinds under .1.3.6.1. Fast (one thread, a sorted index), so the
#           clients' own CPU decides the wall time. Its values move with time (counters,
#           sysUpTime): the outputs are compared by OID and type.
# Cases per agent: -Cr10 on both sides (net-snmp's default; netsight starts at 10 and
# adapts up to 100) and -Cr64 on both (snmpsim's cap on varbinds per answer); for sim,
# -Cr50 only (SNMPBENCH_SIM_CASES).
#
# Usage: scripts/bench/snmp-bulkwalk.sh [RUNS] [AGENTS]   (defaults 5, "sim cisco netns snmpd")
# Env: NETSIGHT (release binary), BENCH_WORK, SNMPBENCH_PORT (39161),
#      SNMPBENCH_VETH_PAIRS (500), SNMPBENCH_CASES ("r10 r64"), SNMPBENCH_SIM_CASES ("r50"),
#      SNMPBENCH_SIM_INTERFACES (2000), SNMP_AGENT_SIM (Benchmarks' release binary).
source "$(dirname "$0")/common.sh"
RUNS=${1:-5}
AGENTS=${2:-sim cisco netns snmpd}
CASES=${SNMPBENCH_CASES:-r10 r64}
SIM_CASES=${SNMPBENCH_SIM_CASES:-r50}
SIM_INTERFACES=${SNMPBENCH_SIM_INTERFACES:-2000}
SIM="${SNMP_AGENT_SIM:-$BENCH_BIN/snmp-agent-sim}"
PORT=${SNMPBENCH_PORT:-39161}
PAIRS=${SNMPBENCH_VETH_PAIRS:-500}
W="$WORK/snmp-bulkwalk"
NS=netsight-snmpbench
rm -rf "$W" && mkdir -p "$W/client"
chmod 755 "$W"
export SNMP_PERSISTENT_DIR="$W/client" MIBS=
build_netsight
for tool in snmpbulkwalk snmpsimd snmpd /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install snmp snmpd snmpsim time)" >&2; exit 1; }
done

AGENT_PID=""
stop_agent() {
    [[ -n $AGENT_PID ]] || return 0
    kill -TERM "$AGENT_PID" 2>/dev/null || true
    wait "$AGENT_PID" 2>/dev/null || true
    AGENT_PID=""
}
snmp_cleanup() {
    stop_agent
    ip netns pids "$NS" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns del "$NS" 2>/dev/null || true
    cleanup
}
trap snmp_cleanup EXIT

# Waits until COMMUNITY answers a Get on 127.0.0.1:PORT (with PREFIX, e.g. ip netns exec).
wait_agent() {  # COMMUNITY PREFIX...
    local c=$1; shift
    for _ in $(seq 600); do
        "$@" snmpget -v2c -c "$c" -On -t 0.5 -r 0 "127.0.0.1:$PORT" .1.3.6.1.2.1.1.5.0 2>/dev/null | grep -q " = " && return 0
        kill -0 "$AGENT_PID" 2>/dev/null || break
        sleep 0.2
    done
    echo "agent did not answer on 127.0.0.1:$PORT" >&2
    return 1
}

start_cisco() {
    mkdir -p "$W/cisco/data" "$W/cisco/cache"
    chmod 755 "$W/cisco" "$W/cisco/data"; chmod 777 "$W/cisco/cache"
    zcat /usr/share/doc/snmpsim/examples/data/cisco_16_switch.snmprec.gz >"$W/cisco/data/cisco3750.snmprec"
    chmod 644 "$W/cisco/data/cisco3750.snmprec"
    local user=()
    [[ $(id -u) == 0 ]] && user=(--process-user=nobody --process-group=nogroup)
    snmpsimd --data-dir="$W/cisco/data" --cache-dir="$W/cisco/cache" --agent-udpv4-endpoint="127.0.0.1:$PORT" \
        "${user[@]}" --logging-method=null >"$W/cisco/snmpsimd.log" 2>&1 &
    AGENT_PID=$!
    COMMUNITY=cisco3750; PREFIX=()
    wait_agent "$COMMUNITY"
}
start_sim() {
    if [[ ! -x $SIM ]]; then
        (cd "$ROOT/Benchmarks" && swift build -c release --product snmp-agent-sim)
    fi
    "$SIM" --devices 1 --interfaces "$SIM_INTERFACES" --base-port "$PORT" --max-size 65000 >"$W/sim.log" 2>&1 &
    AGENT_PID=$!
    COMMUNITY=public; PREFIX=()
    wait_agent "$COMMUNITY"
    echo "snmp-agent-sim: $(head -1 "$W/sim.log")"
}
start_snmpd() {  # DIR [PREFIX...]
    local dir=$1; shift
    mkdir -p "$dir"
    printf 'agentAddress udp:127.0.0.1:%s\nrocommunity bench 127.0.0.1\n' "$PORT" >"$dir/snmpd.conf"
    "$@" env SNMP_PERSISTENT_DIR="$dir/agent" MIBS= snmpd -f -C -c "$dir/snmpd.conf" -Lf "$dir/snmpd.log" &
    AGENT_PID=$!
    COMMUNITY=bench; PREFIX=("$@")
    wait_agent "$COMMUNITY" "$@"
}
start_netns() {
    [[ $(id -u) == 0 ]] || { echo "netns agent needs root: skipped"; return 1; }
    ip netns del "$NS" 2>/dev/null || true
    ip netns add "$NS"
    ip -n "$NS" link set lo up
    for i in $(seq "$PAIRS"); do echo "link add a$i type veth peer name b$i"; done >"$W/links.batch"
    for i in $(seq "$PAIRS"); do echo "link set a$i up"; echo "link set b$i up"; done >>"$W/links.batch"
    ip -n "$NS" -batch "$W/links.batch"
    echo "namespace $NS: $(ip -n "$NS" -o link | wc -l) interfaces"
    start_snmpd "$W/netns" ip netns exec "$NS"
}

# The agent's user+system CPU seconds so far (snmpd, or snmpsimd after it drops root).
agent_cpu() { cpu_seconds "$AGENT_PID" 2>/dev/null || echo 0; }

# One timed walk: appends "wall cpu maxrss_kb agent_cpu" to FILE, output to OUT.
timed() {  # FILE OUT CMD...
    local file=$1 out=$2; shift 2
    local a0 a1
    a0=$(agent_cpu)
    "${PREFIX[@]}" /usr/bin/time -f "%e %U %S %M" -o "$file.t" "$@" >"$out" 2>"$out.err" || echo "exit $? from $*: $(head -3 "$out.err")" >&2
    a1=$(agent_cpu)
    awk -v a0="$a0" -v a1="$a1" 'END { printf "%s %.2f %s %.2f\n", $1, $2 + $3, $4, a1 - a0 }' "$file.t" >>"$file"
}

summary() {  # LABEL FILE-NETSIGHT FILE-NETSNMP OUT-NETSIGHT OUT-NETSNMP
    python3 - "$@" <<'PY'
import statistics, sys
label, fa, fb, oa, ob = sys.argv[1:]
def load(f):
    rows = [list(map(float, l.split())) for l in open(f) if l.strip()]
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows]
A, B = load(fa), load(fb)
def mmm(xs): return "%.2f / %.2f / %.2f" % (min(xs), statistics.median(xs), max(xs))
end = "No more variables left in this MIB View"
la = [l for l in open(oa, errors="replace").read().split("\n") if l]
lb = [l for l in open(ob, errors="replace").read().split("\n") if l]
rows_a = [l for l in la if l.startswith(".") and end not in l]
rows_b = [l for l in lb if l.startswith(".") and end not in l]
print("%s (%d runs each)" % (label, len(A[0])))
print("  | tool | wall s min/median/max | CPU s min/median/max | max RSS KB (median) | agent CPU s/walk (median) | lines |")
print("  | netsight | %s | %s | %d | %.2f | %d |" % (mmm(A[0]), mmm(A[1]), statistics.median(A[2]), statistics.median(A[3]), len(la)))
print("  | snmpbulkwalk | %s | %s | %d | %.2f | %d |" % (mmm(B[0]), mmm(B[1]), statistics.median(B[2]), statistics.median(B[3]), len(lb)))
pair = [a / b for a, b in zip(A[0], B[0]) if b > 0]
print("  ratio netsight/net-snmp, medians: wall %.2fx, CPU %.2fx (pairwise wall ratios median %.2fx)" % (
    statistics.median(A[0]) / statistics.median(B[0]), statistics.median(A[1]) / max(statistics.median(B[1]), 0.005),
    statistics.median(pair) if pair else float("nan")))
same = la == lb
print("  output: %s; %d vs %d varbind lines, %d endOfMibView lines from net-snmp, %d from netsight" % (
    "IDENTICAL" if same else "differs", len(rows_a), len(rows_b), sum(end in l for l in lb), sum(end in l for l in la)))
if not same:
    # A live agent changes between two walks (counters, the walking tool's own UDP
    # socket in udpTable): say how much, by OID.
    da = dict(l.split(" = ", 1) for l in rows_a if " = " in l)
    db = dict(l.split(" = ", 1) for l in rows_b if " = " in l)
    common = [o for o in da if o in db]
    types = sum(da[o].split(":")[0] == db[o].split(":")[0] for o in common)
    print("  OIDs: %d in both, %d only netsight's, %d only net-snmp's; same type on %d, same value on %d of the common ones; same order: %s" % (
        len(common), len(da) - len(common), len(db) - len(common), types, sum(da[o] == db[o] for o in common),
        [o for o in da if o in db] == [o for o in db if o in da]))
PY
}

bench_agent() {  # NAME [CASES]
    local name=$1 cases=${2:-$CASES}
    echo "== agent $name: $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
    for c in $cases; do
        local r=${c#r} f="$W/$name-$c"
        rm -f "$f".*
        local ns=("$NETSIGHT" snmp bulkwalk -On -v 2c -c "$COMMUNITY" -t 5 -r 2 "-Cr$r" "127.0.0.1:$PORT" .1.3.6.1)
        local nf=(snmpbulkwalk -On -v2c -c "$COMMUNITY" -t 5 -r 2 "-Cr$r" "127.0.0.1:$PORT" .1.3.6.1)
        # One warm-up each (snmpsim's index and snmpd's caches), then turns.
        timed "$f.warm" "$f.netsight.out" "${ns[@]}"
        timed "$f.warm" "$f.netsnmp.out" "${nf[@]}"
        for i in $(seq "$RUNS"); do
            timed "$f.netsight" "$f.netsight.out" "${ns[@]}"
            timed "$f.netsnmp" "$f.netsnmp.out" "${nf[@]}"
        done
        summary "$name, .1.3.6.1, -Cr$r on both" "$f.netsight" "$f.netsnmp" "$f.netsight.out" "$f.netsnmp.out"
        echo "  commands: ${PREFIX[*]} ${ns[*]}"
        echo "            ${PREFIX[*]} ${nf[*]}"
    done
}

echo "== SNMP bulk walk: $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(snmpbulkwalk --version 2>&1 | head -1), $NETSIGHT"
for agent in $AGENTS; do
    case $agent in
        sim) start_sim && bench_agent sim "$SIM_CASES" ;;
        cisco) start_cisco && bench_agent cisco ;;
        netns) start_netns && bench_agent netns ;;
        snmpd) start_snmpd "$W/snmpd" && bench_agent snmpd ;;
        *) echo "unknown agent $agent" >&2 ;;
    esac
    stop_agent
done
