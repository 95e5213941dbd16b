import Testing
import NetsightModel
@testable import Analytics

struct FlowAggregatorTests {
    static let records: [FlowRecord] = [
        flow("10.0.0.1", "10.9.0.1", sport: 1000, dport: 443, proto: 6, bytes: 5000, packets: 10, start: 100, end: 200, srcAS: 1, dstAS: 9, inIf: 1, outIf: 2, exporterName: "r1", srcSite: "a", dstSite: "b", srcLen: 16),
        flow("10.0.0.1", "10.9.0.2", sport: 1001, dport: 80, proto: 6, bytes: 3000, packets: 30, start: 150, end: 400, srcAS: 1, dstAS: 9, inIf: 1, outIf: 3, exporterName: "r1", srcSite: "a", dstSite: "c", srcLen: 16),
        flow("10.0.0.2", "10.9.0.1", sport: 53, dport: 5353, proto: 17, bytes: 8000, packets: 5, start: 300, end: 350, srcAS: 2, dstAS: 9, inIf: 2, outIf: 1, exporter: "192.0.2.2", srcSite: "b", dstSite: "b"),
        flow("10.0.1.3", "10.9.0.3", sport: 7, dport: 7, proto: 1, bytes: 100, packets: 1, start: 500, end: 500, srcAS: 3, dstAS: 8, inIf: 4, outIf: 4, exporter: "192.0.2.2", srcSite: "", dstSite: "a"),
        flow("2001:db8::1", "2001:db8:ff::1", sport: 443, dport: 50000, proto: 6, bytes: 8000, packets: 5, start: 600, end: 700, srcAS: 4, dstAS: 8, inIf: 5, outIf: 6, exporter: "2001:db8::fe", srcSite: "c", dstSite: "a"),
    ]

    func top(_ keys: [FlowKey], _ metric: FlowMetric = .bytes, limit: Int = 10, filter: String = "",
             from: UInt64? = nil, to: UInt64? = nil, mode: FlowWindowMode = .overlap, records: [FlowRecord] = records) throws -> TopNResult {
        let q = try TopNQuery(keys: keys, metric: metric, limit: limit, filter: try FlowFilter.parse(filter),
                              fromMillis: from, toMillis: to, windowMode: mode)
        var a = FlowAggregator(query: q)
        // Split in two batches to check that add() accumulates across calls.
        a.add(Array(records.prefix(2)))
        a.add(Array(records.dropFirst(2)))
        return a.result()
    }

    func summary(_ r: TopNResult) -> [String] {
        r.rows.map { $0.keyValues.joined(separator: "|") + "=\($0.bytes)/\($0.packets)/\($0.flows)" }
    }

