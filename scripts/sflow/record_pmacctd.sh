#!/bin/sh
# Records real sFlow v5 datagrams from pmacctd's sfprobe plugin (Debian `pmacct`) into DIR.
# Loopback only: pmacctd replays IN.pcap and sends sFlow to 127.0.0.1:PORT, where
# udp_sink.py writes each datagram to DIR/pmacctd-NNN.bin.
#   record_pmacctd.sh IN.pcap DIR [PORT] [SAMPLING_RATE]
set -eu
IN=$(realpath "$1"); DIR=$2; PORT=${3:-16343}; RATE=${4:-1}
HERE=$(dirname "$(realpath "$0")")
WORK=$(mktemp -d)
mkdir -p "$DIR"
cat > "$WORK/pmacctd.conf" <<CONF
daemonize: false
pcap_savefile: $IN
pcap_savefile_wait: true
plugins: sfprobe
sfprobe_receiver: 127.0.0.1:$PORT
sfprobe_agentip: 192.0.2.200
sfprobe_agentsubid: 3
sampling_rate: $RATE
CONF
/usr/bin/python3 "$HERE/udp_sink.py" "$PORT" "$DIR" 3 & SINK=$!
sleep 0.5
pmacctd -f "$WORK/pmacctd.conf" > "$WORK/pmacctd.log" 2>&1 & PM=$!
sleep 4
kill -INT $PM 2>/dev/null || true   # pmacctd ignores SIGTERM
wait $PM 2>/dev/null || true
wait $SINK || true
cat "$WORK/pmacctd.log" | tail -5
rm -rf "$WORK"
ls "$DIR"
