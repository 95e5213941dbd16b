import Alerting
import Foundation
import NetsightModel
import Storage
import Testing

@testable import NetsightServer

/// Flow-volume rules over a real store: rollup minutes summed by each rule's `by` keys,
/// turned into rates over the window's whole minutes, and evaluated by the rule engine.
@Suite struct FlowVolumeRulesTests {
    /// 2027-01-15T08:00:00Z, a minute boundary.
    static let t0: UInt64 = 1_800_000_000_000

    static func store(_ rows: [FlowRollupRow]) throws -> (MetadataStore, String) {
        let dir = NSTemporaryDirectory() + "netsight-flowvol-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let store = try MetadataStore(path: dir + "/netsight.sqlite")
        try store.addRollup(rows)
        return (store, dir)
    }

    /// Five minutes ldn→nyc at 12 MB/minute over two exporters, one minute par→nyc, and
    /// the minute in progress (t0 + 5m) with a burst that must not count.
    static let rows: [FlowRollupRow] = (0..<5).flatMap { m in
        [
            FlowRollupRow(minuteMillis: t0 + UInt64(m) * 60_000, exporterName: "edge-1", proto: 6, srcSite: "ldn", dstSite: "nyc",
                          bytes: 8_000_000, packets: 8_000, flows: 10),
            FlowRollupRow(minuteMillis: t0 + UInt64(m) * 60_000, exporterName: "edge-2", proto: 17, srcSite: "ldn", dstSite: "nyc",
                          bytes: 4_000_000, packets: 6_000, flows: 5),
        ]
    } + [
        FlowRollupRow(minuteMillis: t0 + 60_000, exporterName: "edge-3", proto: 6, srcSite: "par", dstSite: "nyc", bytes: 30_000_000, packets: 1, flows: 1),
        FlowRollupRow(minuteMillis: t0 + 300_000, exporterName: "edge-1", proto: 6, srcSite: "ldn", dstSite: "nyc", bytes: 999_000_000, packets: 1, flows: 1),
    ]

