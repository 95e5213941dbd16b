#!/usr/bin/env bash
# Benchmark c: UDP to stored flows, no loss. The same IPFIX datagrams (27 flows each) are
# sent at increasing rates to a fresh `netsight serve` (release) and a fresh nfcapd, one
# after the other, and the flows each stored are counted: netsight by
# netsight_store_flows_written_total once its queue is empty, nfcapd by `nfdump -I`.
# Usage: scripts/bench/ingest.sh [FLOWS_PER_STEP] [RATES...]
#   defaults: 2000000 flows per step; rates 250000 500000 1000000 1800000 3000000 0 (0 = flat out)
source "$(dirname "$0")/common.sh"
FLOWS=${1:-2000000}
shift || true
RATES=("$@")
[[ ${#RATES[@]} -gt 0 ]] || RATES=(250000 500000 1000000 1800000 3000000 0)
build_tools
build_netsight
echo "== ingest, $FLOWS flows per step: $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
# netsight: decoded = records out of the decoder (offered - decoded were lost in the socket);
# q-drop = records the full ingest queue refused.
printf "%-10s | %-58s | %-34s\n" "asked/s" "netsight: offered/s, stored (%), decoded, q-drop" "nfcapd: offered/s, stored (%)"
for rate in "${RATES[@]}"; do
    BASE=$(base_millis)
    start_netsight "$WORK/ingest-netsight"
    ns_out=$("$BENCH_BIN/flowgen" send --port "$UDP_PORT" --flows "$FLOWS" --rate "$rate" --base-millis "$BASE")
    sent=$(echo "$ns_out" | awk '{ print $2 }')
    ns_offered=$(echo "$ns_out" | sed -E 's/.*: ([0-9]+) flows\/s offered.*/\1/')
    ns_stored=$(netsight_settled_written)
    ns_decoded=$(metric netsight_flow_records_total)
    ns_drops=$(metric netsight_ingest_queue_dropped_records_total)
    stop_netsight

    start_nfcapd "$WORK/ingest-nfcapd"
    nf_out=$("$BENCH_BIN/flowgen" send --port "$UDP_PORT" --flows "$FLOWS" --rate "$rate" --base-millis "$BASE")
    nf_offered=$(echo "$nf_out" | sed -E 's/.*: ([0-9]+) flows\/s offered.*/\1/')
    sleep 1
    stop_nfcapd
    nf_stored=$(nfdump_flows "$WORK/ingest-nfcapd")
    printf "%-10s | %9s/s %9s (%5.1f%%) decoded %9s q-drop %-8s | %9s/s %9s (%5.1f%%)\n" "$rate" \
        "$ns_offered" "$ns_stored" "$(echo "100 * $ns_stored / $sent" | bc -l)" "$ns_decoded" "$ns_drops" \
        "$nf_offered" "$nf_stored" "$(echo "100 * $nf_stored / $sent" | bc -l)"
done
