import Analytics
import Foundation
import NetsightModel
import Storage
import Testing

/// Sampled exports sent over UDP to a running Netsight: the stored totals must be the raw
/// counters scaled exactly by the rate in force for each record, with the raw values and the
/// rate kept alongside.
@Suite(.serialized)
struct SamplingEndToEndTests {
    /// softflowd -s 10 samples 1 packet in 10 and announces it in NetFlow v9 options data
    /// (scope interface, SAMPLING_INTERVAL 34).
    @Test func softflowdV9OptionsDataRate() async throws {
        guard let softflowd = Peers.find("softflowd"), let softflowctl = Peers.find("softflowctl"),
            let tshark = Peers.find("tshark"), let python = Peers.python
        else { return }
        let dir = try Peers.temporaryDirectory("sampling-v9")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let start = Int(Date().timeIntervalSince1970) - 600
        try runTool(python, [Peers.script("peers/make_flow_pcap.py"), "\(dir)/in.pcap", "--start", "\(start)", "--ipv6"])
        let server = try await RunningServer(dataDirectory: "\(dir)/data")

        let files = try await e2eSoftflowdExport(
            softflowd: softflowd, softflowctl: softflowctl, pcap: "\(dir)/in.pcap", version: 9, extraArguments: ["-s", "10"],
            forwardTo: [server.netflowPort], saveDirectory: "\(dir)/datagrams", workDirectory: dir)
        try e2eDatagramPcap(files, port: 2055, output: "\(dir)/export.pcap")
        // The announcement, as tshark reads it, comes before the first data record.
        var intervals: [String] = []
        for layer in try E2ETshark.layers(tshark, pcap: "\(dir)/export.pcap", port: 2055, dissector: "cflow") {
            E2ETshark.walk(layer) { if let v = $0["cflow.sampling_interval"] { intervals.append(E2ETshark.string(v)) } }
        }
        #expect(!intervals.isEmpty && intervals.allSatisfy { $0 == "10" }, "announced intervals: \(intervals)")
        let wire = try E2ETshark.cflowRecords(tshark, pcap: "\(dir)/export.pcap", port: 2055)
        #expect(wire.count > 150, "softflowd exported \(wire.count) sampled flows")

        try await checkStored(server, rate: 10, wire: wire)
        try await server.stop()
    }

    /// IPFIX: an options template scoped to samplerId (IE 48) announces two samplers'
    /// samplerRandomInterval (IE 50); data records name their sampler. A record naming a
    /// sampler never announced is taken as unsampled.
    @Test func ipfixSamplerTable() async throws {
        let dir = try Peers.temporaryDirectory("sampling-ipfix")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try await RunningServer(dataDirectory: "\(dir)/data")

        typealias F = E2EIPFIXExporter.Field
        let flowTemplate = [
            F(id: 8, length: 4), F(id: 12, length: 4), F(id: 7, length: 2), F(id: 11, length: 2), F(id: 4, length: 1),
            F(id: 6, length: 1), F(id: 1, length: 8), F(id: 2, length: 8), F(id: 152, length: 8), F(id: 153, length: 8),
            F(id: 10, length: 4), F(id: 14, length: 4), F(id: 48, length: 1),
        ]
        let samplerScope = [F(id: 48, length: 1)]
        let samplerFields = [F(id: 49, length: 1), F(id: 50, length: 4)]
        let rates: [UInt64: UInt64] = [1: 100, 2: 1000]
        let now = UInt64(Date().timeIntervalSince1970 * 1000)
        var exporter = E2EIPFIXExporter(domain: 42, exportSeconds: UInt32(now / 1000))

        var expected: [(flow: E2EFlow, rate: UInt64)] = []
        var records: [[UInt64]] = []
        for i in 0..<30 {
            let sampler: UInt64 = [1, 2, 7][i % 3]
            var f = E2EFlow()
            f.src = "10.9.0.\(i + 1)"
            f.dst = "192.0.2.77"
            f.srcPort = UInt16(20000 + i)
            f.dstPort = 443
            f.proto = 6
            f.tcpFlags = 0x18
            f.bytes = UInt64(1000 + 37 * i)
            f.packets = UInt64(2 + i % 5)
            f.startMillis = now - 120_000 + UInt64(i) * 1000
            f.endMillis = f.startMillis + 500
            f.inIf = 3
            f.outIf = UInt32(10 + i % 4)
            expected.append((f, rates[sampler] ?? 1))
            let src = IPAddress(f.src)!.bytes.suffix(4).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            records.append([
                src, 0xC000_024D, UInt64(f.srcPort), UInt64(f.dstPort), 6, 0x18, f.bytes, f.packets, f.startMillis,
                f.endMillis, UInt64(f.inIf), UInt64(f.outIf), sampler,
            ])
        }
        let datagrams = [
            exporter.message(
                [E2EIPFIXExporter.templateSet(id: 256, fields: flowTemplate),
                 E2EIPFIXExporter.optionsTemplateSet(id: 257, scope: samplerScope, fields: samplerFields)],
                dataRecords: 0),
            exporter.message(
                [E2EIPFIXExporter.dataSet(id: 257, template: samplerScope + samplerFields, records: [[1, 2, 100], [2, 2, 1000]])],
                dataRecords: 2),
            exporter.message([E2EIPFIXExporter.dataSet(id: 256, template: flowTemplate, records: Array(records[..<15]))], dataRecords: 15),
            exporter.message([E2EIPFIXExporter.dataSet(id: 256, template: flowTemplate, records: Array(records[15...]))], dataRecords: 15),
        ]
        // The same bytes decode the same way offline: the CLI agrees before the server sees them.
        for (i, d) in datagrams.enumerated() {
            _ = FileManager.default.createFile(atPath: "\(dir)/\(i).bin", contents: Data(d))
        }
        let offline = try netsightDecode((0..<datagrams.count).map { "\(dir)/\($0).bin" })
        #expect(offline.map(\.samplingRate) == expected.map { UInt32($0.rate) }, "offline rates: \(offline.map(\.samplingRate))")

        try e2eSend(datagrams, to: server.netflowPort)
        let stored = try await e2eStoredFlows(server, atLeast: expected.count)
        #expect(stored.count == expected.count, "stored \(stored.count) of \(expected.count) flows")
        let byKey = Dictionary(grouping: stored, by: \.e2eRawFlow.key)
        for (f, rate) in expected {
            guard let r = byKey[f.key]?.first else {
                Issue.record("not stored: \(f)")
                continue
            }
            #expect(r.e2eRawFlow == f, "raw values changed")
            #expect(r.samplingRate == UInt32(rate), "\(f.key): rate \(r.samplingRate), expected \(rate)")
            #expect(r.bytes == f.bytes * rate && r.packets == f.packets * rate, "\(f.key): \(r.bytes)/\(r.packets) at \(rate)")
            #expect(r.source == .ipfix && r.observationDomain == 42)
        }
        let q = try TopNQuery(keys: [.srcip], metric: .bytes, limit: 0, fromMillis: now - 3_600_000, toMillis: now + 60_000)
        let totals = try server.engine.top(q).result.totals
        #expect(totals.bytes == expected.reduce(0) { $0 + $1.flow.bytes * $1.rate })
        #expect(totals.packets == expected.reduce(0) { $0 + $1.flow.packets * $1.rate })
        try await server.stop()
    }