    /// One row per key: (key, metric, expected rows "keys=bytes/packets/flows" in order).
    static let byKey: [(FlowKey, FlowMetric, [String])] = [
        (.srcip, .bytes, ["10.0.0.1=8000/40/2", "10.0.0.2=8000/5/1", "2001:db8::1=8000/5/1", "10.0.1.3=100/1/1"]),
        (.srcip, .packets, ["10.0.0.1=8000/40/2", "10.0.0.2=8000/5/1", "2001:db8::1=8000/5/1", "10.0.1.3=100/1/1"]),
        (.srcip, .flows, ["10.0.0.1=8000/40/2", "10.0.0.2=8000/5/1", "2001:db8::1=8000/5/1", "10.0.1.3=100/1/1"]),
        (.dstip, .bytes, ["10.9.0.1=13000/15/2", "2001:db8:ff::1=8000/5/1", "10.9.0.2=3000/30/1", "10.9.0.3=100/1/1"]),
        (.dstip, .packets, ["10.9.0.2=3000/30/1", "10.9.0.1=13000/15/2", "2001:db8:ff::1=8000/5/1", "10.9.0.3=100/1/1"]),
        (.srcnet, .bytes, ["10.0.0.0/16=8000/40/2", "10.0.0.0/24=8000/5/1", "2001:db8::/64=8000/5/1", "10.0.1.0/24=100/1/1"]),
        (.dstnet, .bytes, ["10.9.0.0/24=16100/46/4", "2001:db8:ff::/64=8000/5/1"]),
        // One flow each: ties fall to bytes, then packets, then the port number.
        (.srcport, .flows, ["53=8000/5/1", "443=8000/5/1", "1000=5000/10/1", "1001=3000/30/1", "7=100/1/1"]),
        (.dstport, .bytes, ["5353=8000/5/1", "50000=8000/5/1", "443=5000/10/1", "80=3000/30/1", "7=100/1/1"]),
        (.proto, .bytes, ["TCP=16000/45/3", "UDP=8000/5/1", "ICMP=100/1/1"]),
        (.srcas, .bytes, ["1=8000/40/2", "2=8000/5/1", "4=8000/5/1", "3=100/1/1"]),
        (.dstas, .flows, ["9=16000/45/3", "8=8100/6/2"]),
        (.exporter, .bytes, ["192.0.2.2=8100/6/2", "r1=8000/40/2", "2001:db8::fe=8000/5/1"]),
        (.inif, .bytes, ["1=8000/40/2", "2=8000/5/1", "5=8000/5/1", "4=100/1/1"]),
        (.outif, .packets, ["3=3000/30/1", "2=5000/10/1", "1=8000/5/1", "6=8000/5/1", "4=100/1/1"]),
        (.srcsite, .bytes, ["a=8000/40/2", "b=8000/5/1", "c=8000/5/1", "=100/1/1"]),
        (.dstsite, .bytes, ["b=13000/15/2", "a=8100/6/2", "c=3000/30/1"]),
    ]

    @Test(arguments: byKey)
    func topNByEachKey(_ key: FlowKey, _ metric: FlowMetric, _ expected: [String]) throws {
        #expect(summary(try top([key], metric)) == expected)
    }

    @Test func tiesBreakByOtherMetricsThenKey() throws {
        // 10.0.0.2 and 2001:db8::1 tie on bytes, packets and flows: the lower address wins.
        let r = try top([.srcip], .bytes)
        #expect(r.rows[1].keyValues == ["10.0.0.2"])
        #expect(r.rows[2].keyValues == ["2001:db8::1"])
        // Ranking must not depend on input order.
        let reversed = try top([.srcip], .bytes, records: Self.records.reversed())
        #expect(summary(reversed) == summary(r))
    }

    @Test func limitKeepsTheBestAndTotalsCoverEverything() throws {
        let r = try top([.srcip], .bytes, limit: 2)
        #expect(summary(r) == ["10.0.0.1=8000/40/2", "10.0.0.2=8000/5/1"])
        #expect(r.totals == FlowTotals(bytes: 24100, packets: 51, flows: 5))
        #expect(r.groupCount == 4)
        let all = try top([.srcip], .bytes, limit: 0)
        #expect(all.rows.count == 4)
    }

    @Test func heapSelectionMatchesFullSort() throws {
        // Many groups, small limit: the bounded heap path must agree with sorting everything.
        var many: [FlowRecord] = []
        for i in 0..<500 {
            many.append(flow("10.0.\(i % 7).\(i % 250)", "10.9.0.1", bytes: UInt64((i * 37) % 101), packets: UInt64(i % 3)))
        }
        let full = try top([.srcip], .bytes, limit: 0, records: many)
        let ten = try top([.srcip], .bytes, limit: 10, records: many)
        #expect(ten.rows == Array(full.rows.prefix(10)))
    }

    @Test func multiKeyTopN() throws {
        let r = try top([.srcip, .dstport, .proto], .bytes, limit: 3)
        #expect(summary(r) == ["10.0.0.2|5353|UDP=8000/5/1", "2001:db8::1|50000|TCP=8000/5/1", "10.0.0.1|443|TCP=5000/10/1"])
        let pair = try top([.srcsite, .dstsite], .flows)
        // Every pair has one flow: ties fall to bytes, then packets, then site names.
        #expect(summary(pair) == ["b|b=8000/5/1", "c|a=8000/5/1", "a|b=5000/10/1", "a|c=3000/30/1", "|a=100/1/1"])
    }

