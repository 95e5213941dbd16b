import Foundation
import NetsightModel
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// SplitMix64: a seeded generator, so a flood that breaks something can be replayed bit for bit.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One flow a robustness test sends, with the values it expects back from the store.
struct SentFlow: Sendable {
    var src: UInt32
    var dst: UInt32
    var srcPort: UInt16
    var dstPort: UInt16
    var proto: UInt8 = 6
    var packets: UInt32
    var bytes: UInt32

    var srcText: String { IPAddress(ipv4: src).description }
}

/// Hand-built, well-formed NetFlow v5 and v9 datagrams stamped with the current time, so the
/// flows land in a `--last 1d` window (the captured fixtures carry old timestamps).
enum FlowDatagrams {
    static func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xff)] }
    static func be32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * $0)) } }
    static func ipv4(_ text: String) -> UInt32 { IPAddress(text)!.ipv4Value! }

    /// Exporter uptime in the headers: large enough that "first seen 2 s ago" stays positive.
    static let sysUptime: UInt32 = 50_000_000

    /// A v5 datagram of up to 30 flows (the format's maximum), started 2 s and ended 1 s ago.
    static func v5(_ flows: ArraySlice<SentFlow>, nowMillis: UInt64, sequence: UInt32) -> [UInt8] {
        precondition(flows.count <= 30)
        var out: [UInt8] = be16(5) + be16(UInt16(flows.count)) + be32(sysUptime)
        out += be32(UInt32(nowMillis / 1000)) + be32(UInt32(nowMillis % 1000) * 1_000_000)
        out += be32(sequence) + [0, 0, 0, 0]
        for f in flows {
            out += be32(f.src) + be32(f.dst) + be32(0)
            out += be16(1) + be16(2)
            out += be32(f.packets) + be32(f.bytes)
            out += be32(sysUptime - 2000) + be32(sysUptime - 1000)
            out += be16(f.srcPort) + be16(f.dstPort)
            out += [0, 0x18, f.proto, 0, 0, 0, 0, 0, 24, 24, 0, 0]
        }
        return out
    }

    /// Flows in v5 datagrams of 30.
    static func v5Datagrams(_ flows: [SentFlow], nowMillis: UInt64) -> [[UInt8]] {
        stride(from: 0, to: flows.count, by: 30).map { i in
            v5(flows[i..<min(i + 30, flows.count)], nowMillis: nowMillis, sequence: UInt32(i))
        }
    }

    /// The v9 layout `v9Data` writes: addresses, ports, protocol, counters, uptime times.
    static let v9Fields: [(UInt16, UInt16)] = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (1, 4), (2, 4), (22, 4), (21, 4)]

    static func v9Header(count: Int, nowMillis: UInt64, sequence: UInt32, sourceID: UInt32) -> [UInt8] {
        be16(9) + be16(UInt16(count)) + be32(sysUptime) + be32(UInt32(nowMillis / 1000)) + be32(sequence) + be32(sourceID)
    }

    /// A flowset with its 4-byte header, padded to a multiple of 4 bytes.
    static func flowSet(_ id: UInt16, _ body: [UInt8]) -> [UInt8] {
        var b = body
        while b.count % 4 != 0 { b.append(0) }
        return be16(id) + be16(UInt16(b.count + 4)) + b
    }

    static func templateRecord(_ id: UInt16, _ fields: [(UInt16, UInt16)]) -> [UInt8] {
        be16(id) + be16(UInt16(fields.count)) + fields.flatMap { be16($0.0) + be16($0.1) }
    }

    /// A v9 datagram announcing only the template `templateID` with `v9Fields`.
    static func v9Template(templateID: UInt16, sourceID: UInt32, nowMillis: UInt64) -> [UInt8] {
        v9Header(count: 1, nowMillis: nowMillis, sequence: 0, sourceID: sourceID)
            + flowSet(0, templateRecord(templateID, v9Fields))
    }

    static func v9Record(_ f: SentFlow) -> [UInt8] {
        var out: [UInt8] = be32(f.src) + be32(f.dst)
        out += be16(f.srcPort) + be16(f.dstPort)
        out.append(f.proto)
        out += be32(f.bytes) + be32(f.packets)
        out += be32(sysUptime - 2000) + be32(sysUptime - 1000)
        return out
    }

    /// A v9 datagram with data records only, for the template `v9Template` announces.
    static func v9Data(_ flows: ArraySlice<SentFlow>, templateID: UInt16, sourceID: UInt32, nowMillis: UInt64, sequence: UInt32)
        -> [UInt8]
    {
        v9Header(count: flows.count, nowMillis: nowMillis, sequence: sequence, sourceID: sourceID)
            + flowSet(templateID, flows.flatMap(v9Record))
    }

    /// `count` distinct flows with sources counted up from `firstSource`.
    static func flows(count: Int, firstSource: String, dstPort: UInt16 = 443) -> [SentFlow] {
        let base: UInt32 = ipv4(firstSource)
        let dst: UInt32 = ipv4("192.0.2.10")
        var out: [SentFlow] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            let src: UInt32 = base &+ UInt32(i)
            let srcPort = UInt16(1024 + i % 60_000)
            let packets = UInt32(1 + i % 7)
            let bytes = UInt32(100 + i % 1000)
            out.append(SentFlow(src: src, dst: dst, srcPort: srcPort, dstPort: dstPort, packets: packets, bytes: bytes))
        }
        return out
    }
}