    /// An exporter configured with `sampling: 100` sends unsampled NetFlow v5 (softflowd):
    /// the configured rate applies to every record.
    @Test func configuredRateOverridesUnsampledV5() async throws {
        guard let softflowd = Peers.find("softflowd"), let softflowctl = Peers.find("softflowctl"),
            let tshark = Peers.find("tshark"), let python = Peers.python
        else { return }
        let dir = try Peers.temporaryDirectory("sampling-override")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let start = Int(Date().timeIntervalSince1970) - 600
        try runTool(python, [Peers.script("peers/make_flow_pcap.py"), "\(dir)/in.pcap", "--start", "\(start)"])
        let server = try await RunningServer(dataDirectory: "\(dir)/data") {
            $0.exporters = [.init(address: IPAddress("127.0.0.1")!, name: "x", site: "", sampling: 100)]
        }
        let files = try await e2eSoftflowdExport(
            softflowd: softflowd, softflowctl: softflowctl, pcap: "\(dir)/in.pcap", version: 5,
            forwardTo: [server.netflowPort], saveDirectory: "\(dir)/datagrams", workDirectory: dir)
        try e2eDatagramPcap(files, port: 2055, output: "\(dir)/export.pcap")
        let wire = try E2ETshark.cflowRecords(tshark, pcap: "\(dir)/export.pcap", port: 2055)
        #expect(wire.count >= 390, "softflowd exported \(wire.count) flows")

        let stored = try await checkStored(server, rate: 100, wire: wire)
        #expect(stored.allSatisfy { $0.exporterName == "x" })
        try await server.stop()
    }

    /// Waits for `wire.count` stored flows and checks each against its wire record: raw
    /// values unchanged, rate recorded, bytes and packets scaled by it; then the totals.
    @discardableResult
    private func checkStored(_ server: RunningServer, rate: UInt64, wire: [E2EFlow]) async throws -> [FlowRecord] {
        let stored = try await e2eStoredFlows(server, atLeast: wire.count)
        #expect(stored.count == wire.count, "stored \(stored.count) flows, the wire carried \(wire.count)")
        #expect(stored.allSatisfy { $0.samplingRate == UInt32(rate) }, "rates: \(Set(stored.map(\.samplingRate)))")
        #expect(stored.allSatisfy { $0.bytes == $0.rawBytes * rate && $0.packets == $0.rawPackets * rate })
        let problems = e2eDifferences(stored.map(\.e2eRawFlow), wire)
        #expect(problems.isEmpty, "stored raw values differ from the wire:\n\(problems.joined(separator: "\n"))")

        let from = wire.map(\.startMillis).min() ?? 0
        let to = (wire.map(\.endMillis).max() ?? 0) + 1
        let q = try TopNQuery(keys: [.proto], metric: .bytes, limit: 0, fromMillis: from, toMillis: to)
        let totals = try server.engine.top(q).result.totals
        #expect(totals.bytes == wire.reduce(0) { $0 + $1.bytes } * rate, "total bytes")
        #expect(totals.packets == wire.reduce(0) { $0 + $1.packets } * rate, "total packets")
        #expect(totals.flows == UInt64(wire.count))
        return stored
    }
}
