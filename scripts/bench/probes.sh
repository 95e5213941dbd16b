#!/usr/bin/env bash
# Issue 4's probe benchmark: N_TCP TCP-connect and N_ICMP ICMP probes on loopback every
# INTERVAL seconds in `netsight serve`, then the same probes driven through
# blackbox_exporter, one after the other (never both at once: the machine has 2 cores).
#
# For each: after WARMUP seconds, a WINDOW-second measurement of
#   - netsight: the start-time error histogram (netsight_probe_start_error_seconds) and
#     runs by result from /metrics (end minus start of the window), skipped runs, CPU
#     (utime+stime from /proc/PID/stat) and RSS of the netsight process;
#   - blackbox: probes completed and probe_success ratio, CPU and RSS of the exporter
#     process only (scripts/bench/blackbox_drive.py sends the requests and measures).
# The TCP targets are scripts/bench/tcp_listeners.py (TCP_ADDRS addresses from
# 127.0.10.1 × TCP_PORTS ports from TCP_PORT, accept-and-close); the ICMP targets are
# N_ICMP distinct addresses from 127.20.0.1 (Linux answers echo on all of 127/8).
# All traffic stays in 127.0.0.0/8. Needs root (raw ICMP sockets, RLIMIT_NOFILE).
#
#   scripts/bench/probes.sh                                   # 10,000 tcp + 2,000 icmp
#   TCP_ADDRS=5 N_ICMP=100 WARMUP=12 WINDOW=20 scripts/bench/probes.sh   # quick check
#   NETSIGHT=/path/to/netsight ONLY=netsight scripts/bench/probes.sh
#
# Writes its files to $BENCH_WORK/probes (default /tmp/netsight-bench/probes) and a
# summary (markdown table + JSON) on stdout.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
HERE="$ROOT/scripts/bench"

TCP_ADDRS=${TCP_ADDRS:-100}
TCP_PORTS=${TCP_PORTS:-100}
TCP_PORT=${TCP_PORT:-41000}
N_ICMP=${N_ICMP:-2000}
INTERVAL=${INTERVAL:-10}
WARMUP=${WARMUP:-60}   # netsight needs ~35-45 s after start to work off the start-up backlog at 12,000 probes
WINDOW=${WINDOW:-70}
TIMEOUT=${TIMEOUT:-1s}
BB_PORT=${BB_PORT:-39115}
HTTP_PORT=${PROBES_HTTP_PORT:-39180}   # not common.sh's 39080: other benchmarks use it
BB_THREADS=${BB_THREADS:-96}
ONLY=${ONLY:-both}            # both, netsight or blackbox
BLACKBOX=${BLACKBOX:-prometheus-blackbox-exporter}
N_TCP=$((TCP_ADDRS * TCP_PORTS))
N=$((N_TCP + N_ICMP))
D="$WORK/probes"
rm -rf "$D" && mkdir -p "$D"

[[ $(id -u) == 0 ]] || { echo "run as root (raw ICMP sockets, file limits)" >&2; exit 1; }
ulimit -n "$(ulimit -Hn)"   # 20,000 here; raising the hard limit is refused in this container

LISTENER_PID="" BB_PID=""
cleanup() {
    stop_netsight
    for p in $BB_PID $LISTENER_PID; do
        kill -TERM "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    BB_PID="" LISTENER_PID=""
}
trap cleanup EXIT

# Targets in schedule order, ICMP spread evenly among TCP (probe i runs at i/N of the
# interval in netsight; the driver sends blackbox requests in the same order).
python3 - "$TCP_ADDRS" "$TCP_PORTS" "$TCP_PORT" "$N_ICMP" >"$D/targets.txt" <<'PY'
import sys, ipaddress
addrs, ports, port0, nicmp = map(int, sys.argv[1:])
tcp = [f"tcp {ipaddress.IPv4Address('127.0.10.1') + a}:{port0 + p}" for p in range(ports) for a in range(addrs)]
icmp = [f"icmp {ipaddress.IPv4Address('127.20.0.1') + (i // 250) * 256 + i % 250}" for i in range(nicmp)]
n = len(tcp) + len(icmp)
out, ti, ii = [], 0, 0
for k in range(n):
    # Bresenham: the k-th slot is ICMP when the ICMP share so far falls behind.
    if ii < len(icmp) and (ti >= len(tcp) or (ii + 1) * n <= (k + 1) * len(icmp)):
        out.append(icmp[ii]); ii += 1
    else:
        out.append(tcp[ti]); ti += 1
