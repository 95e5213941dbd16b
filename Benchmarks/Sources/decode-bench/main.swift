import Foundation
import BenchSupport
import FlowCodec
import NetsightModel

// Benchmark a: decode only. Builds softflowd-shaped datagrams in memory, then decodes them
// on one thread with one TemplateCache, as one listener does, and prints records/s.
//
// Usage: decode-bench [--datagrams N] [--seconds S] [--rounds R]
//   N distinct datagrams (default 20,000) are decoded in a loop for S seconds (default 5)
//   per round; R rounds (default 5) per format; the median and the best round are printed.

var datagramCount = 20_000
var seconds = 5.0
var rounds = 5
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let a = arguments.next() {
    switch a {
    case "--datagrams": datagramCount = Int(arguments.next() ?? "") ?? datagramCount
    case "--seconds": seconds = Double(arguments.next() ?? "") ?? seconds
    case "--rounds": rounds = Int(arguments.next() ?? "") ?? rounds
    default:
        print("usage: decode-bench [--datagrams N] [--seconds S] [--rounds R]")
        exit(2)
    }
}

let baseMillis: UInt64 = 1_795_000_000_000
let exporter = IPAddress("192.0.2.1")!
let clock = ContinuousClock()

for format in [ExportFormat.netflowV9, .ipfix] {
    let builder = DatagramBuilder(format: format, mix: FlowMix(baseMillis: baseMillis))
    let datagrams = (0..<datagramCount).map { builder.datagram($0, exportMillis: baseMillis + 1_000) }
    let bytes = datagrams.reduce(0) { $0 + $1.count }
    var templates = TemplateCache()
    // Warm-up and a correctness check: every record must come out.
    var checked = 0
    for d in datagrams {
        let r = d.withUnsafeBytes {
            FlowDecoder.decode($0, exporter: exporter, receivedAtMillis: baseMillis + 1_000, templates: &templates)
        }
        precondition(r.errors.isEmpty, "decode errors: \(r.errors)")
        checked += r.records.count
    }
    precondition(checked == datagramCount * format.recordsPerDatagram, "decoded \(checked) records")

    var rates: [Double] = []
    var sink = 0
    for _ in 0..<rounds {
        var records = 0
        var loops = 0
        let start = clock.now
        let budget = Duration.milliseconds(Int(seconds * 1_000))
        var elapsed = Duration.zero
        while elapsed < budget {
            for d in datagrams {
                let r = d.withUnsafeBytes {
                    FlowDecoder.decode($0, exporter: exporter, receivedAtMillis: baseMillis + 1_000, templates: &templates)
                }
                records += r.records.count
                sink &+= Int(truncatingIfNeeded: r.records.last?.bytes ?? 0)
            }
            loops += 1
            elapsed = clock.now - start
        }
        let s = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        rates.append(Double(records) / s)
    }
    rates.sort()
    let median = rates[rates.count / 2]
    print(
        "\(format.rawValue): \(format.recordsPerDatagram) records/datagram, \(bytes / datagramCount) bytes/datagram; "
            + "median \(Int(median)) records/s (\(Int(median / Double(format.recordsPerDatagram))) datagrams/s), "
            + "best \(Int(rates.last!)) records/s, worst \(Int(rates.first!)) records/s over \(rounds) rounds of \(seconds) s"
            + (sink == 42 ? "" : ""))
}
