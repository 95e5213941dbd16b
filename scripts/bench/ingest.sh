#!/usr/bin/env bash
# Benchmark c: UDP to stored flows, no loss. The same IPFIX datagrams (27 flows each) are
# sent at increasing rates to a fresh `netsight serve` (release) and a fresh nfcapd, one
# after the other, and the flows each stored are counted: netsight by
# netsight_store_flows_written_total once its queue is empty, nfcapd by `nfdump -I`.
# Usage: scripts/bench/ingest.sh [FLOWS_PER_STEP] [RATES...]
#   defaults: 2000000 flows per step; rates 250000 500000 1000000 1800000 3000000 0 (0 = flat out)
# NETSIGHT_WRAPPER: a command netsight is started under, e.g.
#   NETSIGHT_WRAPPER="setpriv --bounding-set -net_admin --inh-caps -net_admin"
# runs it without CAP_NET_ADMIN, so its receive buffer is capped by net.core.rmem_max as
# nfcapd's is (netsight otherwise forces its 32 MB past the cap when it may).
source "$(dirname "$0")/common.sh"
FLOWS=${1:-2000000}
shift || true
RATES=("$@")
[[ ${#RATES[@]} -gt 0 ]] || RATES=(250000 500000 1000000 1800000 3000000 0)
build_tools
build_netsight
echo "== ingest, $FLOWS flows per step: $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
# netsight: decoded = records out of the decoder (offered - decoded were lost in the socket);
# q-drop = records the full ingest queue refused. cpu = user+system seconds the collector
# used for the step (read from /proc before it is stopped). rb = the receive buffer the
# kernel gave each collector's socket (ss -m), printed once.
printf "%-10s | %-68s | %-44s\n" "asked/s" "netsight: offered/s, stored (%), decoded, q-drop, cpu" "nfcapd: offered/s, stored (%), cpu"
rb_printed=""
for rate in "${RATES[@]}"; do
    BASE=$(base_millis)
    # shellcheck disable=SC2086  # the wrapper is a command with its arguments
    start_netsight "$WORK/ingest-netsight" ${NETSIGHT_WRAPPER:-}
    ns_rb=$(socket_rcvbuf)
    ns_out=$("$BENCH_BIN/flowgen" send --port "$UDP_PORT" --flows "$FLOWS" --rate "$rate" --base-millis "$BASE")
    sent=$(echo "$ns_out" | awk '{ print $2 }')
    ns_offered=$(echo "$ns_out" | sed -E 's/.*: ([0-9]+) flows\/s offered.*/\1/')
    ns_stored=$(netsight_settled_written)
    ns_decoded=$(metric netsight_flow_records_total)
    ns_drops=$(metric netsight_ingest_queue_dropped_records_total)
    ns_cpu=$(cpu_seconds "$NETSIGHT_PID")
    stop_netsight

    start_nfcapd "$WORK/ingest-nfcapd"
    nf_rb=$(socket_rcvbuf)
    if [[ -z $rb_printed ]]; then
        echo "receive buffers: netsight rb $ns_rb, nfcapd rb $nf_rb"
        rb_printed=1
    fi
    nf_out=$("$BENCH_BIN/flowgen" send --port "$UDP_PORT" --flows "$FLOWS" --rate "$rate" --base-millis "$BASE")
    nf_offered=$(echo "$nf_out" | sed -E 's/.*: ([0-9]+) flows\/s offered.*/\1/')
    sleep 1
    nf_cpu=$(cpu_seconds "$NFCAPD_PID")
    stop_nfcapd
    nf_stored=$(nfdump_flows "$WORK/ingest-nfcapd")
    printf "%-10s | %9s/s %9s (%5.1f%%) decoded %9s q-drop %-8s cpu %5.2f | %9s/s %9s (%5.1f%%) cpu %5.2f\n" "$rate" \
        "$ns_offered" "$ns_stored" "$(echo "100 * $ns_stored / $sent" | bc -l)" "$ns_decoded" "$ns_drops" "$ns_cpu" \
        "$nf_offered" "$nf_stored" "$(echo "100 * $nf_stored / $sent" | bc -l)" "$nf_cpu"
done
