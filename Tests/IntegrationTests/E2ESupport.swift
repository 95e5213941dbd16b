import Foundation
import NetsightModel
import Storage
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// One flow record as a comparison sees it, whoever decoded it (tshark, `netsight flows
/// decode`, the store). Counters are the values on the wire (unscaled).
struct E2EFlow: Hashable, CustomStringConvertible {
    var src = ""
    var dst = ""
    var srcPort: UInt16 = 0
    var dstPort: UInt16 = 0
    var proto: UInt8 = 0
    var tcpFlags: UInt8 = 0
    var tos: UInt8 = 0
    var bytes: UInt64 = 0
    var packets: UInt64 = 0
    var inIf: UInt32 = 0
    var outIf: UInt32 = 0
    var startMillis: UInt64 = 0
    var endMillis: UInt64 = 0

    /// The 5-tuple records are matched by.
    var key: String { "\(proto) \(src):\(srcPort) > \(dst):\(dstPort)" }

    var description: String {
        "\(key) bytes=\(bytes) packets=\(packets) flags=\(tcpFlags) tos=\(tos) if=\(inIf)->\(outIf) t=\(startMillis)..\(endMillis)"
    }
}

/// Lists the differences between two sets of records matched by 5-tuple; records sharing a
/// 5-tuple (softflowd's ICMP flows) are matched in order of start time, then bytes.
func e2eDifferences(_ ours: [E2EFlow], _ theirs: [E2EFlow], limit: Int = 15) -> [String] {
    func grouped(_ flows: [E2EFlow]) -> [String: [E2EFlow]] {
        Dictionary(grouping: flows, by: \.key).mapValues {
            $0.sorted { ($0.startMillis, $0.bytes, $0.endMillis) < ($1.startMillis, $1.bytes, $1.endMillis) }
        }
    }
    let a = grouped(ours)
    let b = grouped(theirs)
    var problems: [String] = []
    for key in Set(a.keys).union(b.keys).sorted() {
        let x = a[key] ?? []
        let y = b[key] ?? []
        if x.count != y.count {
            problems.append("\(key): \(x.count) records in netsight, \(y.count) in the reference")
            continue
        }
        for (r, s) in zip(x, y) where r != s {
            problems.append("netsight  \(r)\nreference \(s)")
        }
    }
    return Array(problems.prefix(limit))
}

// MARK: - netsight flows decode

/// A line of `netsight flows decode --json` (snake_case keys, see FlowRecordView).
struct E2EDecodedRecord: Decodable {
    var version: String
    var startMillis: UInt64
    var endMillis: UInt64
    var src: String
    var dst: String
    var srcPort: UInt16
    var dstPort: UInt16
    var proto: UInt8
    var tcpFlags: UInt8
    var tos: UInt8
    var bytes: UInt64
    var packets: UInt64
    var rawBytes: UInt64
    var rawPackets: UInt64
    var samplingRate: UInt32
    var inIf: UInt32
    var outIf: UInt32

    var flow: E2EFlow {
        E2EFlow(
            src: src, dst: dst, srcPort: srcPort, dstPort: dstPort, proto: proto, tcpFlags: tcpFlags, tos: tos,
            bytes: rawBytes, packets: rawPackets, inIf: inIf, outIf: outIf, startMillis: startMillis, endMillis: endMillis)
    }
}

/// Runs the real `netsight flows decode --json` on `files` and parses its output.
func netsightDecode(_ files: [String]) throws -> [E2EDecodedRecord] {
    let out = try runTool(Peers.netsightBinary, ["flows", "decode", "--json"] + files)
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try out.split(separator: "\n").map { try decoder.decode(E2EDecodedRecord.self, from: Data($0.utf8)) }
}

// MARK: - tshark