/// A UDP socket sending to 127.0.0.1.
final class UDPSender: @unchecked Sendable {
    let fd: Int32

    init() throws {
        fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw ToolError(message: "socket: errno \(errno)") }
        var size: Int32 = 4 << 20
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(fd) }

    /// Sends one datagram to 127.0.0.1:`port`; true when the kernel took it.
    @discardableResult
    func send(_ bytes: [UInt8], port: Int) -> Bool {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        let n = bytes.withUnsafeBytes { buf in
            withUnsafePointer(to: &addr) { a in
                a.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, buf.baseAddress, buf.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        return n == bytes.count
    }
}

/// The kernel's view of a UDP socket bound on 127.0.0.1 (from /proc/net/udp): bytes waiting
/// in its receive queue and datagrams it dropped because that queue was full.
struct UDPSocketStats: Equatable {
    var rxQueueBytes: Int
    var drops: Int

    static func read(port: Int) -> UDPSocketStats? {
        guard let text = try? String(contentsOfFile: "/proc/net/udp", encoding: .utf8) else { return nil }
        let wanted = String(format: "0100007F:%04X", port)
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 13, f[1] == wanted else { continue }
            let queues = f[4].split(separator: ":")
            guard queues.count == 2, let rx = Int(queues[1], radix: 16), let drops = Int(f[f.count - 1]) else { continue }
            return UDPSocketStats(rxQueueBytes: rx, drops: drops)
        }
        return nil
    }
}

/// A TCP port free on 127.0.0.1 right now.
func freeTCPPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
    return Int(UInt16(bigEndian: addr.sin_port))
}

/// `GET http://127.0.0.1:<port><path>`: status and body.
func httpGet(port: Int, path: String, timeout: TimeInterval = 10) async throws -> (status: Int, body: String) {
    var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
    request.timeoutInterval = timeout
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
}

/// A Prometheus text exposition, indexed by series (`name{labels}` exactly as printed).
struct MetricsSnapshot {
    let values: [String: Double]

