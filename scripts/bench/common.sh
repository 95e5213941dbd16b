# Shared by scripts/bench/*.sh: paths, builds, and starting/stopping the two collectors.
# Source it; do not run it. Everything listens and sends on 127.0.0.1 only.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_BIN="$ROOT/Benchmarks/.build/release"
NETSIGHT="${NETSIGHT:-$ROOT/.build/release/netsight}"
WORK="${BENCH_WORK:-/tmp/netsight-bench}"
UDP_PORT="${BENCH_UDP_PORT:-39055}"
HTTP_PORT="${BENCH_HTTP_PORT:-39080}"
mkdir -p "$WORK"

# Builds what is missing: the benchmark tools and the release `netsight`.
build_tools() {
    if [[ ! -x $BENCH_BIN/flowgen || ! -x $BENCH_BIN/decode-bench ]]; then
        (cd "$ROOT/Benchmarks" && swift build -c release)
    fi
}
build_netsight() {
    if [[ ! -x $NETSIGHT ]]; then
        (cd "$ROOT" && swift build -c release --product netsight)
    fi
}

# The flows' time base: flows end in the 10 minutes before it (see FlowMix).
base_millis() { echo $(( $(date +%s) / 60 * 60000 )); }

NFCAPD_PID=""
start_nfcapd() {  # DIR
    rm -rf "$1" && mkdir -p "$1"
    nfcapd -b 127.0.0.1 -p "$UDP_PORT" -w "$1" -t 60 -I bench -B 8388608 >"$1.log" 2>&1 &
    NFCAPD_PID=$!
    for _ in $(seq 50); do grep -q "Startup nfcapd" "$1.log" 2>/dev/null && return 0; sleep 0.1; done
    echo "nfcapd did not start: $(cat "$1.log")" >&2
    return 1
}
# nfcapd writes its last file on SIGTERM; it sometimes needs the signal again while busy.
stop_nfcapd() {
    [[ -n $NFCAPD_PID ]] || return 0
    for _ in $(seq 40); do
        kill -0 "$NFCAPD_PID" 2>/dev/null || break
        kill -TERM "$NFCAPD_PID" 2>/dev/null || true
        sleep 0.5
    done
    wait "$NFCAPD_PID" 2>/dev/null || true
    NFCAPD_PID=""
}
# Flows nfcapd stored in DIR.
nfdump_flows() { nfdump -R "$1" -I 2>/dev/null | awk '/^Flows:/ { n += $2 } END { print n + 0 }'; }

NETSIGHT_PID=""
start_netsight() {  # DATADIR [command netsight is started under, with its arguments...]
    local dir=$1; shift
    rm -rf "$dir" && mkdir -p "$dir"
    cat >"$dir.yaml" <<YAML
data_dir: $dir
listen:
  netflow: 127.0.0.1:$UDP_PORT
  sflow: "off"
  http: 127.0.0.1:$HTTP_PORT
YAML
    "$@" "$NETSIGHT" serve --config "$dir.yaml" --log-level warning >"$dir.log" 2>&1 &
    NETSIGHT_PID=$!
    for _ in $(seq 100); do
        curl -sf "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "netsight serve did not start: $(cat "$dir.log")" >&2
    return 1
}
stop_netsight() {
    [[ -n $NETSIGHT_PID ]] || return 0
    kill -TERM "$NETSIGHT_PID" 2>/dev/null || true
    wait "$NETSIGHT_PID" 2>/dev/null || true
    NETSIGHT_PID=""
}
metric() {  # NAME: sum of the samples of one /metrics family
    curl -sf "http://127.0.0.1:$HTTP_PORT/metrics" | awk -v n="$1" '$1 == n || index($1, n "{") == 1 { s += $2 } END { printf "%d\n", s }'
}
# Waits until netsight has written everything it queued: the written counter still for 1 s.
netsight_settled_written() {
    local last=-1 now
    for _ in $(seq 120); do
        now=$(metric netsight_store_flows_written_total)
        if [[ $now == "$last" && $(metric netsight_ingest_queue_depth) == 0 ]]; then echo "$now"; return; fi
        last=$now
        sleep 1
    done
    echo "$now"
}

# User+system CPU seconds a process has used so far (all its threads).
cpu_seconds() {  # PID
    awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15) / hz }' "/proc/$1/stat"
}
# The receive buffer (bytes, as the kernel counts it) of the socket bound to UDP_PORT.
socket_rcvbuf() {
    ss -uamn "sport = :$UDP_PORT" | sed -nE 's/.*rb([0-9]+).*/\1/p' | head -1
}

cleanup() { stop_netsight; stop_nfcapd; }
trap cleanup EXIT
