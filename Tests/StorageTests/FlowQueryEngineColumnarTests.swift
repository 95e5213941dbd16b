import Analytics
import Foundation
import NetsightModel
import Testing

@testable import Storage

/// The engine answers top-N and matrix queries from the columns, on several threads; the
/// reference is the record-by-record aggregator over the same flows in memory. Both must
/// give the identical result (rows, order, totals, group count) for every key.
@Suite struct FlowQueryEngineColumnarTests {
    /// 2,000 flows over 7 receive minutes (7 segments, so workers share them out), every
    /// key dimension varied, some sites empty so the exporter-site fallback matters.
    static let store: (dir: TemporaryDirectory, records: [FlowRecord]) = {
        let dir = try! TemporaryDirectory()
        let writer = try! FlowStoreWriter(directory: dir.path)
        var all: [FlowRecord] = []
        for minute in 0..<7 {
            var batch: [FlowRecord] = []
            for j in 0..<(250 + minute * 10) {
                let i = minute * 1_000 + j
                var r = sampleRecord(i % 97, startMillis: baseMinute + UInt64(minute) * 60_000 + UInt64(j))
                r.srcAddress = i % 2 == 0 ? IPAddress(ipv4: 0x0A00_0000 | UInt32(i % 37)) : r.srcAddress
                r.setCounters(rawBytes: UInt64(100 + (i * 7919) % 5_000), rawPackets: UInt64(1 + i % 11), samplingRate: 1)
                r.srcSite = ["", "ldn", "nyc", "tko"][i % 4]
                r.dstSite = ["nyc", "", "ldn"][i % 3]
                batch.append(r)
            }
            try! writer.append(batch, receivedAtMillis: baseMinute + UInt64(minute) * 60_000 + 30_000)
            all += batch
        }
        try! writer.close()
        return (dir, all)
    }()

    static let keySets: [[FlowKey]] = [
        [.srcip], [.dstip], [.srcnet], [.dstnet], [.srcport], [.dstport], [.proto], [.srcas], [.dstas],
        [.exporter], [.inif], [.outif], [.srcsite], [.dstsite], [.srcsite, .dstsite], [.srcip, .dstport, .proto],
        [.exporter, .srcsite, .inif],
    ]

    @Test(arguments: keySets)
    func topMatchesTheRecordAggregator(keys: [FlowKey]) throws {
        let (dir, records) = Self.store
        let windows: [(UInt64?, UInt64?)] = [(nil, nil), (baseMinute + 90_000, baseMinute + 250_000)]
        for metric in FlowMetric.allCases {
            for (from, to) in windows {
                for filter in [nil, try FlowFilter.parse("proto tcp or dst port 53")] {
                    let query = try TopNQuery(keys: keys, metric: metric, limit: 7, filter: filter, fromMillis: from, toMillis: to)
                    var reference = FlowAggregator(query: query)
                    reference.add(records)
                    for workers in [1, 2, 3] {
                        var engine = FlowQueryEngine(directory: dir.path)
                        engine.workers = workers
                        let (result, stats) = try engine.top(query)
                        #expect(result == reference.result(), "keys \(keys) \(metric) window \(String(describing: from)) workers \(workers)")
                        #expect(stats.segments == 7 || from != nil)
                    }
                }
            }
        }
    }

    @Test(arguments: [false, true])
    func matrixMatchesTheRecordAggregator(fallback: Bool) throws {
        let (dir, records) = Self.store
        let query = try FlowMatrixQuery(
            rowKey: .srcsite, columnKey: .dstsite, metric: .bytes, limit: 0, exporterSiteFallback: fallback)
        var reference = FlowMatrixAggregator(query: query)
        reference.add(records)
        for workers in [1, 3] {
            var engine = FlowQueryEngine(directory: dir.path)
            engine.workers = workers
            #expect(try engine.matrix(query).result == reference.result())
        }
    }
}