    init(text: String) {
        var v: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            v[String(line[..<space])] = value
        }
        values = v
    }

    static func fetch(httpPort: Int) async throws -> MetricsSnapshot {
        let (status, body) = try await httpGet(port: httpPort, path: "/metrics")
        guard status == 200 else { throw ToolError(message: "/metrics answered \(status): \(body)") }
        return MetricsSnapshot(text: body)
    }

    subscript(series: String) -> Double { values[series] ?? 0 }

    /// Every `netsight_flow_decode_errors_total` series by its reason label.
    var decodeErrors: [String: Double] {
        var out: [String: Double] = [:]
        let prefix = "netsight_flow_decode_errors_total{reason=\""
        for (k, v) in values where k.hasPrefix(prefix) {
            out[String(k.dropFirst(prefix.count).dropLast(2))] = v
        }
        return out
    }
}

/// A program run to completion with its exit status and both outputs (for the failures
/// `runTool` would throw on).
struct ToolRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

func runCapturing(_ executable: String, _ arguments: [String], timeout: Double = 30) throws -> ToolRun {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    let dir = NSTemporaryDirectory() + "netsight-run-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    _ = FileManager.default.createFile(atPath: dir + "/out", contents: nil)
    _ = FileManager.default.createFile(atPath: dir + "/err", contents: nil)
    p.standardOutput = FileHandle(forWritingAtPath: dir + "/out")
    p.standardError = FileHandle(forWritingAtPath: dir + "/err")
    p.standardInput = FileHandle.nullDevice
    try p.run()
    let deadline = Date().addingTimeInterval(timeout)
    while p.isRunning && Date() < deadline { usleep(10_000) }
    if p.isRunning {
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        throw ToolError(message: "\(executable) \(arguments.joined(separator: " ")) timed out after \(timeout) s")
    }
    let out = (try? String(contentsOfFile: dir + "/out", encoding: .utf8)) ?? ""
    let err = (try? String(contentsOfFile: dir + "/err", encoding: .utf8)) ?? ""
    return ToolRun(status: p.terminationStatus, stdout: out, stderr: err)
}

/// The real `netsight serve` binary on loopback ports of its own, with a YAML configuration
/// in `directory`. Stopped by the test (`stop`, or kill on deinit through `PeerProcess`).
final class ServeBinary: @unchecked Sendable {
    let directory: String
    let dataDirectory: String
    let netflowPort: Int
    let httpPort: Int
    let process: PeerProcess

    /// Starts `serve` and waits until its NetFlow listener is bound and HTTP answers.
    init(directory: String, dataDirectory: String, netflowPort: Int? = nil) async throws {
        self.directory = directory
        self.dataDirectory = dataDirectory
        self.netflowPort = netflowPort ?? Peers.freeUDPPort()
        httpPort = freeTCPPort()
        let config = directory + "/serve-\(UUID().uuidString.prefix(6)).yaml"
        let yaml = """
            data_dir: \(dataDirectory)
            listen:
              netflow: 127.0.0.1:\(self.netflowPort)
              sflow: off
              http: 127.0.0.1:\(httpPort)
            """
        try yaml.write(toFile: config, atomically: true, encoding: .utf8)
        process = try PeerProcess(Peers.netsightBinary, ["serve", "--config", config], logDirectory: directory)
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if !process.isRunning { throw ToolError(message: "netsight serve exited at start: \(process.log)") }
            if process.log.contains("listening for flows"),
                let (status, _) = try? await httpGet(port: httpPort, path: "/healthz", timeout: 1), status == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.stop(signal: SIGKILL)
        throw ToolError(message: "netsight serve did not become ready: \(process.log)")
    }

    var pid: Int32 { process.process.processIdentifier }

    /// SIGTERM and wait for the exit status.
    func terminate(timeout: Double = 15) -> Int32? {
        kill(pid, SIGTERM)
        // Foundation must have reaped it: reading the status of a child it still thinks
        // is running is a crash, not a failure.
        guard process.wait(timeout: timeout), !process.process.isRunning else { return nil }
        return process.process.terminationStatus
    }
}

