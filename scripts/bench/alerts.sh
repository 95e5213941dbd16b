#!/usr/bin/env bash
# Benchmark g (issue 5): 10,000 alert rules over 100,000 series every 15 s, the later
# stages in the server's order, an alert storm routed and grouped, and the store read that
# feeds an evaluation, and the rollup read behind flow-volume rules. Everything runs in one
# process; nothing is sent anywhere.
# Usage: scripts/bench/alerts.sh [alert-bench options: --rounds R, --only eval|storm|store|flows, --trace]
source "$(dirname "$0")/common.sh"
if [[ ! -x $BENCH_BIN/alert-bench ]]; then
    (cd "$ROOT/Benchmarks" && swift build -c release --product alert-bench)
fi
echo "== alerting: $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
/usr/bin/time -f "alert-bench: %e s wall, %U s user, %S s system, max RSS %M KiB" \
    "$BENCH_BIN/alert-bench" --store-dir "$WORK/alert-store" "$@"
