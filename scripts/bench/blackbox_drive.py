#!/usr/bin/env python3
"""Drives blackbox_exporter the way Prometheus would for scripts/bench/probes.sh.

Reads a targets file (one "tcp HOST:PORT" or "icmp ADDR" per line, in schedule order) and
sends `GET /probe?module=tcp_connect|icmp&target=...` for every target once per
INTERVAL, spread evenly (request k is due at start + k * INTERVAL / N), from a pool of
threads that each keep one HTTP connection open. A dispatcher thread hands out requests
at their due time; when every worker is busy and more than --max-backlog requests wait,
new ones are dropped and counted (blackbox is not keeping up).

After --warmup seconds it reads the CPU time (utime + stime) of blackbox (--pid) and of
this driver from /proc, again after --window seconds, and prints one JSON object: the
probes that completed in the window, how many had probe_success 1, HTTP errors, drops,
the driver's dispatch lateness, and both processes' CPU.

Only loopback URLs are accepted.
"""
import argparse
import http.client
import json
import os
import queue
import sys
import threading
import time
import urllib.parse

CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is field 3 (state); utime is field 14, stime field 15.
    return int(fields[11]) + int(fields[12])


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", required=True, help="blackbox base URL, e.g. http://127.0.0.1:39115")
    ap.add_argument("--targets", required=True, help="targets file")
    ap.add_argument("--interval", type=float, default=10.0, help="seconds between two probes of a target")
    ap.add_argument("--warmup", type=float, default=20.0)
    ap.add_argument("--window", type=float, default=70.0)
    ap.add_argument("--pid", type=int, required=True, help="blackbox_exporter's PID")
    ap.add_argument("--threads", type=int, default=48)
    ap.add_argument("--max-backlog", type=int, default=0, help="queued requests before dropping (default: 1 s worth)")
    args = ap.parse_args()

    u = urllib.parse.urlsplit(args.url)
    if not (u.hostname or "").startswith("127.") and u.hostname not in ("::1", "localhost"):
        sys.exit(f"refusing non-loopback URL {args.url}")
    host, port = u.hostname, u.port

    targets = []
    with open(args.targets) as f:
        for line in f:
            parts = line.split()
            if len(parts) != 2:
                continue
            kind, target = parts
            module = {"tcp": "tcp_connect", "icmp": "icmp"}[kind]
            path = "/probe?" + urllib.parse.urlencode({"module": module, "target": target})
            targets.append(path)
    n = len(targets)
    if n == 0:
        sys.exit("no targets")
    rate = n / args.interval
    max_backlog = args.max_backlog or max(100, int(rate))

    work = queue.Queue()
    lock = threading.Lock()
    # Completed requests: (due, started, ended, ok, http_error)
    done = []
    stats = {"dropped": 0}

    def worker():
        conn = None
        local = []
        while True:
            item = work.get()
            if item is None:
                break
            due, path = item
            started = time.monotonic()
            ok = False
            err = None
            for attempt in range(2):
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection(host, port, timeout=10)
                    conn.request("GET", path, headers={"X-Prometheus-Scrape-Timeout-Seconds": "10"})
                    resp = conn.getresponse()
                    body = resp.read()
                    if resp.status != 200:
                        err = f"http {resp.status}"
                    else:
                        ok = b"\nprobe_success 1\n" in body
                    break
                except (OSError, http.client.HTTPException) as e:
                    if conn is not None:
                        conn.close()
                    conn = None
                    err = type(e).__name__
            ended = time.monotonic()
            local.append((due, started, ended, ok, err))
            if len(local) >= 64:
                with lock:
                    done.extend(local)
                local = []
        with lock:
            done.extend(local)
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.threads)]
    for t in threads:
        t.start()

    t0 = time.monotonic() + 0.2
    w_start = t0 + args.warmup
    w_end = w_start + args.window
    marks = {}

    def mark(name):
        marks[name] = {
            "t": time.monotonic(),
            "bb_ticks": cpu_ticks(args.pid),
            "self_ticks": cpu_ticks(os.getpid()),
            "bb_rss_kib": rss_kib(args.pid),
        }

    k = 0
    while True:
        due = t0 + k / rate
        if "start" not in marks and due >= w_start:
            now = time.monotonic()
            if now < w_start:
                time.sleep(w_start - now)
            mark("start")
        if due >= w_end:
            now = time.monotonic()
            if now < w_end:
                time.sleep(w_end - now)
            mark("end")
            break
        now = time.monotonic()
        if due > now:
            time.sleep(due - now)
        if work.qsize() > max_backlog:
            stats["dropped"] += 1
        else:
            work.put((due, targets[k % n]))
        k += 1
    dispatched = k
    # Let in-flight requests finish (bounded by blackbox's 1 s timeout), then stop.
    for _ in threads:
        work.put(None)
    for t in threads:
        t.join(timeout=15)

    ws, we = w_start, w_end
    span = marks["end"]["t"] - marks["start"]["t"]
    with lock:
        rows = list(done)
    # Probes counted in the window: those whose due time fell in it (as netsight counts
    # runs by when they finish, the difference is at most one probe's duration at each end).
    win = [r for r in rows if ws <= r[0] < we]
    completed = len(win)
    ok = sum(1 for r in win if r[3])
    errors = {}
    for r in win:
        if r[4]:
            errors[r[4]] = errors.get(r[4], 0) + 1
    late = sorted(r[1] - r[0] for r in win)
    dur = sorted(r[2] - r[1] for r in win)

    def pct(xs, p):
        if not xs:
            return None
        return xs[min(len(xs) - 1, int(p * len(xs)))]

    bb_ticks = marks["end"]["bb_ticks"] - marks["start"]["bb_ticks"]
    self_ticks = marks["end"]["self_ticks"] - marks["start"]["self_ticks"]
    bb_cpu_s = bb_ticks / CLK_TCK
    out = {
        "targets": n,
        "offered_rate_per_s": rate,
        "window_s": round(span, 3),
        "dispatched_total": dispatched,
        "dropped_total": stats["dropped"],
        "completed_in_window": completed,
        "completed_rate_per_s": round(completed / span, 1),
        "ok_in_window": ok,
        "ok_percent": round(100.0 * ok / completed, 3) if completed else None,
        "errors_in_window": errors,
        "driver_start_lateness_ms": {
            "p50": round(1000 * pct(late, 0.50), 3) if late else None,
            "p99": round(1000 * pct(late, 0.99), 3) if late else None,
            "le_5ms_fraction": round(sum(1 for x in late if x <= 0.005) / len(late), 5) if late else None,
        },
        "request_duration_ms": {
            "p50": round(1000 * pct(dur, 0.50), 3) if dur else None,
            "p99": round(1000 * pct(dur, 0.99), 3) if dur else None,
        },
        "blackbox_cpu_s": round(bb_cpu_s, 2),
        "blackbox_cpu_percent_one_core": round(100.0 * bb_cpu_s / span, 1),
        "blackbox_cpu_us_per_probe": round(1e6 * bb_cpu_s / completed, 1) if completed else None,
        "blackbox_rss_mib_end": round(marks["end"]["bb_rss_kib"] / 1024, 1),
        "driver_cpu_percent_one_core": round(100.0 * self_ticks / CLK_TCK / span, 1),
        "clk_tck": CLK_TCK,
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
