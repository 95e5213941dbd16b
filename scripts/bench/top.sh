#!/usr/bin/env bash
# Benchmark b: top 10 source IPs by bytes over the same 10 million flows, Netsight
# (`netsight flows top`, and FlowQueryEngine in-process) vs `nfdump -R DIR -s srcip/bytes -n 10`.
# Netsight's store is written by FlowStoreWriter from the decoded datagrams; nfcapd's by
# sending it the same IPFIX datagrams at TOP_SEND_RATE flows/s (default 500000; the count
# is checked, as a busy machine makes nfcapd drop).
# Usage: scripts/bench/top.sh [FLOWS] [RUNS]   (defaults 10000000 and 5)
source "$(dirname "$0")/common.sh"
FLOWS=${1:-10000000}
RUNS=${2:-5}
build_tools
build_netsight
NS="$WORK/top-netsight"
NF="$WORK/top-nfcapd"
echo "== top 10 by bytes over $FLOWS flows: $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
# TOP_REUSE=1 times the stores a previous run left in $WORK instead of writing them again.
if [[ ${TOP_REUSE:-0} == 1 && -s $WORK/top-base ]]; then
    BASE=$(cat "$WORK/top-base")
else
    BASE=$(base_millis)
    rm -f "$WORK/top-base"
    rm -rf "$NS" && mkdir -p "$NS"
    "$BENCH_BIN/flowgen" store --data-dir "$NS" --flows "$FLOWS" --base-millis "$BASE"
    start_nfcapd "$NF"
    "$BENCH_BIN/flowgen" send --port "$UDP_PORT" --flows "$FLOWS" --rate "${TOP_SEND_RATE:-500000}" --base-millis "$BASE"
    sleep 1
    stop_nfcapd
    echo "$BASE" >"$WORK/top-base"
fi
nf_count=$(nfdump_flows "$NF")
[[ $nf_count -ge $FLOWS ]] || echo "WARNING: nfcapd lost flows ($nf_count of $FLOWS): the two stores differ; rerun with a lower TOP_SEND_RATE"
echo "nfcapd stored $nf_count flows; netsight store $(du -sh "$NS/flows" | cut -f1), nfcapd files $(du -sh "$NF" | cut -f1)"
sync

FROM=$(( (BASE - 600000 - 3600000) / 1000 ))
TO=$(( (BASE + 3600000) / 1000 ))
NS_CMD="$NETSIGHT flows top --data-dir $NS --by srcip --metric bytes --limit 10 --from $FROM --to $TO"
NF_CMD="nfdump -R $NF -s srcip/bytes -n 10"

echo "-- results (first run)"
$NS_CMD --format csv | tee "$WORK/top-netsight.csv"
$NF_CMD -o csv -q | tee "$WORK/top-nfdump.csv" | head -12
# Address, bytes, flows of each row, in order: the two answers must be the same.
ns_rows=$(tail -n +2 "$WORK/top-netsight.csv" | head -10 | awk -F, '{ print $1 "/" $2 "/" $4 }' | tr '\n' ' ')
nf_rows=$(awk -F, 'NR > 1 && $5 ~ /\./ { print $5 "/" $10 "/" $6 }' "$WORK/top-nfdump.csv" | head -10 | tr '\n' ' ')
echo "netsight ip/bytes/flows: $ns_rows"
echo "nfdump   ip/bytes/flows: $nf_rows"
[[ "$ns_rows" == "$nf_rows" ]] && echo "same top 10: addresses, bytes and flows equal, same order" || echo "TOP 10 DIFFERS"

echo "-- timings"
if command -v hyperfine >/dev/null; then
    hyperfine --warmup 1 --runs "$RUNS" -N "$NS_CMD" "$NF_CMD"
else
    for cmd in "$NS_CMD" "$NF_CMD"; do
        for _ in $(seq "$RUNS"); do
            /usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KB max RSS" $cmd >/dev/null
        done 2>&1 | sed "s|^|${cmd%% *}: |"
    done
fi
echo "-- in-process FlowQueryEngine"
"$BENCH_BIN/flowgen" top --data-dir "$NS" --base-millis "$BASE" --repeat "$RUNS" | tail -2