enum E2ETshark {
    /// tshark's JSON for `pcap`, with `port` decoded as `dissector` ("cflow" or "sflow"):
    /// one dictionary per frame, that protocol's layer.
    static func layers(_ tshark: String, pcap: String, port: Int, dissector: String) throws -> [[String: Any]] {
        let out = try runTool(
            tshark, ["-n", "-r", pcap, "-d", "udp.port==\(port),\(dissector)", "-T", "json", "--no-duplicate-keys", "-J", dissector],
            timeout: 60)
        guard let frames = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]] else {
            throw ToolError(message: "tshark printed no JSON array")
        }
        return frames.compactMap { frame in
            let layers = (frame["_source"] as? [String: Any])?["layers"] as? [String: Any]
            let layer = layers?[dissector]
            return (layer as? [String: Any]) ?? (layer as? [[String: Any]])?.first
        }
    }

    /// Every NetFlow v5/v9/IPFIX data record tshark's cflow dissector shows, with times made
    /// absolute the way each version defines them: v5 from unix_secs.nsecs at sysUptime, v9
    /// from unix_secs at sysUptime (both relative first/last switched), IPFIX from the
    /// absolute flowStart/EndMilliseconds.
    static func cflowRecords(_ tshark: String, pcap: String, port: Int) throws -> [E2EFlow] {
        var flows: [E2EFlow] = []
        for layer in try layers(tshark, pcap: pcap, port: port, dissector: "cflow") {
            let times = layer["cflow.timestamp_tree"] as? [String: Any] ?? [:]
            var exportMillis: Int64 = 0
            if let secs = int(times["cflow.unix_secs"]) {
                exportMillis = secs * 1000 + (int(times["cflow.unix_nsecs"]) ?? 0) / 1_000_000
            } else if let secs = int(times["cflow.exporttime"]) {
                exportMillis = secs * 1000
            }
            let uptime = millis(layer["cflow.sysuptime"])
            try walk(layer) { record in
                guard let bytes = int(record["cflow.octets"]), let proto = int(record["cflow.protocol"]) else { return }
                var f = E2EFlow()
                f.src = string(record["cflow.srcaddr"] ?? record["cflow.srcaddrv6"])
                f.dst = string(record["cflow.dstaddr"] ?? record["cflow.dstaddrv6"])
                f.srcPort = UInt16(int(record["cflow.srcport"]) ?? 0)
                let icmp = record["cflow.icmp_type_code_ipv4"] ?? record["cflow.icmp_type_code_ipv6"]
                f.dstPort = UInt16(int(record["cflow.dstport"] ?? icmp) ?? 0)
                f.proto = UInt8(proto)
                f.tcpFlags = UInt8(int(record["cflow.tcpflags"]) ?? 0)
                f.tos = UInt8(int(record["cflow.tos"]) ?? 0)
                f.bytes = UInt64(bytes)
                f.packets = UInt64(int(record["cflow.packets"]) ?? 0)
                f.inIf = UInt32(int(record["cflow.inputint"]) ?? 0)
                f.outIf = UInt32(int(record["cflow.outputint"]) ?? 0)
                let t = record["cflow.timedelta_tree"] as? [String: Any] ?? [:]
                func time(_ relative: String, _ absolute: String) throws -> UInt64 {
                    if let uptime {
                        // v5/v9: milliseconds of sysUptime. tshark 4.0 shows an uptime of 0
                        // as an absolute time at the epoch: that is the same 0.
                        let value = try millis(t[relative]) ?? (t[absolute] as? String).map(absoluteMillis) ?? 0
                        return UInt64(exportMillis - uptime + value)
                    }
                    return UInt64(try (t[absolute] as? String).map(absoluteMillis) ?? 0)
                }
                f.startMillis = try time("cflow.timestart", "cflow.abstimestart")
                f.endMillis = try time("cflow.timeend", "cflow.abstimeend")
                flows.append(f)
            }
        }
        return flows
    }

    /// One sFlow flow sample as tshark's sflow dissector shows it.
    struct SFlowSample {
        var agent: String
        var samplingRate: UInt64
        var frameLength: UInt64
        var inputInterface: UInt32
        var outputInterface: UInt32
        var flow: E2EFlow
    }

    struct SFlowDecode {
        var samples: [SFlowSample] = []
        var counterSamples = 0
    }

    /// The flow samples with a raw packet header (addresses and ports from the dissected
    /// header), and the number of counter samples.
    static func sflowSamples(_ tshark: String, pcap: String, port: Int) throws -> SFlowDecode {
        var result = SFlowDecode()
        for layer in try layers(tshark, pcap: pcap, port: port, dissector: "sflow") {
            let agent = string(layer["sflow_245.agent"] ?? layer["sflow_245.agentv6"])
            walk(layer) { sample in
                if sample["sflow.counters_sample.sequence_number"] != nil { result.counterSamples += 1 }
                guard let rate = int(sample["sflow.flow_sample.sampling_rate"]) else { return }
                var header: [String: Any]?
                walk(sample) { record in
                    if record["sflow_245.header.frame_length"] != nil { header = record }
                }
                guard let header, let frame = int(header["sflow_245.header.frame_length"]) else { return }
                let tree = header["sflow_245.header_tree"] as? [String: Any] ?? [:]
                var f = E2EFlow()
                if let ip = tree["ip"] as? [String: Any] {
                    f.src = string(ip["ip.src"])
                    f.dst = string(ip["ip.dst"])
                    f.proto = UInt8(int(ip["ip.proto"]) ?? 0)
                    f.tos = UInt8(int(ip["ip.dsfield"]) ?? 0)
                } else if let ip = tree["ipv6"] as? [String: Any] {
                    f.src = string(ip["ipv6.src"])
                    f.dst = string(ip["ipv6.dst"])
                    f.proto = UInt8(int(ip["ipv6.nxt"]) ?? 0)
                    f.tos = UInt8(int(ip["ipv6.tclass"]) ?? 0)
                }
                if let l4 = tree["tcp"] as? [String: Any] {
                    f.srcPort = UInt16(int(l4["tcp.srcport"]) ?? 0)
                    f.dstPort = UInt16(int(l4["tcp.dstport"]) ?? 0)
                    f.tcpFlags = UInt8(truncatingIfNeeded: int(l4["tcp.flags"]) ?? 0)
                } else if let l4 = tree["udp"] as? [String: Any] {
                    f.srcPort = UInt16(int(l4["udp.srcport"]) ?? 0)
                    f.dstPort = UInt16(int(l4["udp.dstport"]) ?? 0)
                } else if let l4 = tree["icmp"] as? [String: Any] {
                    f.dstPort = UInt16((int(l4["icmp.type"]) ?? 0) << 8 | (int(l4["icmp.code"]) ?? 0))
                }
                f.bytes = UInt64(frame)
                f.packets = 1
                result.samples.append(
                    SFlowSample(
                        agent: agent, samplingRate: UInt64(rate), frameLength: UInt64(frame),
                        inputInterface: UInt32(int(sample["sflow.flow_sample.input_interface"]) ?? 0),
                        outputInterface: UInt32(int(sample["sflow.flow_sample.output_interface"]) ?? 0), flow: f))
            }
        }
        return result
    }

    /// Calls `body` with `value` and every dictionary below it, outermost first; callers
    /// pick the ones they want by their keys.
    static func walk(_ value: Any, _ body: ([String: Any]) throws -> Void) rethrows {
        if let d = value as? [String: Any] {
            try body(d)
            for v in d.values { try walk(v, body) }
        } else if let a = value as? [Any] {
            for v in a { try walk(v, body) }
        }
    }

    static func string(_ v: Any?) -> String { (v as? String) ?? ((v as? [Any])?.first as? String) ?? "" }

    /// A decimal or 0x-hex integer as tshark prints it.
    static func int(_ v: Any?) -> Int64? {
        let s = string(v)
        if s.hasPrefix("0x") { return Int64(s.dropFirst(2), radix: 16) }
        return Int64(s)
    }

    /// "2.709000000" seconds as milliseconds (exact: tshark prints nanoseconds).
    static func millis(_ v: Any?) -> Int64? {
        let s = string(v)
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard let whole = Int64(parts[0]) else { return nil }
        var ms = whole * 1000
        if parts.count > 1 { ms += Int64(String(parts[1].prefix(3)).padding(toLength: 3, withPad: "0", startingAt: 0)) ?? 0 }
        return ms
    }

    /// "Nov 27, 2026 19:33:51.312000000 UTC" as milliseconds since 1970.
    static func absoluteMillis(_ text: String) throws -> Int64 {
        let words = text.split(separator: " ")
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard words.count == 5, words[4] == "UTC", let month = months.firstIndex(of: String(words[0])),
            let day = Int(words[1].dropLast()), let year = Int(words[2])
        else { throw ToolError(message: "unexpected tshark time \(text)") }
        let hms = words[3].split(separator: ":")
        guard hms.count == 3, let h = Int64(hms[0]), let m = Int64(hms[1]), let secMillis = millis(String(hms[2])) else {
            throw ToolError(message: "unexpected tshark time \(text)")
        }
        var c = DateComponents()
        c.year = year
        c.month = month + 1
        c.day = day
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: c) else { throw ToolError(message: "bad date \(text)") }
        return Int64(date.timeIntervalSince1970) * 1000 + (h * 3600 + m * 60) * 1000 + secMillis
    }
}

