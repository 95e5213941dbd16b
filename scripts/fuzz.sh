#!/usr/bin/env bash
# Bounded libFuzzer runs over the decoders that read bytes from the network:
# 1. flows (Fuzz/FlowDecoderFuzz.swift): NetFlow v5/v9, IPFIX and sFlow v5 through
#    FlowDecoder.decode with one TemplateCache kept across inputs, and pcap/pcapng inputs
#    through CaptureReader; seeds from Tests/FlowCodecTests/Fixtures.
# 2. SNMP (Fuzz/SNMPDecoderFuzz.swift): BER and every SNMP message and PDU the poller and
#    the trap receiver decode; seeds from the net-snmp captures in
#    Tests/SNMPCodecTests/Fixtures. The ciphers and hashes are left out (they need
#    swift-crypto and libcrypto, and only see bytes that passed authentication).
#
# Builds with `swiftc -sanitize=fuzzer,address` into .build-fuzz/ (the modules compiled
# from Sources/, so SwiftPM never needs libFuzzer) and runs each for its budget.
# Exits non-zero on a crash, a leak or a sanitizer report, and prints the crashing input.
#
# Environment: FUZZ_SECONDS (flows, default 60), FUZZ_SNMP_SECONDS (default 30),
# FUZZ_MAX_LEN (largest input in bytes, default 4096).
# Reproduce a crash: .build-fuzz/flow-decoder-fuzz PATH (or snmp-decoder-fuzz PATH)
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_LEN="${FUZZ_MAX_LEN:-4096}"
OUT=.build-fuzz
mkdir -p "$OUT/modules"

# -O keeps the fuzzer fast; Swift's bounds and overflow checks stay on in -O builds,
# and AddressSanitizer catches what unsafe pointer code gets past them.
FLAGS=(-O -g -swift-version 6 -sanitize=fuzzer,address -parse-as-library)
# lld: gold prints a warning per ASan helper symbol.
LINK=(-use-ld=lld)

module() {  # NAME FILES...
    local name=$1; shift
    swiftc "${FLAGS[@]}" -module-name "$name" -I "$OUT/modules" -emit-module \
        -emit-module-path "$OUT/modules/$name.swiftmodule" -wmo -c -o "$OUT/$name.o" "$@"
}

run_fuzzer() {  # NAME SECONDS SEED_DIR
    local name=$1 budget=$2 seeds=$3
    local bin="$OUT/$name" dir="$OUT/$name.d"
    mkdir -p "$dir/corpus" "$dir/artifacts"
    rm -rf "$dir/seeds" && mkdir -p "$dir/seeds"
    # Seeds: every captured datagram and capture file (flat, so their names cannot collide).
    while IFS= read -r f; do
        cp "$f" "$dir/seeds/$(echo "${f#"$seeds"/}" | tr '/' '_')"
    done < <(find "$seeds" -type f \( -name '*.bin' -o -name '*.pcap' -o -name '*.pcapng' \) | sort)
    echo "fuzz: $name: $(ls "$dir/seeds" | wc -l) seed inputs; running for ${budget}s"
    rm -f "$dir"/artifacts/*
    local log="$dir/fuzz.log"
    # Let libFuzzer report a trap itself: the Swift backtracer trips over ASan's stack checks.
    export SWIFT_BACKTRACE=enable=no
    set +e
    "$bin" "$dir/corpus" "$dir/seeds" \
        -max_total_time="$budget" -max_len="$MAX_LEN" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 \
        -artifact_prefix="$dir/artifacts/" 2>&1 | tee "$log" | grep -E '^(#[0-9]+.*(INITED|DONE|pulse)|==[0-9]+==|stat::|INFO: (Running|Seed|Loaded))|ERROR|SUMMARY|Test unit written'
    local status=${PIPESTATUS[0]}
    set -e
    local crashes
    crashes=$(ls "$dir"/artifacts/ 2>/dev/null | wc -l)
    if [[ $status -ne 0 || $crashes -ne 0 ]]; then
        tail -n 40 "$log" >&2
        echo "fuzz: $name FAILED (exit $status); full log in $log" >&2
        for f in "$dir"/artifacts/*; do
            [[ -e $f ]] && echo "fuzz: crash input: $f (reproduce: $bin $f)" >&2
        done
        exit 1
    fi
    echo "fuzz: $name: no crash in ${budget}s; corpus $(ls "$dir/corpus" | wc -l) inputs"
}

echo "fuzz: building $OUT/flow-decoder-fuzz"
module NetsightModel $(find Sources/NetsightModel -name '*.swift' | sort)
module FlowCodec $(find Sources/FlowCodec -name '*.swift' | sort)
swiftc "${FLAGS[@]}" -module-name FlowDecoderFuzz -I "$OUT/modules" "${LINK[@]}" \
    Fuzz/FlowDecoderFuzz.swift "$OUT/NetsightModel.o" "$OUT/FlowCodec.o" -o "$OUT/flow-decoder-fuzz"
run_fuzzer flow-decoder-fuzz "${FUZZ_SECONDS:-60}" Tests/FlowCodecTests/Fixtures

echo "fuzz: building $OUT/snmp-decoder-fuzz"
# SNMPCodec without the crypto: everything outside USM/ and Engine/, plus the two plain
# USM types the message code names.
module SNMPCodec $(find Sources/SNMPCodec -name '*.swift' -not -path '*/USM/*' -not -path '*/Engine/*' | sort) \
    Sources/SNMPCodec/USM/USMStatistic.swift Sources/SNMPCodec/USM/USMError.swift
swiftc "${FLAGS[@]}" -module-name SNMPDecoderFuzz -I "$OUT/modules" "${LINK[@]}" \
    Fuzz/SNMPDecoderFuzz.swift "$OUT/SNMPCodec.o" -o "$OUT/snmp-decoder-fuzz"
run_fuzzer snmp-decoder-fuzz "${FUZZ_SNMP_SECONDS:-30}" Tests/SNMPCodecTests/Fixtures
