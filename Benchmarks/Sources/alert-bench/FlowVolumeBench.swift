import Foundation
import NetsightModel
import Storage

/// Item 5: the read behind flow-volume rules (`flow_bps`/`flow_pps` by keys):
/// `MetadataStore.flowVolumes` summing a 5-minute window of rollups by each grouping a rule
/// set might use, against a store holding `keysPerMinute` distinct rollup keys per minute
/// for an hour (exporters × interfaces × protocols × AS pairs × site pairs, the shape of a
/// large network's flows). Each evaluation runs one such read per distinct grouping.
struct FlowVolumeBench {
    let directory: String
    let rounds: Int
    let keysPerMinute: Int

    static let groupings: [[FlowVolumeKey]] = [
        [], [.srcsite, .dstsite], [.exporter], [.exporter, .inif], [.dstas], [.exporter, .proto],
    ]

    func run() throws {
        try? FileManager.default.removeItem(atPath: directory)
        let store = try MetadataStore(path: directory + "/netsight.sqlite")
        let start: UInt64 = 1_795_000_000_000 / 60_000 * 60_000
        var random = SeededRandom(seed: 29)
        let sites = (0..<50).map { "s\($0)" }
        let exporters = (0..<200).map { "edge-\($0)" }
        let (_, writeTime) = try Measure.time {
            for minute in 0..<60 {
                var rows: [FlowRollupRow] = []
                rows.reserveCapacity(keysPerMinute)
                for k in 0..<keysPerMinute {
                    // Distinct keys within the minute: k spreads over exporter and interface pair.
                    rows.append(
                        FlowRollupRow(
                            minuteMillis: start + UInt64(minute) * 60_000, exporterName: exporters[k % exporters.count],
                            inputInterface: UInt32(k / exporters.count % 48 + 1), outputInterface: UInt32(k / exporters.count / 48 + 1),
                            proto: [6, 17, 1][k % 3], srcAS: UInt32(64_512 + k % 97), dstAS: UInt32(64_512 + k % 89),
                            srcSite: sites[k % sites.count], dstSite: sites[(k / 7) % sites.count],
                            bytes: UInt64.random(in: 1_000...100_000_000, using: &random), packets: UInt64.random(in: 1...100_000, using: &random),
                            flows: UInt64.random(in: 1...1_000, using: &random)))
                }
                try store.addRollup(rows)
            }
        }
        print(
            "\n== 5. Flow volume reads: \(grouped(keysPerMinute)) rollup keys a minute for 60 minutes (\(grouped(keysPerMinute * 60)) rows, "
                + "written in \(String(format: "%.1f", writeTime.wall)) s); a 5-minute window summed by each grouping, \(rounds) rounds (load \(Measure.loadAverage()))")
        print("   | by | result rows | wall median / max ms | CPU median ms |")
        print("   |---|---|---|---|")
        var total: [Double] = Array(repeating: 0, count: rounds)
        for keys in Self.groupings {
            var walls: [Double] = [], cpus: [Double] = []
            var count = 0
            for r in 0..<rounds {
                let from = start + 30 * 60_000
                let (rows, t) = try Measure.time { try store.flowVolumes(by: keys, fromMillis: from, toMillis: from + 5 * 60_000) }
                count = rows.count
                walls.append(t.wall)
                cpus.append(t.cpu)
                total[r] += t.wall
            }
            walls.sort()
            cpus.sort()
            let name = keys.isEmpty ? "(all traffic)" : keys.map(\.rawValue).joined(separator: ", ")
            print("   | \(name) | \(grouped(count)) | \(ms(walls[walls.count / 2])) / \(ms(walls.last ?? 0)) | \(ms(cpus[cpus.count / 2])) |")
        }
        total.sort()
        print("   all \(Self.groupings.count) groupings in one evaluation: wall median \(ms(total[total.count / 2])) ms, max \(ms(total.last ?? 0)) ms")
    }
}