/// `netsight flows top --by srcip --metric flows` over the last day: flows by source address.
func storedFlowsBySource(dataDirectory: String) throws -> [String: (flows: UInt64, bytes: UInt64, packets: UInt64)] {
    try storedFlows(by: "srcip", dataDirectory: dataDirectory)
}

/// `netsight flows top --by KEY --metric flows --format csv --last 1d --limit 0`, run as a
/// separate process: the counters by key value.
func storedFlows(by key: String, dataDirectory: String) throws -> [String: (flows: UInt64, bytes: UInt64, packets: UInt64)] {
    let run = try runCapturing(
        Peers.netsightBinary,
        ["flows", "top", "--data-dir", dataDirectory, "--format", "csv", "--last", "1d", "--by", key,
         "--metric", "flows", "--limit", "0"])
    guard run.status == 0 else {
        throw ToolError(message: "netsight flows top exited \(run.status): \(run.stderr)")
    }
    var out: [String: (flows: UInt64, bytes: UInt64, packets: UInt64)] = [:]
    let lines = run.stdout.split(separator: "\n")
    guard lines.first?.hasPrefix("\(key),bytes,packets,flows") == true else {
        throw ToolError(message: "unexpected flows top output: \(run.stdout.prefix(300))")
    }
    for line in lines.dropFirst() {
        let f = line.split(separator: ",", omittingEmptySubsequences: false)
        guard f.count >= 4, let b = UInt64(f[1]), let p = UInt64(f[2]), let n = UInt64(f[3]) else { continue }
        out[String(f[0]), default: (0, 0, 0)].flows += n
        out[String(f[0]), default: (0, 0, 0)].bytes += b
        out[String(f[0]), default: (0, 0, 0)].packets += p
    }
    return out
}

/// Wall-clock milliseconds (the timestamps the datagrams carry).
func nowMillis() -> UInt64 { UInt64(Date().timeIntervalSince1970 * 1000) }

/// Streams v5 datagrams of 30 flows at a steady pace from a thread of its own, until
/// stopped. Datagram `i` carries sources `firstSource + 32·i + k` (k < 30), so a stored
/// source address tells which datagram it came from.
final class FlowStreamer: @unchecked Sendable {
    let port: Int
    let firstSource: UInt32
    private let stopFlag = Locked(false)
    private let sent = Locked<[UInt64]>([])
    private let done = DispatchSemaphore(value: 0)

    init(port: Int, firstSource: String, interval: TimeInterval) throws {
        self.port = port
        self.firstSource = FlowDatagrams.ipv4(firstSource)
        let sender = try UDPSender()
        let base = self.firstSource
        let thread = Thread { [stopFlag, sent, done] in
            var i: UInt32 = 0
            while !stopFlag.value {
                let t = nowMillis()
                let flows = (0..<30).map { k in
                    SentFlow(src: base &+ i * 32 &+ UInt32(k), dst: FlowDatagrams.ipv4("192.0.2.20"),
                             srcPort: UInt16(2000 + k), dstPort: 80, packets: 2, bytes: 1000 + UInt32(k))
                }
                if sender.send(FlowDatagrams.v5(flows[...], nowMillis: t, sequence: i * 30), port: port) {
                    sent.value.append(t)
                }
                i += 1
                Thread.sleep(forTimeInterval: interval)
            }
            done.signal()
        }
        thread.start()
    }

    /// Stops sending; returns the send time of each datagram, by index.
    func stop() -> [UInt64] {
        stopFlag.value = true
        done.wait()
        return sent.value
    }

    /// Send times so far.
    var sentAt: [UInt64] { sent.value }

    /// The datagram a stored source address came from, or nil when it is not one of ours.
    func datagramIndex(ofSource text: String) -> Int? {
        guard let a = IPAddress(text)?.ipv4Value, a >= firstSource else { return nil }
        let offset = a - firstSource
        guard offset % 32 < 30 else { return nil }
        return Int(offset / 32)
    }
}