// MARK: - peers

/// Datagrams saved by udp_tee.py --save, in arrival order.
func e2eSavedDatagrams(_ directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".bin") }.sorted()
        .map { "\(directory)/\($0)" }
}

/// Wraps saved datagrams into a pcap (UDP to 127.0.0.1:`port`) that tshark can read.
func e2eDatagramPcap(_ files: [String], port: Int, output: String) throws {
    try runTool("/usr/bin/python3", [Peers.script("peers/send_datagrams.py"), "pcap", output, "\(port)"] + files)
}

/// softflowd replays `pcap` and exports NetFlow `version` through udp_tee.py, which forwards
/// every datagram to `forwardTo` (127.0.0.1) and keeps a copy in `saveDirectory`. Returns
/// the saved datagram files once softflowd has flushed and exited.
func e2eSoftflowdExport(
    softflowd: String, softflowctl: String, pcap: String, version: Int, extraArguments: [String] = [],
    forwardTo ports: [Int], saveDirectory: String, workDirectory dir: String
) async throws -> [String] {
    try FileManager.default.createDirectory(atPath: saveDirectory, withIntermediateDirectories: true)
    let tag = UUID().uuidString.prefix(6)
    let tee = try PeerProcess(
        "/usr/bin/python3",
        [Peers.script("peers/udp_tee.py"), "0"] + ports.map(String.init) + ["--save", saveDirectory, "--ready", "\(dir)/tee-\(tag).port"],
        logDirectory: dir)
    defer { tee.stop(signal: SIGTERM) }
    let teePort = try await waitForFile("\(dir)/tee-\(tag).port")
    var args = ["-d", "-r", pcap, "-n", "127.0.0.1:\(teePort)", "-v", "\(version)", "-m", "1000000",
                "-p", "\(dir)/sf-\(tag).pid", "-c", "\(dir)/sf-\(tag).ctl"]
    args += version == 10 ? ["-A", "milli"] : ["-a"]
    // softflowd -r blocks on its control socket: the first command reads the file, the next
    // ones flush and make it exit. A shell runs and watches it: Foundation's Process must
    // not, because softflowd drops the descriptor Foundation watches for a child's exit, and
    // Foundation then blocks in waitpid until softflowd exits, stalling every other child
    // of this test process (including the softflowctl that would make it exit).
    let driver = """
        "$0" "$@" & SF=$!
        i=0
        while kill -0 $SF 2>/dev/null && [ $i -lt 100 ]; do
            \(softflowctl) -c \(dir)/sf-\(tag).ctl statistics >/dev/null 2>&1
            sleep 0.1; i=$((i + 1))
        done
        if kill -0 $SF 2>/dev/null; then kill -9 $SF; wait $SF; exit 3; fi
        wait $SF
        """
    do {
        // exec_clean.py: default signal handling for the shell and softflowd.
        try runTool(
            "/usr/bin/python3", [Peers.script("peers/exec_clean.py"), "/bin/bash", "-c", driver, softflowd] + args + extraArguments,
            timeout: 30)
    } catch {
        throw ToolError(message: "softflowd did not finish: \(error)")
    }
    // Let the tee forward and save the last datagrams.
    var files: [String] = []
    for _ in 0..<20 {
        try await Task.sleep(for: .milliseconds(100))
        let now = try e2eSavedDatagrams(saveDirectory)
        if !now.isEmpty && now.count == files.count { break }
        files = now
    }
    tee.stop(signal: SIGTERM)
    return try e2eSavedDatagrams(saveDirectory)
}

