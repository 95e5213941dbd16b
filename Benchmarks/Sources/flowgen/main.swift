import Analytics
import BenchSupport
import CSendBatch
import FlowCodec
import Foundation
import NetsightModel
import Storage

// Benchmarks b-d: the same softflowd-shaped IPFIX flows, sent over UDP to a collector,
// or written straight into a Netsight store, and top-N queries over that store.
//
//   flowgen send  --port P --flows N [--rate FLOWS_PER_S] [--base-millis B] [--format ipfix|v9]
//   flowgen store --data-dir D --flows N [--base-millis B]
//   flowgen top   --data-dir D [--base-millis B] [--repeat R]
//
// --base-millis fixes the flows' time window (they end in the 10 minutes before it), so
// a `send` to nfcapd and a `store` into Netsight carry the same flows. Default: now,
// rounded down to the minute.

struct Options {
    var values: [String: String] = [:]
    init(_ args: ArraySlice<String>) {
        var it = args.makeIterator()
        while let a = it.next() {
            guard a.hasPrefix("--") else { fail("unexpected argument \(a)") }
            values[String(a.dropFirst(2))] = it.next() ?? ""
        }
    }
    func int(_ name: String, _ fallback: Int? = nil) -> Int {
        if let v = values[name] {
            guard let i = Int(v.replacingOccurrences(of: "_", with: "")) else { fail("--\(name): not a number: \(v)") }
            return i
        }
        guard let fallback else { fail("--\(name) is required") }
        return fallback
    }
    func string(_ name: String, _ fallback: String? = nil) -> String {
        guard let v = values[name] ?? fallback else { fail("--\(name) is required") }
        return v
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("flowgen: \(message)\n".utf8))
    exit(2)
}

func nowMillis() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return UInt64(ts.tv_sec) * 1_000 + UInt64(ts.tv_nsec) / 1_000_000
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else { fail("usage: flowgen send|store|top --option value ...") }
let options = Options(arguments.dropFirst(2))
let baseMillis = UInt64(options.int("base-millis", Int(nowMillis() / 60_000 * 60_000)))
let mix = FlowMix(baseMillis: baseMillis)
let clock = ContinuousClock()

switch arguments[1] {
case "send":
    // Datagrams are built before the clock starts, so the send loop only paces and sends.
    guard let format = ExportFormat(rawValue: options.string("format", "ipfix")) else { fail("--format: ipfix or v9") }
    let builder = DatagramBuilder(format: format, mix: mix)
    let flows = options.int("flows")
    let rate = Double(options.int("rate", 0))  // flows/s; 0 = as fast as possible
    let port = UInt16(options.int("port"))
    let count = (flows + format.recordsPerDatagram - 1) / format.recordsPerDatagram
    let exportMillis = nowMillis()
    let datagrams = (0..<count).map { builder.datagram($0, exportMillis: exportMillis) }
    let fd = bench_udp_connect(port, 0, 4 << 20)
    guard fd >= 0 else { fail("cannot open a UDP socket to 127.0.0.1:\(port): errno \(errno)") }
    // One batch = 64 datagrams = 1,728 IPFIX flows; pacing per batch keeps the send loop
    // cheap, and at the highest rates bursts are 64 datagrams long, as from a busy exporter.
    let batch = 64
    let perDatagram = Double(format.recordsPerDatagram)
    var pointers: [UnsafePointer<UInt8>?] = []
    var lengths: [Int] = []
    // The arrays live until exit, so their base addresses stay valid.
    let storage = datagrams.map { d -> UnsafeMutableBufferPointer<UInt8> in
        let p = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: d.count)
        _ = p.initialize(from: d)
        return p
    }
    for s in storage {
        pointers.append(UnsafePointer(s.baseAddress!))
        lengths.append(s.count)
    }
    let start = clock.now
    var sent = 0
    while sent < count {
        if rate > 0 {
            let due = start + .nanoseconds(Int64(Double(sent) * perDatagram / rate * 1e9))
            if clock.now < due { try? await Task.sleep(until: due, clock: clock) }
        }
        let n = min(batch, count - sent)
        let r = pointers.withUnsafeBufferPointer { p in
            lengths.withUnsafeBufferPointer { l in
                bench_send_batch(fd, p.baseAddress! + sent, l.baseAddress! + sent, UInt32(n))
            }
        }
        guard r >= 0 else { fail("sendmmsg: errno \(errno)") }
        sent += n
    }
    let elapsed = seconds(clock.now - start)
    close(fd)
    let sentFlows = count * format.recordsPerDatagram
    print(
        "sent \(sentFlows) flows in \(count) datagrams in \(String(format: "%.3f", elapsed)) s: "
            + "\(Int(Double(sentFlows) / elapsed)) flows/s offered (asked \(Int(rate)))")

