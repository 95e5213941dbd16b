#!/usr/bin/env bash
# For a new user on a fresh Debian 12 machine: installs what Netsight needs, builds the
# release binary and runs `netsight serve` on the embedded default (NetFlow/IPFIX on UDP
# 2055, sFlow on UDP 6343, HTTP on 127.0.0.1:8080, data in ./netsight-data).
# Extra arguments go to `netsight serve`, e.g. `scripts/serve.sh --config netsight.yaml`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product netsight
exec .build/release/netsight serve "$@"
