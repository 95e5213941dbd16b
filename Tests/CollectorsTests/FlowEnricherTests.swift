import Collectors
import NetsightModel
import Testing

/// Exporter names and sites from the configuration, longest prefix first.
struct FlowEnricherTests {
    static func record(exporter: String, src: String, dst: String) -> FlowRecord {
        var r = FlowRecord()
        r.exporter = IPAddress(exporter)!
        r.srcAddress = IPAddress(src)!
        r.dstAddress = IPAddress(dst)!
        return r
    }

    let enricher = FlowEnricher(
        exporters: [IPAddress("192.0.2.1")!: ExporterInfo(name: "edge-1", site: "paris", samplingOverride: 100)],
        sites: [
            (name: "campus", prefixes: [IPPrefix("10.0.0.0/8")!]),
            (name: "lab", prefixes: [IPPrefix("10.1.2.0/24")!, IPPrefix("2001:db8:1::/48")!]),
            (name: "v6", prefixes: [IPPrefix("2001:db8::/32")!]),
        ])

    @Test(arguments: [
        ("192.0.2.1", "10.1.2.3", "10.9.9.9", "edge-1", "paris", "lab", "campus"),
        ("192.0.2.9", "8.8.8.8", "10.1.3.1", "192.0.2.9", "", "", "campus"),
        ("192.0.2.1", "2001:db8:1::5", "2001:db8:2::5", "edge-1", "paris", "lab", "v6"),
        ("2001:db8::1", "10.200.0.1", "2001:db9::1", "2001:db8::1", "", "campus", ""),
    ])
    func enriches(exporter: String, src: String, dst: String, name: String, exporterSite: String, srcSite: String, dstSite: String) {
        var records = [Self.record(exporter: exporter, src: src, dst: dst)]
        enricher.enrich(&records)
        #expect(records[0].exporterName == name)
        #expect(records[0].exporterSite == exporterSite)
        #expect(records[0].srcSite == srcSite)
        #expect(records[0].dstSite == dstSite)
    }

    @Test func alternatingExportersInOneBatchKeepTheirOwnNames() {
        var records = (0..<6).map { i in
            Self.record(exporter: i % 2 == 0 ? "192.0.2.1" : "192.0.2.7", src: "10.1.2.\(i)", dst: "192.0.2.200")
        }
        enricher.enrich(&records)
        #expect(records.map(\.exporterName) == ["edge-1", "192.0.2.7", "edge-1", "192.0.2.7", "edge-1", "192.0.2.7"])
        #expect(records.allSatisfy { $0.srcSite == "lab" && $0.dstSite == "" })
    }

    /// The receive path enriches each datagram's records as they are appended to one burst,
    /// keeping the last exporter's labels in a memo between calls.
    @Test func enrichesOnlyFromTheOffsetAndKeepsTheMemoAcrossCalls() {
        var memo = FlowEnricher.Memo()
        var records = [Self.record(exporter: "192.0.2.1", src: "10.1.2.3", dst: "8.8.8.8")]
        records[0].exporterName = "already"
        records.append(Self.record(exporter: "192.0.2.1", src: "10.1.2.4", dst: "8.8.8.8"))
        enricher.enrich(&records, from: 1, memo: &memo)
        #expect(records.map(\.exporterName) == ["already", "edge-1"], "records before the offset are left alone")
        #expect(records[0].srcSite == "" && records[1].srcSite == "lab")
        // Next datagram: another exporter, then the first one again, reusing the memo.
        records.append(Self.record(exporter: "192.0.2.7", src: "8.8.4.4", dst: "10.0.0.1"))
        enricher.enrich(&records, from: 2, memo: &memo)
        records.append(Self.record(exporter: "192.0.2.1", src: "8.8.4.4", dst: "10.0.0.1"))
        enricher.enrich(&records, from: 3, memo: &memo)
        enricher.enrich(&records, from: 4, memo: &memo)  // nothing new: no-op
        #expect(records.map(\.exporterName) == ["already", "edge-1", "192.0.2.7", "edge-1"])
        #expect(records.map(\.exporterSite) == ["", "paris", "", "paris"])
        #expect(records.map(\.dstSite) == ["", "", "campus", "campus"])
    }

    @Test func samplingOverrideOnlyForConfiguredExporters() {
        #expect(enricher.samplingOverride(for: IPAddress("192.0.2.1")!) == 100)
        #expect(enricher.samplingOverride(for: IPAddress("192.0.2.2")!) == nil)
    }
}
