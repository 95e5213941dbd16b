import NetsightModel
import Testing

@testable import Analytics

/// An exporter address that carried two names in one window (renamed in the config while
/// flows kept coming) renders the same name whatever order the flows are added in, and an
/// empty name never hides a real one.
@Suite struct ExporterNameOrderTests {
    @Test func smallestNonEmptyNameWinsInAnyOrder() throws {
        let address = IPAddress("192.0.2.7")!
        let records = ["", "zrh-edge-2", "zrh-edge-1", ""].map { name -> FlowRecord in
            var r = FlowRecord()
            r.exporter = address
            r.exporterName = name
            r.setCounters(rawBytes: 100, rawPackets: 1, samplingRate: 1)
            return r
        }
        let query = try TopNQuery(keys: [.exporter], limit: 0)
        for order in [records, records.reversed(), [records[0], records[3], records[2], records[1]]] {
            var aggregator = FlowAggregator(query: query)
            aggregator.add(Array(order))
            let rows = aggregator.result().rows
            #expect(rows.map(\.keyValues) == [["zrh-edge-1"]])
            #expect(rows.first?.flows == 4)
        }
        var unnamed = FlowAggregator(query: query)
        unnamed.add([records[0]])
        #expect(unnamed.result().rows.map(\.keyValues) == [["192.0.2.7"]])
    }
}
