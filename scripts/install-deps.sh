#!/usr/bin/env bash
# Installs the Debian packages Netsight needs. `--test` adds the real peers the test suite
# starts (flow exporters and collectors, tshark). Skips apt entirely when all are present.
set -euo pipefail

runtime=(pkg-config libsqlite3-dev libmaxminddb-dev libssl-dev)
test_peers=(softflowd nfdump tshark tcpdump python3-scapy pmacct iproute2 mmdb-bin snmp snmpd snmpsim
  fping iputils-ping nginx-light dnsmasq-base prometheus-blackbox-exporter openssl lldpd
  python3-aiosmtpd rsyslog prometheus-alertmanager chromium)
want=("${runtime[@]}")
[[ "${1:-}" == "--test" ]] && want+=("${test_peers[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#want[@]} packages present"
  exit 0
fi
SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
# tshark asks whether non-root users may capture; answer no without a prompt.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
