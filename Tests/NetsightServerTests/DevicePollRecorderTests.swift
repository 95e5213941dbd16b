import Foundation
import Logging
import NetsightModel
import Prometheus
import Storage
import Synchronization
import Testing

@testable import NetsightServer

/// `DevicePollRecorder`: reports reach the store, `/metrics` and the interface-name map.
@Suite struct DevicePollRecorderTests {
    static let t0: UInt64 = 1_800_000_000_000

    static func report(_ device: String, at t: UInt64, error: String? = nil, late: Bool = false, interfaces: [InterfaceInfo]? = nil) -> DevicePollReport {
        DevicePollReport(
            status: DevicePollStatus(
                device: device, address: device == "core-1" ? "192.0.2.1:1161" : "edge.example.net", site: "ldn",
                lastPollMillis: t, durationMillis: 1_250, error: error, late: late),
            interfaces: interfaces,
            rates: [InterfaceRateSample(timestampMillis: t, device: device, ifIndex: 7, ifName: "Gi0/7", inBitsPerSecond: 1)])
    }

    /// The client's running drop totals become counters that only ever add the increase.
    @Test func clientDropsAreCountedByReason() async throws {
        let registry = PrometheusCollectorRegistry()
        let totals = Mutex<[String: Int]>(["unknown_request_id": 2])
        let recorder = DevicePollRecorder(
            store: nil, registry: registry, logger: Logger(label: "test"), clientDrops: { totals.withLock { $0 } })
        await recorder.devicePolled(Self.report("core-1", at: Self.t0))
        totals.withLock { $0 = ["unknown_request_id": 5, "malformed": 1] }
        await recorder.devicePolled(Self.report("core-1", at: Self.t0 + 60_000))
        await recorder.devicePolled(Self.report("core-1", at: Self.t0 + 120_000))
        let text = registry.emitToString()
        #expect(text.contains(#"netsight_snmp_client_dropped_total{reason="unknown_request_id"} 5"#), "\(text)")
        #expect(text.contains(#"netsight_snmp_client_dropped_total{reason="malformed"} 1"#), "\(text)")
    }

    @Test func metricsTextPerDevice() async throws {
        let registry = PrometheusCollectorRegistry()
        let recorder = DevicePollRecorder(store: nil, registry: registry, logger: Logger(label: "test"))
        await recorder.devicePolled(Self.report("core-1", at: Self.t0))
        await recorder.devicePolled(Self.report("core-1", at: Self.t0 + 60_000, error: "timeout after 6 tries", late: true))
        await recorder.devicePolled(Self.report("edge-2", at: Self.t0))
        let text = registry.emitToString()
        for line in [
            #"netsight_snmp_device_up{device="core-1",site="ldn"} 0.0"#,
            #"netsight_snmp_device_up{device="edge-2",site="ldn"} 1.0"#,
            #"netsight_snmp_poll_duration_seconds{device="core-1"} 1.25"#,
            #"netsight_snmp_polls_total{device="core-1",result="ok"} 1"#,
            #"netsight_snmp_polls_total{device="core-1",result="error"} 1"#,
            #"netsight_snmp_polls_total{device="edge-2",result="error"} 0"#,
            #"netsight_snmp_poll_late_total{device="core-1"} 1"#,
            #"netsight_snmp_poll_late_total{device="edge-2"} 0"#,
            "# TYPE netsight_snmp_device_up gauge",
            "# TYPE netsight_snmp_polls_total counter",
        ] {
            #expect(text.contains(line + "\n"), "missing \(line) in\n\(text)")
        }
    }

    @Test func storesPollsAndNamesInterfacesByIPAddress() async throws {
        let dir = NSTemporaryDirectory() + "netsight-recorder-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try MetadataStore(path: dir + "/netsight.sqlite")
        let recorder = DevicePollRecorder(
            store: store, registry: PrometheusCollectorRegistry(), retentionMillis: 86_400_000, logger: Logger(label: "test"))
        let table = [InterfaceInfo(ifIndex: 7, name: "Gi0/7"), InterfaceInfo(ifIndex: 8, name: "Gi0/8")]
        // An old sample, then a poll 2 days later: retention removes the old one.
        await recorder.devicePolled(Self.report("core-1", at: Self.t0, interfaces: table))
        await recorder.devicePolled(Self.report("edge-2", at: Self.t0, interfaces: table))
        await recorder.devicePolled(Self.report("core-1", at: Self.t0 + 2 * 86_400_000))
        #expect(try store.devices().map(\.status.device) == ["core-1", "edge-2"])
        #expect(try store.interfaceRates(device: "core-1", fromMillis: 0, toMillis: .max).map(\.timestampMillis)
            == [Self.t0 + 2 * 86_400_000])
        let ip = try #require(IPAddress("192.0.2.1"))
        #expect(recorder.interfaceName(exporter: ip, ifIndex: 8) == "Gi0/8")
        #expect(recorder.interfaceName(exporter: ip, ifIndex: 9) == nil)
        #expect(recorder.interfaceNames.count == 1, "a DNS-named device cannot be matched to flows")
        // A new recorder starts from the stored names; forgetting drops unconfigured devices.
        let again = DevicePollRecorder(store: store, registry: PrometheusCollectorRegistry(), logger: Logger(label: "test"))
        #expect(again.interfaceName(exporter: ip, ifIndex: 7) == "Gi0/7")
        again.forgetDevices(except: [])
        #expect(try store.devices().isEmpty)
    }
}
