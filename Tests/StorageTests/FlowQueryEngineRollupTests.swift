import Analytics
import Foundation
import NetsightModel
import Testing

@testable import Storage

/// Long windows are answered from per-minute rollups, short or raw-only ones from segments,
/// and both give the same ranking for the same traffic.
@Suite struct FlowQueryEngineRollupTests {
    @Test func longWindowUsesRollupsAndAgreesWithRawScan() throws {
        let dir = NSTemporaryDirectory() + "netsight-rollup-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let writer = try FlowStoreWriter(directory: dir + "/flows")
        let metadata = try MetadataStore(path: dir + "/netsight.sqlite")
        let base: UInt64 = 1_800_000_000_000
        var records: [FlowRecord] = []
        var rollups: [FlowRollupKeyForTest: FlowRollupRow] = [:]
        // 3 days of traffic, one flow every 10 minutes from three sites with different weights.
        for i in 0..<(3 * 24 * 6) {
            for (site, weight) in [("ldn", 5), ("nyc", 3), ("tko", 1)] {
                var r = FlowRecord()
                r.startMillis = base + UInt64(i) * 600_000
                r.endMillis = r.startMillis + 30_000
                r.srcSite = site
                r.proto = 6
                r.exporterName = "edge-1"
                r.setCounters(rawBytes: UInt64(weight * 1000 + i), rawPackets: UInt64(weight), samplingRate: 1)
                records.append(r)
                let minute = r.endMillis / 60_000 * 60_000
                let key = FlowRollupKeyForTest(minute: minute, site: site)
                var row = rollups[key] ?? FlowRollupRow(
                    minuteMillis: minute, exporterName: "edge-1", inputInterface: 0, outputInterface: 0, proto: 6,
                    srcAS: 0, dstAS: 0, srcSite: site, dstSite: "", bytes: 0, packets: 0, flows: 0)
                row.bytes += r.bytes
                row.packets += r.packets
                row.flows += 1
                rollups[key] = row
            }
        }
        try writer.append(records, receivedAtMillis: base)
        try writer.close()
        try metadata.addRollup(Array(rollups.values))

        let engine = FlowQueryEngine(directory: dir + "/flows", metadata: metadata)
        let rawOnly = FlowQueryEngine(directory: dir + "/flows")
        let q = try TopNQuery(keys: [.srcsite], metric: .bytes, limit: 10, fromMillis: base, toMillis: base + 4 * 86_400_000)
        let fromRollups = try engine.topWithSource(q)
        let fromRaw = try rawOnly.topWithSource(q)
        #expect(fromRollups.source == .rollups)
        #expect(fromRaw.source == .raw)
        #expect(fromRollups.answer.result.rows.map(\.keyValues) == [["ldn"], ["nyc"], ["tko"]])
        #expect(fromRollups.answer.result.rows.map(\.bytes) == fromRaw.answer.result.rows.map(\.bytes))
        #expect(fromRollups.answer.result.rows.map(\.flows) == [432, 432, 432])
        #expect(fromRollups.answer.result.totals == fromRaw.answer.result.totals)

        // A key rollups do not keep (source address) or a short window scans raw flows.
        let bySource = try TopNQuery(keys: [.srcip], metric: .bytes, fromMillis: base, toMillis: base + 4 * 86_400_000)
        #expect(try engine.topWithSource(bySource).source == .raw)
        let short = try TopNQuery(keys: [.srcsite], metric: .bytes, fromMillis: base, toMillis: base + 3_600_000)
        #expect(try engine.topWithSource(short).source == .raw)
        let filtered = try TopNQuery(
            keys: [.srcsite], metric: .bytes, filter: try FlowFilter.parse("dst port 443"), fromMillis: base,
            toMillis: base + 4 * 86_400_000)
        #expect(try engine.topWithSource(filtered).source == .raw)
    }
}

private struct FlowRollupKeyForTest: Hashable {
    var minute: UInt64
    var site: String
}