print("\n".join(out))
PY

echo "== $(date -u +%FT%TZ) $(nproc) cores; uptime: $(uptime)" | tee "$D/env.txt"
echo "== $N_TCP tcp + $N_ICMP icmp every ${INTERVAL}s; warm-up ${WARMUP}s, window ${WINDOW}s" | tee -a "$D/env.txt"

python3 "$HERE/tcp_listeners.py" --base 127.0.10.1 --addrs "$TCP_ADDRS" --port "$TCP_PORT" --ports "$TCP_PORTS" \
    >"$D/listeners.out" 2>"$D/listeners.err" &
LISTENER_PID=$!
for _ in $(seq 300); do grep -q '^ready' "$D/listeners.out" 2>/dev/null && break; sleep 0.1; done
grep -q '^ready' "$D/listeners.out" || { echo "listeners did not start: $(cat "$D/listeners.err")" >&2; exit 1; }
echo "== listeners: $(cat "$D/listeners.out")"

stat_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_mib() { awk '/^VmRSS:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$1/status"; }
now_s() { date +%s.%N; }
HZ=$(getconf CLK_TCK)

run_netsight() {
    local dir="$D/netsight" cfg="$D/netsight.yaml"
    mkdir -p "$dir"
    {
        echo "data_dir: $dir"
        echo "listen: {netflow: \"off\", sflow: \"off\", traps: \"off\", http: \"127.0.0.1:$HTTP_PORT\"}"
        echo "probes:"
        echo "  defaults: {interval: ${INTERVAL}s, count: 1, timeout: $TIMEOUT}"
        echo "  retention: 1d"
        echo "  targets:"
        awk '{ printf "    - {id: p%05d, kind: %s, target: \"%s\"}\n", NR, $1, $2 }' "$D/targets.txt"
    } >"$cfg"
    "$NETSIGHT" serve --config "$cfg" --log-level warning >"$D/netsight.log" 2>&1 &
    NETSIGHT_PID=$!
    for _ in $(seq 600); do
        curl -sf "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && break
        kill -0 "$NETSIGHT_PID" 2>/dev/null || { echo "netsight exited: $(tail -5 "$D/netsight.log")" >&2; exit 1; }
        sleep 0.1
    done
    echo "== netsight $NETSIGHT_PID up; warm-up ${WARMUP}s"
    sleep "$WARMUP"
    curl -sf "http://127.0.0.1:$HTTP_PORT/metrics" >"$D/metrics.start"
    local c0 t0 l0 c1 t1 l1
    l0=$(stat_ticks "$LISTENER_PID"); c0=$(stat_ticks "$NETSIGHT_PID"); t0=$(now_s)
    # RSS and threads in the middle of the window too.
    sleep "$(awk -v w="$WINDOW" 'BEGIN { print w / 2 }')"
    local rss_mid; rss_mid=$(rss_mib "$NETSIGHT_PID")
    top -b -H -n 1 -p "$NETSIGHT_PID" | head -25 >"$D/netsight.top" || true
    sleep "$(awk -v w="$WINDOW" 'BEGIN { print w / 2 }')"
    c1=$(stat_ticks "$NETSIGHT_PID"); t1=$(now_s); l1=$(stat_ticks "$LISTENER_PID")
    curl -sf "http://127.0.0.1:$HTTP_PORT/metrics" >"$D/metrics.end"
    local rss_end; rss_end=$(rss_mib "$NETSIGHT_PID")
    local threads; threads=$(awk '/^Threads:/ { print $2 }' "/proc/$NETSIGHT_PID/status")
    stop_netsight
    python3 - "$D/metrics.start" "$D/metrics.end" "$c0" "$c1" "$t0" "$t1" "$HZ" "$rss_mid" "$rss_end" "$threads" \
        "$l0" "$l1" "$N" >"$D/netsight.json" <<'PY'
import sys, json, re
ms, me = sys.argv[1], sys.argv[2]
c0, c1 = int(sys.argv[3]), int(sys.argv[4])
t0, t1, hz = float(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
rss_mid, rss_end, threads = float(sys.argv[8]), float(sys.argv[9]), int(sys.argv[10])
l0, l1, nprobes = int(sys.argv[11]), int(sys.argv[12]), int(sys.argv[13])
line_re = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)')
def parse(path):
    out = []
    for line in open(path):
        if line.startswith("#"):
            continue
        m = line_re.match(line)
        if not m:
            continue
        labels = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(3) or ""))
        out.append((m.group(1), labels, float(m.group(4))))
    return out