    @Test func storeSumsTheWindowByTheKeys() throws {
        let (store, dir) = try Self.store(Self.rows)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bySites = try store.flowVolumes(by: [.srcsite, .dstsite], fromMillis: Self.t0, toMillis: Self.t0 + 300_000)
        #expect(bySites.map { "\($0.srcSite)>\($0.dstSite) \($0.bytes) \($0.packets) \($0.flows)" }.sorted()
            == ["ldn>nyc 60000000 70000 75", "par>nyc 30000000 1 1"])
        #expect(bySites.allSatisfy { $0.exporterName == "" && $0.proto == 0 }, "keys not asked for stay empty")
        let total = try store.flowVolumes(by: [], fromMillis: Self.t0, toMillis: Self.t0 + 300_000)
        #expect(total.map(\.bytes) == [90_000_000])
        #expect(try store.flowVolumes(by: [], fromMillis: Self.t0 + 600_000, toMillis: Self.t0 + 900_000).isEmpty)
        let lastMinute = try store.flowVolumes(by: [.exporter], fromMillis: Self.t0 + 240_000, toMillis: Self.t0 + 300_000)
        #expect(lastMinute.map { "\($0.exporterName) \($0.bytes)" }.sorted() == ["edge-1 8000000", "edge-2 4000000"])
    }

    @Test func rulesSeeTheirOwnKeysAsRates() throws {
        let (store, dir) = try Self.store(Self.rows)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let specs = [
            AlertRuleSpec(
                name: "SitePairBusy", metric: "flow_bps", matchers: [LabelMatcher(name: "dstsite", value: "nyc")], by: ["dstsite", "srcsite"],
                condition: AlertCondition(.above, raise: 150_000, clear: 100_000), severity: .major,
                summary: "{{ $labels.srcsite }} to {{ $labels.dstsite }} at {{ $value }} bit/s"),
            AlertRuleSpec(name: "UDPFlood", metric: "flow_pps", by: ["proto"], condition: AlertCondition(.above, raise: 50)),
        ]
        let validated = AlertRuleValidator.validate(specs)
        #expect(validated.errors.isEmpty, "\(validated.errors)")
        var sampler = FlowVolumeSampler(rules: validated.rules, window: .seconds(300), delay: .seconds(20))
        // 08:05:30: the window is 08:00-08:05, the minute in progress is left out.
        let now = Int64(Self.t0) + 330_000
        #expect(sampler.range(nowMillis: now) == (Self.t0, Self.t0 + 300_000))
        // 08:05:10: 08:04 ended less than 20 s ago: its last flows may still be on the way.
        #expect(sampler.range(nowMillis: Int64(Self.t0) + 310_000) == (Self.t0 - 60_000, Self.t0 + 240_000))
        let samples = try sampler.samples(from: store, nowMillis: now)
        let byMetric = Dictionary(grouping: samples, by: \.metric)
        #expect(Set(byMetric.keys) == ["flow_bps by srcsite,dstsite", "flow_pps by proto"])
        let ldn = try #require(byMetric["flow_bps by srcsite,dstsite"]?.first { $0.labels["srcsite"] == "ldn" })
        #expect(ldn.value == 60_000_000 * 8 / 300, "12 MB a minute is 1.6 Mbit/s")
        #expect(ldn.labels == ["srcsite": "ldn", "dstsite": "nyc"])
        #expect(byMetric["flow_pps by proto"]?.map { "\($0.labels["proto"] ?? "") \($0.value)" }.sorted() == ["tcp 133.33666666666667", "udp 100.0"], "40,001 TCP packets, 30,000 UDP, over 300 s")

        // Within the same window the samples are kept: a row written meanwhile for a minute
        // already read shows only once the window moves.
        try store.addRollup([FlowRollupRow(minuteMillis: Self.t0 + 240_000, exporterName: "edge-9", srcSite: "mad", dstSite: "nyc", bytes: 1, packets: 1, flows: 1)])
        #expect(try sampler.samples(from: store, nowMillis: now + 20_000) == samples)
        let moved = try sampler.samples(from: store, nowMillis: now + 60_000)
        #expect(moved.contains { $0.labels["srcsite"] == "mad" })

        var engine = AlertEngine(rules: validated.rules)
        let alerts = engine.evaluate(samples, at: Date(timeIntervalSince1970: Double(now) / 1000)).alerts
        #expect(alerts.map { "\($0.rule) \($0.state) \($0.labels["srcsite"] ?? $0.labels["proto"] ?? "")" }.sorted()
            == ["SitePairBusy firing ldn", "SitePairBusy firing par", "UDPFlood firing tcp", "UDPFlood firing udp"])
        let par = try #require(alerts.first { $0.labels["srcsite"] == "par" })
        #expect(par.metric == "flow_bps" && par.value == 800_000 && par.summary == "par to nyc at 800000 bit/s")
    }

    @Test(arguments: [
        (AlertRuleSpec(name: "A", metric: "flow_bps", by: ["dstip"], condition: AlertCondition(.above, raise: 1)), "by", "unknown key \"dstip\""),
        (AlertRuleSpec(name: "A", metric: "flow_bps", by: ["proto", "proto"], condition: AlertCondition(.above, raise: 1)), "by", "listed twice"),
        (AlertRuleSpec(name: "A", metric: "device_up", by: ["site"], condition: AlertCondition(.equal, raise: 0)), "by", "only flow metrics"),
    ])
    func badByNamesTheField(spec: AlertRuleSpec, field: String, message: String) {
        let errors = AlertRuleValidator.validate([spec]).errors
        #expect(errors.count == 1)
        #expect(errors.first?.field == field && errors.first?.message.contains(message) == true, "\(errors)")
    }

    @Test func aMatcherOnAKeyNotSummedByWarns() throws {
        let spec = AlertRuleSpec(
            name: "A", metric: "flow_bps", matchers: [LabelMatcher(name: "exporter", value: "edge-1")], by: ["srcsite"],
            condition: AlertCondition(.above, raise: 1))
        let warnings = try CompiledRule(spec).warnings
        #expect(warnings.count == 1 && warnings[0].contains("flow_bps by srcsite has no label \"exporter\" (it has srcsite)"), "\(warnings)")
    }

    @Test func rulesFileAndConfigurationReadByAndFlowWindow() throws {
        let rules = try AlertRulesFile.parse(
            yaml: "rules:\n  - {name: Heavy, metric: flow_bps, by: [srcsite, dstsite], above: 8e9, clear: 7e9, for: 5m}\n", file: "r.yaml")
        #expect(rules.first?.by == ["srcsite", "dstsite"] && rules.first?.condition.raise == 8e9)
        let c = try NetsightConfiguration.parse(yaml: "alerting:\n  flow_window: 10m\n", file: "t.yaml")
        #expect(c.alerting.flowWindow == .seconds(600) && c.alerting.flowDelay == .seconds(60))
        #expect(throws: ConfigurationError.self) { try NetsightConfiguration.parse(yaml: "alerting:\n  flow_window: 90s\n", file: "t.yaml") }
    }
}
