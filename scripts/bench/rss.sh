#!/usr/bin/env bash
# Benchmark d: resident memory of `netsight serve` (release) while it ingests 100,000
# IPFIX flows/s for SECONDS (default 60), sampled from /proc every second, plus the peak
# that /usr/bin/time -v reports at exit. Goal: under 300 MB.
# Usage: scripts/bench/rss.sh [SECONDS] [FLOWS_PER_S]
source "$(dirname "$0")/common.sh"
SECS=${1:-60}
RATE=${2:-100000}
build_tools
build_netsight
echo "== RSS at $RATE flows/s for $SECS s: $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
DIR="$WORK/rss-netsight"
start_netsight "$DIR" /usr/bin/time -v -o "$DIR.time"
SERVE_PID=$(pgrep -P "$NETSIGHT_PID")
# On any exit, SIGTERM netsight itself: /usr/bin/time would die of it and orphan the server.
trap 'kill -TERM "$SERVE_PID" 2>/dev/null || true; wait "$NETSIGHT_PID" 2>/dev/null || true' EXIT
echo "idle RSS: $(awk '/VmRSS/ { print $2 / 1024 " MB" }' /proc/$SERVE_PID/status)"
# Sample every 0.5 s from the first datagram until the store has written everything.
rm -f "$DIR.rss"
( while kill -0 "$SERVE_PID" 2>/dev/null; do
      awk -v t="$(date +%s.%N)" '/VmRSS/ { print t, $2 }' /proc/$SERVE_PID/status >>"$DIR.rss" 2>/dev/null || true
      sleep 0.5
  done ) &
SAMPLER=$!
"$BENCH_BIN/flowgen" send --port "$UDP_PORT" --flows $((SECS * RATE)) --rate "$RATE"
sending_max=$(awk '{ if ($2 > m) m = $2 } END { print int(m / 1024) }' "$DIR.rss")
written=$(netsight_settled_written)
kill "$SAMPLER" 2>/dev/null || true
wait "$SAMPLER" 2>/dev/null || true
echo "stored $written flows; RSS (sampled every 0.5 s): max $sending_max MB while sending," \
    "max $(awk '{ if ($2 > m) m = $2 } END { print int(m / 1024) }' "$DIR.rss") MB until written," \
    "$(tail -1 "$DIR.rss" | awk '{ print int($2 / 1024) }') MB at the end"
kill -TERM "$SERVE_PID"
wait "$NETSIGHT_PID" || true
echo "/usr/bin/time -v: $(grep 'Maximum resident' "$DIR.time")"
