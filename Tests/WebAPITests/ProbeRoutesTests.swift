import Foundation
import Hummingbird
import HummingbirdTesting
import NetsightModel
import Prometheus
import Storage
import Testing

@testable import WebAPI

/// `GET /api/v1/probes...` over a real SQLite store holding two probes' results.
@Suite struct ProbeRoutesTests {
    static let now: UInt64 = 1_800_000_000_000

    static func result(_ id: String, minutesAgo: UInt64, rtt: [Int64?]) -> ProbeResult {
        let got = rtt.compactMap { $0 }.sorted()
        return ProbeResult(
            probeID: id, kind: .icmp, target: "192.0.2.9",
            startedAt: Date(timeIntervalSince1970: Double(now - minutesAgo * 60_000) / 1000), durationMicros: 4_000_000,
            success: !got.isEmpty, failure: got.isEmpty ? ProbeFailure(.timeout, "timeout after 1000 ms") : nil,
            sent: rtt.count, received: got.count, samplesMicros: rtt,
            rtt: got.isEmpty
                ? nil
                : RTTSummary(
                    minMicros: Double(got[0]), medianMicros: Double(got[got.count / 2]), meanMicros: Double(got[0]),
                    maxMicros: Double(got.last!), stddevMicros: 0))
    }

    static func withApp(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let dir = NSTemporaryDirectory() + "netsight-probes-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let metadata = try MetadataStore(path: dir + "/netsight.sqlite")
        try metadata.syncProbes([
            ProbeSpec(id: "ldn-core", target: "192.0.2.9", options: .icmp(.init()), labels: ["site": "ldn"], count: 3),
            ProbeSpec(id: "web", target: "https://example.net/", options: .http(.init()), interval: .seconds(30)),
        ])
        try metadata.recordProbeResults([
            result("ldn-core", minutesAgo: 90, rtt: [900, 900, 900]),
            result("ldn-core", minutesAgo: 2, rtt: [1200, nil, 1800]),
            result("ldn-core", minutesAgo: 1, rtt: [nil, nil, nil]),
        ])
        try metadata.recordProbeReactions([
            ProbeReactionRecord(
                probeID: "ldn-core", reaction: "loss", metric: .lossPercent, severity: "critical", raised: true,
                value: 100, threshold: 50, timestampMillis: Int64(now - 60_000), labels: ["site": "ldn"])
        ])
        let context = APIContext(
            flows: FlowQueryEngine(directory: dir + "/flows"), registry: PrometheusCollectorRegistry(),
            metadata: metadata, now: { now })
        try await Application(router: HTTPServer.router(context: context)).test(.router) { try await body($0) }
    }

    static func get(_ client: any TestClientProtocol, _ uri: String, status: HTTPResponse.Status = .ok) async throws -> Any {
        try await client.execute(uri: uri, method: .get) { response in
            #expect(response.status == status, "\(uri)")
            return try JSONSerialization.jsonObject(with: Data(buffer: response.body))
        }
    }

    @Test func listsProbesWithLatestResultAndRaisedReactions() async throws {
        try await Self.withApp { client in
            let list = try await Self.get(client, "/api/v1/probes") as? [[String: Any]]
            #expect(list?.map { $0["id"] as? String } == ["ldn-core", "web"])
            let core = list?.first
            #expect(core?["labels"] as? [String: String] == ["site": "ldn"])
            #expect(core?["raisedReactions"] as? [String] == ["loss"])
            let latest = core?["latest"] as? [String: Any]
            #expect(latest?["success"] as? Bool == false)
            #expect((latest?["failure"] as? [String: Any])?["reason"] as? String == "timeout")
            #expect(list?.last?["latest"] == nil)
            #expect(list?.last?["intervalSeconds"] as? Double == 30)
        }
    }

    @Test func seriesHasEveryPacketInTheWindow() async throws {
        try await Self.withApp { client in
            let body = try await Self.get(client, "/api/v1/probes/ldn-core/series?last=1h") as? [String: Any]
            let results = body?["results"] as? [[String: Any]]
            #expect(results?.count == 2)
            let first = results?.first
            #expect(first?["samplesMs"] as? [Any?] != nil)
            let samples = (first?["samplesMs"] as? [Any])?.map { $0 as? Double }
            #expect(samples == [1.2, nil, 1.8])
            #expect(first?["lossPercent"] as? Double == 33.333)
            let all = try await Self.get(client, "/api/v1/probes/ldn-core/series?last=2h") as? [String: Any]
            #expect((all?["results"] as? [Any])?.count == 3)
        }
    }

    @Test func detailHasReactionEvents() async throws {
        try await Self.withApp { client in
            let body = try await Self.get(client, "/api/v1/probes/ldn-core") as? [String: Any]
            let reactions = body?["reactions"] as? [[String: Any]]
            #expect(reactions?.count == 1)
            #expect(reactions?.first?["state"] as? String == "raised")
            #expect(reactions?.first?["threshold"] as? Double == 50)
        }
    }

    @Test func unknownProbeAndBadWindowAreClearErrors() async throws {
        try await Self.withApp { client in
            let missing = try await Self.get(client, "/api/v1/probes/nope/series", status: .notFound) as? [String: Any]
            #expect((missing?["error"] as? String)?.contains("nope") == true)
            let bad = try await Self.get(client, "/api/v1/probes/ldn-core/series?last=soon", status: .badRequest) as? [String: Any]
            #expect(bad?["parameter"] as? String == "last")
        }
    }
}
