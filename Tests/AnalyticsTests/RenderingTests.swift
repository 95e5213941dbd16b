import Testing
@testable import Analytics

struct RenderingTests {
    static let units: [(UInt64, String, String)] = [
        (0, "0 B", "0"),
        (999, "999 B", "999"),
        (1000, "1.0 kB", "1.0 k"),
        (1049, "1.0 kB", "1.0 k"),
        (1050, "1.1 kB", "1.1 k"),
        (999_949, "999.9 kB", "999.9 k"),
        (999_950, "1.0 MB", "1.0 M"),
        (1_234_567_890, "1.2 GB", "1.2 G"),
        (UInt64.max, "18.4 EB", "18.4 E"),
    ]

    @Test(arguments: units)
    func humanUnits(_ v: UInt64, _ bytes: String, _ count: String) {
        #expect(HumanUnits.bytes(v) == bytes)
        #expect(HumanUnits.count(v) == count)
    }

    @Test func percentAndRate() {
        #expect(HumanUnits.percent(1, of: 3) == "33.3%")
        #expect(HumanUnits.percent(2, of: 3) == "66.7%")
        #expect(HumanUnits.percent(1, of: 2000) == "0.1%")  // 0.05% rounds half up
        #expect(HumanUnits.percent(5, of: 5) == "100.0%")
        #expect(HumanUnits.percent(5, of: 0) == "0.0%")
        #expect(HumanUnits.rate(125_000, .bytes) == "1.0 Mbit/s")
        #expect(HumanUnits.rate(12.5, .packets) == "12.5/s")
        #expect(HumanUnits.rate(1500, .flows) == "1.5 k/s")
    }

    @Test func utcTime() {
        #expect(UTCTime.text(0) == "1970-01-01 00:00:00")
        #expect(UTCTime.text(1_720_689_310_020) == "2024-07-11 09:15:10")
        #expect(UTCTime.text(951_782_400_000) == "2000-02-29 00:00:00")
    }

    static let result = TopNResult(
        keys: [.srcip, .proto], metric: .bytes,
        rows: [
            TopNRow(keyValues: ["10.0.0.1", "TCP"], bytes: 1_234_567_890, packets: 1_000_000, flows: 3, firstSeenMillis: 10, lastSeenMillis: 20),
            TopNRow(keyValues: ["2001:db8::1", ""], bytes: 512, packets: 2, flows: 1, firstSeenMillis: 11, lastSeenMillis: 12),
        ],
        totals: FlowTotals(bytes: 2_000_000_000, packets: 2_000_000, flows: 10), groupCount: 5)

    @Test func topNTable() {
        #expect(Self.result.table() == """
            Src IP       Proto   Bytes  Bytes%  Packets  Packets%  Flows  Flows%
            10.0.0.1     TCP    1.2 GB   61.7%    1.0 M     50.0%      3   30.0%
            2001:db8::1  -       512 B    0.0%        2      0.0%      1   10.0%
            Top 2 of 5 by bytes; total 2.0 GB, 2.0 M packets, 10 flows

            """)
    }

    @Test func topNCSV() {
        #expect(Self.result.csv() == """
            srcip,proto,bytes,packets,flows,first_seen_ms,last_seen_ms
            10.0.0.1,TCP,1234567890,1000000,3,10,20
            2001:db8::1,,512,2,1,11,12

            """)
    }

    @Test func csvQuotesWhereNeeded() {
        #expect(CSV.line(["a,b", "say \"hi\"", "plain"]) == "\"a,b\",\"say \"\"hi\"\"\",plain\n")
    }

    @Test func seriesTableAndCSV() throws {
        let q = try FlowSeriesQuery(fromMillis: 1_720_689_300_000, toMillis: 1_720_689_420_000, stepMillis: 60_000, keys: [.srcip], topK: 1)
        var a = FlowSeriesAggregator(query: q)
        a.add([
            flow("10.0.0.1", bytes: 7_500_000, start: 1_720_689_300_000, end: 1_720_689_300_000),
            flow("10.0.0.2", bytes: 1000, start: 1_720_689_365_000, end: 1_720_689_365_000),
        ])
        let r = a.result()
        #expect(r.table() == """
            Time (UTC)           10.0.0.1   other
            2024-07-11 09:15:00    7.5 MB     0 B
            2024-07-11 09:16:00       0 B  1.0 kB

            """)
        #expect(r.table(rates: true) == """
            Time (UTC)             10.0.0.1        other
            2024-07-11 09:15:00  1.0 Mbit/s    0.0 bit/s
            2024-07-11 09:16:00   0.0 bit/s  133.3 bit/s

            """)
        #expect(r.csv() == "time_ms,10.0.0.1,other\n1720689300000,7500000,0\n1720689360000,0,1000\n")
    }

    @Test func matrixTableAndCSV() {
        let m = FlowMatrixResult(
            rowKey: .srcsite, columnKey: .dstsite, metric: .bytes, rows: ["paris", ""], columns: ["berlin", "paris"],
            cells: [[150_000, 0], [2_000, 37]], total: 152_037)
        #expect(m.table() == """
            Src Site \\ Dst Site    berlin  paris     Total
            paris                150.0 kB    0 B  150.0 kB
            -                      2.0 kB   37 B    2.0 kB
            Total                152.0 kB   37 B  152.0 kB

            """)
        #expect(m.csv() == "srcsite\\dstsite,berlin,paris\nparis,150000,0\n,2000,37\n")
    }
}