a, b = parse(ms), parse(me)
def buckets(rows):
    return {r[1]["le"]: r[2] for r in rows if r[0] == "netsight_probe_start_error_seconds_bucket"}
def total(rows, name, **want):
    return sum(r[2] for r in rows if r[0] == name and all(r[1].get(k) == v for k, v in want.items()))
def by(rows, name, key):
    d = {}
    for r in rows:
        if r[0] == name:
            d[r[1].get(key, "")] = d.get(r[1].get(key, ""), 0) + r[2]
    return d
ba, bb = buckets(a), buckets(b)
les = sorted((k for k in bb if k != "+Inf"), key=float) + ["+Inf"]
diff = {k: bb.get(k, 0) - ba.get(k, 0) for k in les}
count = diff["+Inf"]
def bucket_of(q):
    target = q * count
    lo = "0"
    for k in les:
        if diff[k] >= target:
            return f"({lo}, {k}] s"
        lo = k
    return "?"
ra, rb = by(a, "netsight_probe_runs_total", "result"), by(b, "netsight_probe_runs_total", "result")
runs = {k: rb.get(k, 0) - ra.get(k, 0) for k in rb}
nruns = sum(runs.values())
span = t1 - t0
cpu = (c1 - c0) / hz
res = {
    "window_s": round(span, 3),
    "start_error_count": int(count),
    "start_error_cumulative": {k: int(diff[k]) for k in les},
    "start_error_le_5ms_fraction": round(diff.get("0.005", 0) / count, 5) if count else None,
    "start_error_le_1ms_fraction": round(diff.get("0.001", 0) / count, 5) if count else None,
    "start_error_p50_bucket": bucket_of(0.50),
    "start_error_p99_bucket": bucket_of(0.99),
    "runs_in_window": int(nruns),
    "runs_per_s": round(nruns / span, 1),
    "runs_by_result": {k: int(v) for k, v in runs.items()},
    "runs_by_kind": {k: int(by(b, "netsight_probe_runs_total", "kind").get(k, 0) - by(a, "netsight_probe_runs_total", "kind").get(k, 0))
                     for k in by(b, "netsight_probe_runs_total", "kind")},
    "ok_percent": round(100.0 * runs.get("ok", 0) / nruns, 3) if nruns else None,
    "skipped_in_window": int(total(b, "netsight_probe_skipped_runs_total") - total(a, "netsight_probe_skipped_runs_total")),
    "probes_success_1_at_end": int(total(b, "netsight_probe_success")),
    "probes": nprobes,
    "store_errors_total_at_end": int(total(b, "netsight_probe_store_errors_total")),
    "cpu_s": round(cpu, 2),
    "cpu_percent_one_core": round(100.0 * cpu / span, 1),
    "cpu_us_per_run": round(1e6 * cpu / nruns, 1) if nruns else None,
    "rss_mib_mid": rss_mid,
    "rss_mib_end": rss_end,
    "threads": threads,
    "listener_cpu_percent_one_core": round(100.0 * (l1 - l0) / hz / span, 1),
}
print(json.dumps(res, indent=2))
PY
    echo "== netsight:"; cat "$D/netsight.json"
}

