#!/usr/bin/env bash
# Benchmark: `netsight serve` polling many simulated SNMP devices.
#
# SNMPPOLL_DEVICES routers with SNMPPOLL_IFACES interfaces each, served on 127.0.0.1 by
# SNMPPOLL_AGENT:
#   sim      (default) Benchmarks' snmp-agent-sim (docs/snmp-agent-sim.md): device i on
#            port SNMPPOLL_BASE_PORT+i, community public; counters grow at known rates
#            (octets in of ifIndex n on device i: 125000 n + 100 (i mod 1000) bytes/s). It
#            needs ~25 us of CPU per answer, so the run measures netsight, not the agent.
#   snmpsim  Debian's snmpsimd with recordings from scripts/peers/make_snmprec.py, shared
#            out between SNMPPOLL_PROCS processes on SNMPPOLL_BASE_PORT+k (one community
#            per device). Python: ~3,400 varbinds per CPU second, so 1,000 x 48 every 60 s
#            needs ~4 cores of it (see `capacity`).
# It writes a netsight config with a `devices:` entry per device, and then, by mode:
#
#   capacity  (snmpsim) what the simulators can answer: SNMPPOLL_WALKERS parallel snmpbulkwalk
#             walks of ifTable and ifXTable (-Cr SNMPPOLL_REPS) over the devices for
#             SNMPPOLL_SECONDS; prints varbinds/s, answers/s (estimated as varbinds / reps)
#             and each snmpsimd's CPU.
#   run       (default) starts `netsight serve --config FILE`, samples its CPU (utime +
#             stime from /proc/PID/stat) and RSS (VmRSS) every SNMPPOLL_SAMPLE s for
#             SNMPPOLL_CYCLES poll intervals (plus a start-up interval), and after each
#             interval reads GET /api/v1/devices to count the devices polled on time
#             (last poll within 1.1 intervals of now, no error, not late), their poll
#             durations and errors; with the sim agent it also checks one device's rates
#             against the agent's formula. The agent's CPU is sampled too.
#   setup     only generates the recordings and the config (in $BENCH_WORK/snmp-poll).
#
# No peer poller is run (a shell loop of snmpbulkwalk is not a fair peer): this reports
# netsight's own CPU, memory and on-time percentage.
#
# Usage: scripts/bench/snmp-poll.sh [run|capacity|setup]
# Env (defaults): SNMPPOLL_AGENT (sim), SNMPPOLL_DEVICES (1000), SNMPPOLL_IFACES (48),
#   SNMPPOLL_PROCS (2, snmpsim), SNMPPOLL_BASE_PORT (39200), SNMPPOLL_INTERVAL (60, seconds),
#   SNMPPOLL_CYCLES (2), SNMPPOLL_SAMPLE (5, seconds), SNMPPOLL_TIMEOUT (5s),
#   SNMPPOLL_RETRIES (1), SNMPPOLL_STATIC (1: plain values; 0: counters grow via snmpsim's
#   numeric module, which costs snmpsim CPU), SNMPPOLL_WALKERS (8), SNMPPOLL_REPS (25),
#   SNMPPOLL_SECONDS (60), SNMP_AGENT_SIM, NETSIGHT, BENCH_WORK, BENCH_HTTP_PORT (common.sh).
source "$(dirname "$0")/common.sh"
MODE=${1:-run}
AGENT=${SNMPPOLL_AGENT:-sim}
SIM=${SNMP_AGENT_SIM:-$ROOT/Benchmarks/.build/release/snmp-agent-sim}
DEVICES=${SNMPPOLL_DEVICES:-1000}
IFACES=${SNMPPOLL_IFACES:-48}
PROCS=${SNMPPOLL_PROCS:-2}
BASE_PORT=${SNMPPOLL_BASE_PORT:-39200}
INTERVAL=${SNMPPOLL_INTERVAL:-60}
CYCLES=${SNMPPOLL_CYCLES:-2}
SAMPLE=${SNMPPOLL_SAMPLE:-5}
STATIC=${SNMPPOLL_STATIC:-1}
W="$WORK/snmp-poll"
export SNMP_PERSISTENT_DIR="$W/client" MIBS=
for tool in snmpget snmpbulkwalk curl python3 $([[ $AGENT == snmpsim ]] && echo snmpsimd); do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install snmpsim snmp curl)" >&2; exit 1; }
done
if [[ $AGENT == sim && ! -x $SIM ]]; then
    (cd "$ROOT/Benchmarks" && swift build -c release --product snmp-agent-sim)
fi