/// Sends each datagram to 127.0.0.1:`port` from one socket, with a short gap so a
/// loopback receive buffer never overflows.
func e2eSend(_ datagrams: [[UInt8]], to port: Int) throws {
    let sender = try UDPSender()
    for d in datagrams {
        guard sender.send(d, port: port) else { throw ToolError(message: "sendto: errno \(errno)") }
        usleep(2_000)
    }
}

/// Every stored flow (all columns) whose start lies in the window, read straight from the
/// segment files once the store holds at least `atLeast` of them (it flushes every second).
func e2eStoredFlows(
    _ server: RunningServer, atLeast count: Int, fromMillis: UInt64 = 0, toMillis: UInt64 = UInt64(Int64.max),
    timeout: Double = 10
) async throws -> [FlowRecord] {
    let reader = FlowStoreReader(directory: server.dataDirectory + "/flows")
    let deadline = Date().addingTimeInterval(timeout)
    var records: [FlowRecord] = []
    repeat {
        records = []
        _ = try reader.scan(fromMillis: fromMillis, toMillis: toMillis, fields: .all) { batch in
            records += batch.filter { $0.startMillis >= fromMillis && $0.startMillis <= toMillis }
        }
        if records.count >= count { break }
        try await Task.sleep(for: .milliseconds(100))
    } while Date() < deadline
    return records
}

extension FlowRecord {
    /// The record with its raw (unscaled) counters, for comparison with a wire decode.
    var e2eRawFlow: E2EFlow {
        E2EFlow(
            src: srcAddress.description, dst: dstAddress.description, srcPort: srcPort, dstPort: dstPort, proto: proto,
            tcpFlags: tcpFlags, tos: tos, bytes: rawBytes, packets: rawPackets, inIf: inputInterface,
            outIf: outputInterface, startMillis: startMillis, endMillis: endMillis)
    }
}
