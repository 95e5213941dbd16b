#!/usr/bin/env bash
# Runs the whole test suite: installs the Debian packages the tests need (the real peers:
# softflowd, nfcapd/nfdump, tshark, pmacct, ...), builds, runs every test, then a bounded
# fuzz run over the flow decoders. Under CI=true a missing peer fails its test.
#
# Unit tests run in parallel; the integration tests (real peers, real sockets, timing
# bounds) run one at a time so they do not starve each other on a small machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
swift build --build-tests
swift test --skip-build --skip IntegrationTests
swift test --skip-build --no-parallel --filter IntegrationTests
if [[ -x scripts/fuzz.sh ]]; then scripts/fuzz.sh; fi