SIM_PIDS=()
stop_sims() {
    local p
    for p in "${SIM_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    for p in "${SIM_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
    SIM_PIDS=()
}
poll_cleanup() { stop_netsight; stop_sims; cleanup; }
trap poll_cleanup EXIT

port_of() {  # DEVICE-INDEX
    if [[ $AGENT == sim ]]; then echo $(( BASE_PORT + $1 )); else echo $(( BASE_PORT + $1 % PROCS )); fi
}
community_of() { if [[ $AGENT == sim ]]; then echo public; else printf 'dev%04d' "$1"; fi; }
name_of() { printf 'dev%04d' "$1"; }

# Recordings: all generated in one directory (one ring of LLDP neighbours), then device i
# moved to the data directory of simulator i % PROCS.
setup() {
    rm -rf "$W" && mkdir -p "$W/client"
    chmod 755 "$W"
    if [[ $AGENT == snmpsim ]]; then
        local static=()
        [[ $STATIC == 1 ]] && static=(--static)
        python3 "$ROOT/scripts/peers/make_snmprec.py" "$DEVICES" "$IFACES" "$W/all" "${static[@]}"
        for k in $(seq 0 $((PROCS - 1))); do
            mkdir -p "$W/sim$k/data" "$W/sim$k/cache"
            chmod 755 "$W/sim$k" "$W/sim$k/data"; chmod 777 "$W/sim$k/cache"
        done
        for i in $(seq 0 $((DEVICES - 1))); do
            mv "$W/all/$(community_of "$i").snmprec" "$W/sim$((i % PROCS))/data/"
        done
    fi
    {
        echo "data_dir: $W/netsight-data"
        echo "listen:"
        echo "  netflow: \"off\""
        echo "  sflow: \"off\""
        echo "  traps: \"off\""
        echo "  http: 127.0.0.1:$HTTP_PORT"
        echo "snmp:"
        echo "  version: 2c"
        echo "  interval: ${INTERVAL}s"
        echo "  timeout: ${SNMPPOLL_TIMEOUT:-5s}"
        echo "  retries: ${SNMPPOLL_RETRIES:-1}"
        echo "devices:"
        for i in $(seq 0 $((DEVICES - 1))); do
            local c
            c=$(community_of "$i")
            echo "  - name: $(name_of "$i")"
            echo "    address: 127.0.0.1:$(port_of "$i")"
            echo "    version: 2c"
            echo "    community: $c"
            echo "    interval: ${INTERVAL}s"
        done
    } >"$W/netsight.yaml"
    echo "setup: $DEVICES devices x $IFACES interfaces ($AGENT), config $W/netsight.yaml"
}

start_sims() {
    if [[ $AGENT == sim ]]; then
        "$SIM" --devices "$DEVICES" --interfaces "$IFACES" --base-port "$BASE_PORT" >"$W/sim.log" 2>&1 &
        SIM_PIDS+=($!)
        for _ in $(seq 300); do grep -q '^ready' "$W/sim.log" && break; sleep 0.1; done
        grep -q '^ready' "$W/sim.log" || { echo "snmp-agent-sim did not start: $(tail -5 "$W/sim.log")" >&2; exit 1; }
        echo "agent: $(head -1 "$W/sim.log")"
        return
    fi
    local user=()
    [[ $(id -u) == 0 ]] && user=(--process-user=nobody --process-group=nogroup)
    local t0=$SECONDS
    for k in $(seq 0 $((PROCS - 1))); do
        snmpsimd --data-dir="$W/sim$k/data" --cache-dir="$W/sim$k/cache" \
            --agent-udpv4-endpoint="127.0.0.1:$((BASE_PORT + k))" "${user[@]}" \
            --logging-method=file:"$W/sim$k/snmpsimd.log" >"$W/sim$k/stdout.log" 2>&1 &
        SIM_PIDS+=($!)
    done
    # Ready when the last device of each simulator answers (indexes are built at start).
    for k in $(seq 0 $((PROCS - 1))); do
        local last=$(( (DEVICES - 1) - ((DEVICES - 1 - k) % PROCS) )) ok=0
        for _ in $(seq 3000); do
            if snmpget -v2c -c "$(community_of "$last")" -On -t 1 -r 0 "127.0.0.1:$((BASE_PORT + k))" .1.3.6.1.2.1.1.5.0 2>/dev/null | grep -q " = STRING"; then
                ok=1; break
            fi
            kill -0 "${SIM_PIDS[$k]}" 2>/dev/null || break
            sleep 0.5
        done
        [[ $ok == 1 ]] || { echo "snmpsimd $k did not answer: $(tail -5 "$W/sim$k/snmpsimd.log")" >&2; exit 1; }
    done
    echo "simulators ready after $((SECONDS - t0)) s: pids ${SIM_PIDS[*]}"
}

sims_cpu() {  # total user+sys seconds of all simulators
    local p t=0
    for p in "${SIM_PIDS[@]}"; do t=$(awk -v a="$t" -v b="$(cpu_seconds "$p")" 'BEGIN { printf "%.2f", a + b }'); done
    echo "$t"
}

capacity() {
    local walkers=${SNMPPOLL_WALKERS:-8} reps=${SNMPPOLL_REPS:-25} secs=${SNMPPOLL_SECONDS:-60}
    echo "== capacity: $walkers parallel snmpbulkwalk -Cr$reps of ifTable+ifXTable for $secs s, $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
    local c0 t0 t1 c1
    c0=$(sims_cpu)
    t0=$(date +%s.%N)
    local deadline=$(( $(date +%s) + secs )) pids=()
    for w in $(seq 0 $((walkers - 1))); do
        (
            i=$w n=0 walks=0
            while (( $(date +%s) < deadline )); do
                d=$(( i % DEVICES ))
                for table in .1.3.6.1.2.1.2.2 .1.3.6.1.2.1.31.1.1; do
                    m=$(snmpbulkwalk -v2c -c "$(community_of "$d")" -On -Cr"$reps" -t 5 -r 1 "127.0.0.1:$(port_of "$d")" "$table" 2>/dev/null | grep -c '^\.' || true)
                    n=$((n + m))
                done
                walks=$((walks + 1)); i=$((i + walkers))
            done
            echo "$n $walks" >"$W/walker$w"
        ) &
        pids+=($!)
    done
    wait "${pids[@]}"
    t1=$(date +%s.%N)
    c1=$(sims_cpu)
    cat "$W"/walker* | awk -v t="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" -v reps="$reps" \
        -v c="$(awk -v a="$c0" -v b="$c1" 'BEGIN { print b - a }')" -v procs="$PROCS" -v ifs="$IFACES" '
        { vb += $1; dev += $2 }
        END {
            printf "varbinds: %d in %.1f s = %.0f varbinds/s, ~%.0f answers/s; %d device walks (ifTable+ifXTable) = %.2f devices/s\n", vb, t, vb / t, vb / reps / t, dev, dev / t
            printf "snmpsimd CPU: %.1f s over %.1f s wall (%d processes) = %.2f cores; %.0f varbinds per CPU second\n", c, t, procs, c / t, vb / c
            per = ifs * 41
            printf "a walk of ifTable+ifXTable = %d varbinds per device: at this rate, %.0f devices per 60 s interval\n", per, vb / t * 60 / per
            # the netsight counter walk (Sources/Pollers/Devices/DeviceCounterReadings.swift):
            # admin/oper status, 4 error/discard, 8 HC and the discontinuity column per
            # interface, plus hrProcessorLoad.
            cyc = ifs * 15 + 2
            printf "netsight counter poll ~ %d varbinds per device: at this rate, %.0f devices per 60 s interval\n", cyc, vb / t * 60 / cyc
        }'
    rm -f "$W"/walker*
}

run() {
    build_netsight
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/healthz" 2>/dev/null) == 000 ]] || { echo "port $HTTP_PORT busy" >&2; exit 1; }
    echo "== poll: $DEVICES devices x $IFACES interfaces, interval $INTERVAL s, $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $NETSIGHT"
    rm -rf "$W/netsight-data" && mkdir -p "$W/netsight-data"
    "$NETSIGHT" serve --config "$W/netsight.yaml" --log-level warning >"$W/netsight.log" 2>&1 &
    NETSIGHT_PID=$!
    for _ in $(seq 300); do curl -sf "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
    curl -sf "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null || { echo "netsight serve did not start: $(tail -20 "$W/netsight.log")" >&2; exit 1; }
    local start total next_check cycle=0 hz
    hz=$(getconf CLK_TCK)
    start=$(date +%s)
    total=$(( (CYCLES + 1) * INTERVAL ))
    next_check=$(( start + INTERVAL ))
    echo "t_s,netsight_cpu_s,netsight_rss_kb,netsight_threads,agent_cpu_s" >"$W/samples.csv"
    while (( $(date +%s) < start + total )); do
        kill -0 "$NETSIGHT_PID" 2>/dev/null || { echo "netsight serve exited: $(tail -20 "$W/netsight.log")" >&2; exit 1; }
        local now cpu rss thr
        now=$(date +%s)
        cpu=$(awk -v hz="$hz" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$NETSIGHT_PID/stat")
        rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$NETSIGHT_PID/status")
        thr=$(awk '/^Threads:/ { print $2 }' "/proc/$NETSIGHT_PID/status")
        echo "$((now - start)),$cpu,$rss,$thr,$(sims_cpu)" >>"$W/samples.csv"
        if (( now >= next_check )); then
            cycle=$((cycle + 1))
            curl -sf "http://127.0.0.1:$HTTP_PORT/api/v1/devices" >"$W/devices-$cycle.json" || echo "GET /api/v1/devices failed" >&2
            echo "-- after interval $cycle ($((now - start)) s): $(devices_summary "$W/devices-$cycle.json")"
            [[ $AGENT == sim && $cycle -ge 2 ]] && echo "   $(check_rates)"
            next_check=$(( next_check + INTERVAL ))
        fi
        sleep "$SAMPLE"
    done
    echo "-- samples ($W/samples.csv): CPU and RSS over the run"
    python3 - "$W/samples.csv" "$INTERVAL" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
interval = float(sys.argv[2])
t = [float(r["t_s"]) for r in rows]; cpu = [float(r["netsight_cpu_s"]) for r in rows]
rss = [int(r["netsight_rss_kb"]) for r in rows]; sim = [float(r["agent_cpu_s"]) for r in rows]
# Steady state: from the end of the first interval (start-up and first walks) to the end.
first = next((i for i, x in enumerate(t) if x >= interval), 0)
span = t[-1] - t[first] if t[-1] > t[first] else float("nan")
print("netsight CPU: %.2f s in total; %.2f s over the last %.0f s = %.1f%% of one core" % (cpu[-1], cpu[-1] - cpu[first], span, 100 * (cpu[-1] - cpu[first]) / span))
print("netsight RSS: max %.1f MB, last %.1f MB, median %.1f MB" % (max(rss) / 1024, rss[-1] / 1024, statistics.median(rss) / 1024))
print("agent CPU over the same span: %.2f s = %.1f%% of one core" % (sim[-1] - sim[first], 100 * (sim[-1] - sim[first]) / span))
PY
    stop_netsight
}

# On time = polled within 1.1 intervals of now with no error.
devices_summary() {  # FILE
    python3 - "$1" "$INTERVAL" "$DEVICES" <<'PY'
import json, statistics, sys, time
path, interval, expected = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
try:
    devices = json.load(open(path))
except Exception as e:
    print("no JSON (%s)" % e); sys.exit()
if isinstance(devices, dict):
    devices = devices.get("devices", [])
now = time.time() * 1000
def last(d):
    v = d.get("lastPollMillis")
    return float(v) if v is not None else None
on_time = [d for d in devices if last(d) is not None and now - last(d) <= 1.1 * interval * 1000
           and not d.get("error") and not d.get("late")]
errors = [d for d in devices if d.get("error")]
late = sum(1 for d in devices if d.get("late"))
durations = sorted(float(d["durationMillis"]) for d in devices if d.get("durationMillis") is not None)
up = sum(1 for d in devices if d.get("up") is True)
msg = "%d devices listed (expected %d), %d up, on time %d = %.1f%%, %d late, %d with an error" % (
    len(devices), expected, up, len(on_time), 100.0 * len(on_time) / max(expected, 1), late, len(errors))
if durations:
    p95 = durations[min(len(durations) - 1, int(0.95 * len(durations)))]
    msg += "; poll duration ms median %.0f, p95 %.0f, max %.0f" % (statistics.median(durations), p95, durations[-1])
if errors:
    msg += "; first error: %s: %s" % (errors[0].get("name"), errors[0].get("error"))
print(msg)
PY
}

# One device's interface rates against the agent's formula (sim agent): device i, ifIndex n
# in bit/s = 8 (125000 n + 100 (i mod 1000)).
check_rates() {
    local i=$(( DEVICES / 2 ))
    curl -sf "http://127.0.0.1:$HTTP_PORT/api/v1/devices/$(name_of "$i")" | python3 -c '
import json, sys
i = int(sys.argv[1])
d = json.load(sys.stdin)
checked = worst = 0
for itf in d.get("interfaces", []):
    r = itf.get("rates") or {}
    got = r.get("inBitsPerSecond")
    if got is None or itf.get("operStatus") != 1:
        continue
    want = 8 * (125000 * itf["ifIndex"] + 100 * (i % 1000))
    worst = max(worst, abs(got - want) / want)
    checked += 1
print("rates of %s: %d up interfaces checked against the agent formula, worst error %.2f%%" % (d["device"]["name"], checked, 100 * worst))
' "$i"
}

case $MODE in
    setup) setup ;;
    capacity) setup; start_sims; capacity ;;
    run) setup; start_sims; run ;;
    *) echo "usage: $0 [run|capacity|setup]" >&2; exit 2 ;;
esac