run_blackbox() {
    cat >"$D/blackbox.yml" <<YAML
modules:
  tcp_connect:
    prober: tcp
    timeout: $TIMEOUT
    tcp:
      preferred_ip_protocol: ip4
  icmp:
    prober: icmp
    timeout: $TIMEOUT
    icmp:
      preferred_ip_protocol: ip4
YAML
    "$BLACKBOX" --config.file="$D/blackbox.yml" --web.listen-address="127.0.0.1:$BB_PORT" --log.level=warn \
        >"$D/blackbox.log" 2>&1 &
    BB_PID=$!
    for _ in $(seq 100); do
        curl -sf "http://127.0.0.1:$BB_PORT/metrics" >/dev/null 2>&1 && break
        kill -0 "$BB_PID" 2>/dev/null || { echo "blackbox exited: $(tail -5 "$D/blackbox.log")" >&2; exit 1; }
        sleep 0.1
    done
    echo "== blackbox_exporter $BB_PID up ($("$BLACKBOX" --version 2>&1 | head -1)); warm-up ${WARMUP}s"
    local l0 l1 t0 t1
    l0=$(stat_ticks "$LISTENER_PID"); t0=$(now_s)
    python3 "$HERE/blackbox_drive.py" --url "http://127.0.0.1:$BB_PORT" --targets "$D/targets.txt" \
        --interval "$INTERVAL" --warmup "$WARMUP" --window "$WINDOW" --pid "$BB_PID" --threads "$BB_THREADS" \
        >"$D/blackbox.json" 2>"$D/blackbox_drive.err" || { cat "$D/blackbox_drive.err" >&2; exit 1; }
    l1=$(stat_ticks "$LISTENER_PID"); t1=$(now_s)
    kill -TERM "$BB_PID" 2>/dev/null || true; wait "$BB_PID" 2>/dev/null || true; BB_PID=""
    echo "== blackbox (listener CPU over warm-up+window: $(awk -v a="$l0" -v b="$l1" -v hz="$HZ" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.1f", 100 * (b - a) / hz / (t1 - t0) }')% of a core):"
    cat "$D/blackbox.json"
}

[[ $ONLY == blackbox ]] || run_netsight
[[ $ONLY == netsight ]] || run_blackbox

python3 - "$D" "$N" "$INTERVAL" <<'PY'
import json, os, sys
d, n, interval = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ns = json.load(open(f"{d}/netsight.json")) if os.path.exists(f"{d}/netsight.json") else None
bb = json.load(open(f"{d}/blackbox.json")) if os.path.exists(f"{d}/blackbox.json") else None
print()
print(f"| | probes per {interval} s | runs in window (/s) | ok % | start error ≤ 5 ms | p50 / p99 bucket | CPU % of one core | CPU µs per run | RSS MiB |")
print("|---|---|---|---|---|---|---|---|---|")
if ns:
    print(f"| netsight | {n} | {ns['runs_in_window']} ({ns['runs_per_s']}) | {ns['ok_percent']} | {100 * ns['start_error_le_5ms_fraction']:.2f} % | "
          f"{ns['start_error_p50_bucket']} / {ns['start_error_p99_bucket']} | {ns['cpu_percent_one_core']} | {ns['cpu_us_per_run']} | {ns['rss_mib_end']} |")
if bb:
    late = bb["driver_start_lateness_ms"]
    print(f"| blackbox_exporter | {n} offered | {bb['completed_in_window']} ({bb['completed_rate_per_s']}) | {bb['ok_percent']} | "
          f"driver: {100 * late['le_5ms_fraction']:.2f} % | driver p50 {late['p50']} ms / p99 {late['p99']} ms | "
          f"{bb['blackbox_cpu_percent_one_core']} | {bb['blackbox_cpu_us_per_probe']} | {bb['blackbox_rss_mib_end']} |")
if ns and bb and ns["cpu_us_per_run"] and bb["blackbox_cpu_us_per_probe"]:
    print(f"\nCPU per probe, blackbox_exporter / netsight: {bb['blackbox_cpu_us_per_probe'] / ns['cpu_us_per_run']:.2f}x")
PY
