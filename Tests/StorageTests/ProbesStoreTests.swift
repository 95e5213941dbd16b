import Foundation
import NetsightModel
import Testing

@testable import Storage

/// `MetadataStore+Probes.swift`: configured probes, results and reaction events in and out.
@Suite struct ProbesStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func result(_ id: String, at seconds: Double, success: Bool = true, rtt: [Int64?] = [1200, 1500, nil])
        -> ProbeResult
    {
        let got = rtt.compactMap { $0 }.sorted()
        return ProbeResult(
            probeID: id, kind: .icmp, target: "192.0.2.7", address: "192.0.2.7",
            scheduledAt: t0.addingTimeInterval(seconds), startedAt: t0.addingTimeInterval(seconds + 0.002),
            durationMicros: 2_000_100, success: success,
            failure: success ? nil : ProbeFailure(.timeout, "timeout after 2000 ms"), sent: rtt.count,
            received: got.count, samplesMicros: rtt,
            rtt: got.isEmpty
                ? nil
                : RTTSummary(
                    minMicros: Double(got.first!), medianMicros: Double(got[got.count / 2]), meanMicros: 1350,
                    maxMicros: Double(got.last!), stddevMicros: 150))
    }

    @Test func syncKeepsHistoryOfProbesNoLongerConfigured() throws {
        let dir = try TemporaryDirectory()
        let store = try MetadataStore(path: dir.path + "/m.sqlite")
        let a = ProbeSpec(id: "a", target: "192.0.2.7", options: .icmp(.init()), labels: ["site": "ldn"])
        let b = ProbeSpec(id: "b", target: "192.0.2.8:443", options: .tcp, interval: .seconds(10), count: 3)
        try store.syncProbes([a, b])
        try store.recordProbeResults([Self.result("a", at: 0)])
        try store.syncProbes([b])
        let probes = try store.probes()
        #expect(probes.map(\.id) == ["b", "a"])
        #expect(probes[0].configured && !probes[1].configured)
        #expect(probes[0].intervalMillis == 10_000 && probes[0].count == 3 && probes[0].kind == .tcp)
        #expect(probes[1].labels == ["site": "ldn"])
        #expect(probes[1].latest == Self.result("a", at: 0))
    }

    @Test func resultsRoundTripInTimeOrderAndLatestIsTheNewest() throws {
        let dir = try TemporaryDirectory()
        let store = try MetadataStore(path: dir.path + "/m.sqlite")
        try store.syncProbes([ProbeSpec(id: "a", target: "x", options: .icmp(.init()))])
        let r = (0..<5).map { Self.result("a", at: Double($0) * 10, success: $0 != 3) }
        // Written out of order (two batches): the latest must still be the newest run.
        try store.recordProbeResults([r[4], r[2]])
        try store.recordProbeResults([r[0], r[1], r[3]])
        let ms = UInt64(Self.t0.timeIntervalSince1970 * 1000)
        #expect(try store.probeResults(id: "a", fromMillis: ms, toMillis: ms + 60_000) == r)
        #expect(try store.probeResults(id: "a", fromMillis: ms + 15_000, toMillis: ms + 35_000) == [r[2], r[3]])
        #expect(try store.probe(id: "a")?.latest == r[4])
        #expect(try store.deleteProbeResults(olderThanMillis: ms + 25_000) == 3)
        #expect(try store.probeResults(id: "a", fromMillis: 0, toMillis: .max / 2).count == 2)
    }

    @Test func reactionEventsTrackRaisedReactions() throws {
        let dir = try TemporaryDirectory()
        let store = try MetadataStore(path: dir.path + "/m.sqlite")
        try store.syncProbes([ProbeSpec(id: "a", target: "x", options: .icmp(.init()))])
        func event(_ name: String, raised: Bool, at t: Int64) -> ProbeReactionRecord {
            ProbeReactionRecord(
                probeID: "a", reaction: name, metric: .lossPercent, severity: "critical", raised: raised, value: 40,
                threshold: 20, timestampMillis: t, labels: ["site": "ldn"])
        }
        try store.recordProbeReactions([event("loss", raised: true, at: 1), event("rtt", raised: true, at: 2)])
        #expect(try store.probe(id: "a")?.raisedReactions == ["loss", "rtt"])
        try store.recordProbeReactions([event("loss", raised: false, at: 3)])
        #expect(try store.probe(id: "a")?.raisedReactions == ["rtt"])
        let events = try store.probeReactions(fromMillis: 0, toMillis: 10)
        #expect(events.map(\.reaction) == ["loss", "rtt", "loss"])
        #expect(events.map(\.raised) == [true, true, false])
        #expect(events[0].labels == ["site": "ldn"])
        #expect(try store.probeReactions(id: "b", fromMillis: 0, toMillis: 10).isEmpty)
    }
}
