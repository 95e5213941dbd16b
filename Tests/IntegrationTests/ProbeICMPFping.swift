import Foundation
import Testing

/// fping's answer for one target: `fping -C N -q -p MS ADDR` prints on stderr
/// "ADDR : 0.05 0.04 - 0.06", one RTT in milliseconds (or "-" for lost) per packet.
struct FpingRun {
    var roundTripsMillis: [Double?]

    var lossPercent: Double {
        Double(roundTripsMillis.filter { $0 == nil }.count) * 100 / Double(max(1, roundTripsMillis.count))
    }

    var medianMillis: Double? {
        let values = roundTripsMillis.compactMap { $0 }.sorted()
        guard !values.isEmpty else { return nil }
        let mid = values.count / 2
        return values.count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2
    }

    /// Runs fping against `address` (loopback or a test namespace only).
    static func run(_ fping: String, address: String, count: Int, periodMillis: Int) throws -> FpingRun {
        // fping exits non-zero when a target is unreachable; its report is on stderr, so
        // the shell merges the streams and keeps the status out of runTool's way.
        let output = try runTool(
            "/bin/sh", ["-c", "\(fping) -C \(count) -q -p \(periodMillis) -t 1000 \(address) 2>&1; true"], timeout: 60)
        // The address itself may have colons (IPv6): split at " : ".
        for line in output.split(separator: "\n") {
            guard let separator = line.range(of: " : "),
                line[..<separator.lowerBound].trimmingCharacters(in: .whitespaces) == address
            else { continue }
            let fields = line[separator.upperBound...].split(separator: " ")
            return FpingRun(roundTripsMillis: fields.map { $0 == "-" ? nil : Double($0) })
        }
        throw ToolError(message: "no fping line for \(address) in: \(output)")
    }
}
