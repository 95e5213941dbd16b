import Foundation
import NetsightModel
import Testing

@testable import Storage

/// `MetadataStore.alertSamples`: what the pollers and probes stored, as the series alert
/// rules evaluate.
@Suite struct AlertSamplesTests {
    typealias D = DevicesStoreTests

    static func samples(_ store: MetadataStore, now: Int64 = Int64(D.t0) + 1_000) throws -> [String: [MetricSample]] {
        Dictionary(grouping: try store.alertSamples(nowMillis: now), by: \.metric)
    }

    @Test func deviceAndInterfaceSeries() throws {
        let dir = try TemporaryDirectory()
        let store = try MetadataStore(path: dir.path + "/m.sqlite")
        var report = D.firstReport()
        let shut = InterfaceInfo(ifIndex: 3, name: "Gi0/3", type: 6, adminStatus: 2, operStatus: 2)
        report.interfaces?.append(shut)
        try store.recordDevicePoll(report)
        let s = try Self.samples(store)
        let device: LabelSet = ["device": "core-1", "site": "ldn", "address": "192.0.2.1:1161"]
        #expect(s["device_up"]?.map(\.labels) == [device] && s["device_up"]?.first?.value == 1)
        #expect(s["device_cpu_percent"]?.first?.value == 40)
        #expect(s["device_storage_used_percent"]?.first?.labels["storage"] == "RAM")
        #expect(s["device_storage_used_percent"]?.first?.value == 50)
        // Gi0/2 is down; Gi0/3 is shut by the operator, so it has no oper-up series at all.
        let oper = Dictionary(uniqueKeysWithValues: (s["interface_oper_up"] ?? []).map { ($0.labels["ifname"] ?? "?", $0.value) })
        #expect(oper == ["Gi0/1": 1, "Gi0/2": 0])
        let util = try #require(s["interface_utilisation_percent"]?.first { $0.labels["ifname"] == "Gi0/1" })
        #expect(util.value == 12.5 && util.labels["ifalias"] == "uplink" && util.labels["ifindex"] == "1")
        #expect(s["interface_errors_per_second"]?.first { $0.labels["ifname"] == "Gi0/1" }?.value == 0.5)
        #expect(s["interface_discards_per_second"]?.first { $0.labels["ifname"] == "Gi0/1" }?.value == 0.25)

        var failed = D.firstReport()
        failed.status = D.status(D.t0 + 60_000, error: "timeout after 2 tries", failures: 3)
        failed.interfaces = nil
        failed.rates = []
        try store.recordDevicePoll(failed)
        let after = try Self.samples(store)
        #expect(after["device_up"]?.first?.value == 0)
        #expect(after["device_poll_failures"]?.first?.value == 3)
    }

    @Test func probeSeriesCarryTheProbeLabels() throws {
        let dir = try TemporaryDirectory()
        let store = try MetadataStore(path: dir.path + "/m.sqlite")
        let spec = ProbeSpec(id: "web-ldn", target: "127.0.0.1:80", options: .tcp, labels: ["site": "ldn", "device": "sw-3"])
        try store.syncProbes([spec])
        let started = Date(timeIntervalSince1970: 1_800_000_000)
        let result = ProbeResult(
            probeID: "web-ldn", kind: .tcp, target: "127.0.0.1:80", startedAt: started, success: false,
            failure: ProbeFailure(.timeout, "timeout after 1000 ms"), sent: 4, received: 3,
            samplesMicros: [1_000, 2_000, 3_000, nil],
            rtt: RTTSummary(minMicros: 1_000, medianMicros: 2_000, meanMicros: 2_000, maxMicros: 3_000, stddevMicros: 816))
        try store.recordProbeResults([result])
        let s = try Self.samples(store)
        let success = try #require(s["probe_success"]?.first)
        #expect(success.value == 0)
        #expect(success.labels == ["device": "sw-3", "kind": "tcp", "probe": "web-ldn", "site": "ldn", "target": "127.0.0.1:80"])
        #expect(s["probe_loss_percent"] == nil, "a failed run is probe_success 0, not also 100 % loss")
        #expect(s["probe_rtt_median_ms"]?.first?.value == 2)
        #expect(s["probe_mos"] == nil)

        var partial = result
        partial.startedAt = started.addingTimeInterval(10)
        partial.success = true
        partial.failure = nil
        try store.recordProbeResults([partial])
        let after = try Self.samples(store)
        #expect(after["probe_loss_percent"]?.first?.value == 25 && after["probe_success"]?.first?.value == 1)
    }
}
