#!/usr/bin/env bash
# Bounded libFuzzer run over the flow decoders (Fuzz/FlowDecoderFuzz.swift): NetFlow v5/v9,
# IPFIX and sFlow v5 through FlowDecoder.decode with one TemplateCache kept across inputs,
# and pcap/pcapng inputs through CaptureReader.
#
# Builds with `swiftc -sanitize=fuzzer,address` into .build-fuzz/ (NetsightModel and
# FlowCodec compiled as modules from Sources/, so SwiftPM never needs libFuzzer), seeds the
# corpus from Tests/FlowCodecTests/Fixtures, and runs for FUZZ_SECONDS (default 60).
# Exits non-zero on a crash, a leak or a sanitizer report, and prints the crashing input.
#
# Environment: FUZZ_SECONDS (default 60), FUZZ_MAX_LEN (largest input in bytes, default 4096).
# Reproduce a crash: .build-fuzz/flow-decoder-fuzz PATH
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_BUDGET="${FUZZ_SECONDS:-60}"
MAX_LEN="${FUZZ_MAX_LEN:-4096}"
OUT=.build-fuzz
BIN="$OUT/flow-decoder-fuzz"
mkdir -p "$OUT/modules" "$OUT/corpus" "$OUT/seeds" "$OUT/artifacts"

# -O keeps the fuzzer fast; Swift's bounds and overflow checks stay on in -O builds,
# and AddressSanitizer catches what unsafe pointer code gets past them.
FLAGS=(-O -g -swift-version 6 -sanitize=fuzzer,address -parse-as-library)
# lld: gold prints a warning per ASan helper symbol.
LINK=(-use-ld=lld)

echo "fuzz: building $BIN"
swiftc "${FLAGS[@]}" -module-name NetsightModel -emit-module \
    -emit-module-path "$OUT/modules/NetsightModel.swiftmodule" -wmo -c \
    -o "$OUT/NetsightModel.o" $(find Sources/NetsightModel -name '*.swift' | sort)
swiftc "${FLAGS[@]}" -module-name FlowCodec -I "$OUT/modules" -emit-module \
    -emit-module-path "$OUT/modules/FlowCodec.swiftmodule" -wmo -c \
    -o "$OUT/FlowCodec.o" $(find Sources/FlowCodec -name '*.swift' | sort)
swiftc "${FLAGS[@]}" -module-name FlowDecoderFuzz -I "$OUT/modules" \
    "${LINK[@]}" Fuzz/FlowDecoderFuzz.swift "$OUT/NetsightModel.o" "$OUT/FlowCodec.o" -o "$BIN"

# Seeds: every captured datagram and capture file (flat, so their names cannot collide).
rm -rf "$OUT/seeds" && mkdir -p "$OUT/seeds"
while IFS= read -r f; do
    cp "$f" "$OUT/seeds/$(echo "${f#Tests/FlowCodecTests/Fixtures/}" | tr '/' '_')"
done < <(find Tests/FlowCodecTests/Fixtures -type f \( -name '*.bin' -o -name '*.pcap' -o -name '*.pcapng' \) | sort)
echo "fuzz: $(ls "$OUT/seeds" | wc -l) seed inputs; running for ${SECONDS_BUDGET}s"

rm -f "$OUT"/artifacts/*
LOG="$OUT/fuzz.log"
# Let libFuzzer report a trap itself: the Swift backtracer trips over ASan's stack checks.
export SWIFT_BACKTRACE=enable=no
set +e
"$BIN" "$OUT/corpus" "$OUT/seeds" \
    -max_total_time="$SECONDS_BUDGET" -max_len="$MAX_LEN" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 \
    -artifact_prefix="$OUT/artifacts/" 2>&1 | tee "$LOG" | grep -E '^(#[0-9]+.*(INITED|DONE|pulse)|==[0-9]+==|stat::|INFO: (Running|Seed|Loaded))|ERROR|SUMMARY|Test unit written' 
status=${PIPESTATUS[0]}
set -e

crashes=$(ls "$OUT"/artifacts/ 2>/dev/null | wc -l)
if [[ $status -ne 0 || $crashes -ne 0 ]]; then
    tail -n 40 "$LOG" >&2
    echo "fuzz: FAILED (exit $status); full log in $LOG" >&2
    for f in "$OUT"/artifacts/*; do
        [[ -e $f ]] && echo "fuzz: crash input: $f (reproduce: $BIN $f)" >&2
    done
    exit 1
fi
echo "fuzz: no crash in ${SECONDS_BUDGET}s; corpus $(ls "$OUT/corpus" | wc -l) inputs in $OUT/corpus"