case "store":
    // The same flows the sender sends, decoded by the same decoder, written by the writer
    // `serve` uses, in batches of 1,000 datagrams (27,000 flows) whose receive times walk
    // through the flows' 10-minute window, so the store has ten minute segments as it
    // would after ten minutes of ingest.
    let builder = DatagramBuilder(format: .ipfix, mix: mix)
    let flows = options.int("flows")
    let dataDir = options.string("data-dir")
    let count = (flows + 26) / 27
    let writer: FlowStoreWriter
    do {
        writer = try FlowStoreWriter(directory: dataDir + "/flows", writerID: "bench")
    } catch { fail("\(error)") }
    var templates = TemplateCache()
    let exporter = IPAddress("127.0.0.1")!
    let perBatch = 1_000
    var written = 0
    var decodeTime = Duration.zero
    var writeTime = Duration.zero
    var first = 0
    let windowStart = baseMillis - FlowMix.windowMillis
    while first < count {
        let n = min(perBatch, count - first)
        let receivedAt = windowStart + UInt64(first) * FlowMix.windowMillis / UInt64(count)
        let datagrams = (first..<first + n).map { builder.datagram($0, exportMillis: receivedAt) }
        let t0 = clock.now
        var batch: [FlowRecord] = []
        batch.reserveCapacity(n * 27)
        for d in datagrams {
            let r = d.withUnsafeBytes {
                FlowDecoder.decode($0, exporter: exporter, receivedAtMillis: receivedAt, templates: &templates)
            }
            batch.append(contentsOf: r.records)
        }
        let t1 = clock.now
        do { try writer.append(batch, receivedAtMillis: receivedAt) } catch { fail("\(error)") }
        writeTime += clock.now - t1
        decodeTime += t1 - t0
        written += batch.count
        first += n
    }
    let t2 = clock.now
    do { try writer.close() } catch { fail("\(error)") }
    writeTime += clock.now - t2
    print(
        "stored \(written) flows: decode \(String(format: "%.2f", seconds(decodeTime))) s, "
            + "write \(String(format: "%.2f", seconds(writeTime))) s "
            + "(\(Int(Double(written) / seconds(writeTime))) flows/s written)")

case "top":
    // In-process FlowQueryEngine: what `netsight flows top --by srcip` runs, minus process
    // start and printing. The window covers every stored flow, as `nfdump -R` reads all.
    let dataDir = options.string("data-dir")
    let repeatCount = options.int("repeat", 5)
    let from = (baseMillis - FlowMix.windowMillis - 3_600_000) / 1_000
    let to = (baseMillis + 3_600_000) / 1_000
    let request: FlowRequest
    let query: TopNQuery
    do {
        request = try FlowRequest(
            parameters: [("by", "srcip"), ("metric", "bytes"), ("limit", "10"), ("from", "\(from)"), ("to", "\(to)")],
            now: nowMillis())
        query = try request.topNQuery()
    } catch { fail("\(error)") }
    let engine = FlowQueryEngine(directory: dataDir + "/flows")
    var times: [Double] = []
    var table = ""
    var stats = ""
    for _ in 0..<repeatCount {
        let t0 = clock.now
        do {
            let (result, s) = try engine.top(query)
            table = result.table()
            stats = "\(s)"
        } catch { fail("\(error)") }
        times.append(seconds(clock.now - t0))
    }
    print(table, terminator: "")
    print("scan: \(stats)")
    times.sort()
    print(
        "top 10 srcip by bytes: median \(String(format: "%.3f", times[times.count / 2])) s, "
            + "best \(String(format: "%.3f", times[0])) s over \(repeatCount) runs")

default:
    fail("unknown command \(arguments[1]); expected send, store or top")
}
