#!/usr/bin/env bash
# Runs the whole test suite: installs the Debian packages the tests need (the real peers:
# softflowd, nfcapd/nfdump, tshark, pmacct), builds, runs every test, then the bounded
# fuzz run over the flow decoders. Under CI=true a missing peer fails its test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
swift build --build-tests
swift test --skip-build
if [[ -x scripts/fuzz.sh ]]; then scripts/fuzz.sh; fi
