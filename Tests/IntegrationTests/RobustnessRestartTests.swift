import Analytics
import Foundation
import Storage
import Testing

/// Templates learnt before a graceful restart decode data sent after it.
@Suite(.serialized)
struct RobustnessRestartTests {
    @Test(.timeLimit(.minutes(1)), arguments: [false, true])
    func templatesSurviveGracefulRestart(ipfix: Bool) async throws {
        let dir = try Peers.temporaryDirectory("tplrestart")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let data = dir + "/data"
        let sender = try UDPSender()
        let before = FlowDatagrams.flows(count: 40, firstSource: "10.30.0.1")
        let after = FlowDatagrams.flows(count: 40, firstSource: "10.31.0.1")
        let templateID: UInt16 = 1300
        let domain: UInt32 = 31

        func dataOnly(_ flows: [SentFlow]) -> [UInt8] {
            let set = FlowDatagrams.flowSet(templateID, flows.flatMap(FlowDatagrams.v9Record))
            if ipfix { return GarbageGenerator.ipfix(domain: domain, sets: set, exportSeconds: UInt32(nowMillis() / 1000)) }
            return FlowDatagrams.v9Data(flows[...], templateID: templateID, sourceID: domain, nowMillis: nowMillis(), sequence: 2)
        }
        func template() -> [UInt8] {
            if ipfix {
                return GarbageGenerator.ipfix(
                    domain: domain, sets: GarbageGenerator.ipfixTemplateSet(id: templateID, fields: FlowDatagrams.v9Fields))
            }
            return FlowDatagrams.v9Template(templateID: templateID, sourceID: domain, nowMillis: nowMillis())
        }

        // First run: template then data; stopped well inside the 2 s periodic save, so only
        // the save at shutdown can keep the template.
        let first = try await RunningServer(dataDirectory: data)
        sender.send(template(), port: first.netflowPort)
        sender.send(dataOnly(before), port: first.netflowPort)
        let missingBefore = try await waitForSources(before, in: first)
        try await first.stop()
        #expect(missingBefore == 0, "\(missingBefore) of \(before.count) flows not stored by the first run")

        // Second run on the same directory: data only.
        let second = try await RunningServer(dataDirectory: data)
        sender.send(dataOnly(after), port: second.netflowPort)
        let missing = try await waitForSources(after, in: second)
        let metrics = try await MetricsSnapshot.fetch(httpPort: second.httpPort)
        try await second.stop()
        #expect(missing == 0, "\(missing) of \(after.count) flows not decoded after the restart")
        #expect(metrics.decodeErrors["unknown_template"] == 0, "\(metrics.decodeErrors)")
        #expect(metrics["netsight_flow_datagrams_total"] == 1)
    }

    /// Waits up to 5 s until every flow's source is stored with its bytes; returns how many are missing.
    @discardableResult
    func waitForSources(_ flows: [SentFlow], in server: RunningServer) async throws -> Int {
        let t = nowMillis()
        var missing = flows.count
        for _ in 0..<50 {
            let q = try TopNQuery(keys: [.srcip], metric: .flows, limit: 0, fromMillis: t - 3_600_000, toMillis: t + 3_600_000)
            var bytes: [String: UInt64] = [:]
            for r in try server.engine.top(q).result.rows { bytes[r.keyValues[0]] = r.bytes }
            missing = flows.filter { bytes[$0.srcText] != UInt64($0.bytes) }.count
            if missing == 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        return missing
    }
}
