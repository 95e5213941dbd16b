#!/usr/bin/env bash
# Benchmark a: decode-only NetFlow v9 and IPFIX records/s on one core (goal >= 5M/s).
# Datagrams shaped like softflowd's (27 IPFIX / 30 v9 records each) are built in memory.
# Usage: scripts/bench/decode.sh [decode-bench options, e.g. --seconds 5 --rounds 5]
source "$(dirname "$0")/common.sh"
build_tools
echo "== decode only, one core: $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
taskset -c 1 "$BENCH_BIN/decode-bench" "$@"