    @Test func filterApplies() throws {
        let r = try top([.srcip], .bytes, filter: "proto tcp and not src net 2001:db8::/32")
        #expect(summary(r) == ["10.0.0.1=8000/40/2"])
        #expect(r.totals.flows == 2)
    }

    @Test func firstAndLastSeen() throws {
        let r = try top([.srcip], .bytes)
        #expect(r.rows[0].firstSeenMillis == 100)
        #expect(r.rows[0].lastSeenMillis == 400)
    }

    /// Window rows: (from, to, mode, expected source addresses that count).
    static let windows: [(UInt64?, UInt64?, FlowWindowMode, Set<String>)] = [
        (nil, nil, .overlap, ["10.0.0.1", "10.0.0.2", "10.0.1.3", "2001:db8::1"]),
        (200, 300, .overlap, ["10.0.0.1"]),  // [100,200] touches 200; [300,350] starts at the open end
        (201, 301, .overlap, ["10.0.0.1", "10.0.0.2"]),
        (400, nil, .overlap, ["10.0.0.1", "10.0.1.3", "2001:db8::1"]),
        (nil, 150, .overlap, ["10.0.0.1"]),
        (99, 401, .nfdumpContained, ["10.0.0.1", "10.0.0.2"]),
        (100, 401, .nfdumpContained, ["10.0.0.1", "10.0.0.2"]),  // [100,200] is out (start must be > from)
        (299, 700, .nfdumpContained, ["10.0.0.2", "10.0.1.3"]),  // [600,700] is out (end must be < to)
    ]

    @Test(arguments: windows)
    func timeWindow(_ from: UInt64?, _ to: UInt64?, _ mode: FlowWindowMode, _ expected: Set<String>) throws {
        let r = try top([.srcip], .bytes, from: from, to: to, mode: mode)
        #expect(Set(r.rows.map { $0.keyValues[0] }) == expected)
        if from == 100 {
            #expect(r.rows.first { $0.keyValues[0] == "10.0.0.1" }?.flows == 1)
        }
    }

    @Test func queryValidation() {
        #expect(throws: FlowQueryError("at least one key is required")) { try TopNQuery(keys: []) }
        #expect(throws: FlowQueryError("key 'srcip' is given twice")) { try TopNQuery(keys: [.srcip, .srcip]) }
        #expect(throws: FlowQueryError("limit must be 0 (all) or more, not -1")) { try TopNQuery(keys: [.srcip], limit: -1) }
        #expect(throws: FlowQueryError("the window ends (5) before or when it starts (5)")) {
            try TopNQuery(keys: [.srcip], fromMillis: 5, toMillis: 5)
        }
        // Five 128-bit keys do not fit 512 bits.
        #expect(throws: FlowQueryError.self) { try TopNQuery(keys: [.srcip, .dstip, .srcnet, .dstnet, .exporter]) }
        // Every narrow key plus two addresses does.
        #expect(throws: Never.self) {
            try TopNQuery(keys: [.srcip, .dstip, .srcport, .dstport, .proto, .srcas, .dstas, .inif, .outif, .srcsite, .dstsite])
        }
    }

    @Test func queryFields() throws {
        let q = try TopNQuery(keys: [.srcnet, .proto], filter: try FlowFilter.parse("dst port 443"))
        #expect(q.fields == FlowFieldSet([.startMillis, .endMillis, .bytes, .packets, .srcAddress, .srcPrefixLength, .proto, .dstPort]))
    }

    @Test func everyKeyRoundTripsInOneWideQuery() throws {
        let r = try top([.srcip, .dstip, .srcport, .dstport, .proto, .srcas, .dstas, .inif, .outif, .srcsite, .dstsite], .bytes, limit: 1)
        #expect(r.rows[0].keyValues == ["10.0.0.2", "10.9.0.1", "53", "5353", "UDP", "2", "9", "2", "1", "b", "b"])
    }
}
