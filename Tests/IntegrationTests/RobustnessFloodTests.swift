import Analytics
import Foundation
import NetsightModel
import Storage
import Testing

/// A million hostile datagrams at a running server over loopback: it must not crash or
/// hang, `/metrics` must count every datagram that reached the socket and the errors by
/// reason, and valid flows sent afterwards must still be decoded and stored.
@Suite(.serialized)
struct RobustnessFloodTests {
    /// The issue asks for 1,000,000. `NETSIGHT_FLOOD_DATAGRAMS` overrides it (a debug build
    /// on a busy 2-core machine handles about 10-20k hostile datagrams a second).
    static let datagramCount = ProcessInfo.processInfo.environment["NETSIGHT_FLOOD_DATAGRAMS"].flatMap { Int($0) } ?? defaultCount
    #if DEBUG
    /// Unoptimised, the in-process server and generator manage about 4k datagrams a second
    /// here; 100,000 keeps the suite's time budget.
    static let defaultCount = 100_000
    #else
    static let defaultCount = 1_000_000
    #endif

    /// The limit allows an overridden 1,000,000-datagram run of a debug build (about 3 minutes
    /// here); the default run takes 15-25 s.
    @Test(.timeLimit(.minutes(5)))
    func garbageFloodIsCountedAndServerKeepsStoring() async throws {
        let dir = try Peers.temporaryDirectory("flood")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try await RunningServer(dataDirectory: dir + "/data")
        let port = server.netflowPort
        let before = try #require(UDPSocketStats.read(port: port), "no /proc/net/udp entry for port \(port)")
        var generator = GarbageGenerator(seed: 0x6E65_7473_6967_6874, fixtures: try GarbageGenerator.loadFixtures())

        let started = ContinuousClock.now
        let (sent, made) = try await Self.flood(&generator, port: port, count: Self.datagramCount)
        let sendTime = ContinuousClock.now - started

        // Wait until the socket's queue is empty and the counter has caught up with what arrived.
        var after = before
        var metrics = try await MetricsSnapshot.fetch(httpPort: server.httpPort)
        for _ in 0..<200 {
            after = UDPSocketStats.read(port: port) ?? after
            metrics = try await MetricsSnapshot.fetch(httpPort: server.httpPort)
            if after.rxQueueBytes == 0, Int(metrics["netsight_flow_datagrams_total"]) == sent - (after.drops - before.drops) {
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let kernelDrops = after.drops - before.drops
        let arrived = sent - kernelDrops
        print("flood: sent \(sent) in \(sendTime), kernel dropped \(kernelDrops); kinds \(made); errors \(metrics.decodeErrors)")
        #expect(sent == Self.datagramCount)
        #expect(Int(metrics["netsight_flow_datagrams_total"]) == arrived, "datagram counter vs. datagrams that reached the socket")
        #expect(kernelDrops < sent / 20, "the sender's pacing should keep kernel drops small, got \(kernelDrops)")

        let errors = metrics.decodeErrors
        for reason in ["truncated", "bad_version", "bad_length", "unknown_template", "bad_template", "bad_sample"] {
            #expect((errors[reason] ?? 0) > 0, "no \(reason) errors counted: \(errors)")
        }
        #expect(errors.values.reduce(0, +) > Double(sent) / 2, "most garbage should be counted as errors: \(errors)")

        // Valid flows after the flood: v5, and v9 with a fresh template, are decoded and stored.
        let sender = try UDPSender()
        let v5Flows = FlowDatagrams.flows(count: 300, firstSource: "100.77.0.1", dstPort: 7777)
        let v9Flows = FlowDatagrams.flows(count: 40, firstSource: "100.78.0.1", dstPort: 7777)
        let t = nowMillis()
        for d in FlowDatagrams.v5Datagrams(v5Flows, nowMillis: t) { sender.send(d, port: port) }
        sender.send(FlowDatagrams.v9Template(templateID: 1000, sourceID: 4242, nowMillis: t), port: port)
        sender.send(FlowDatagrams.v9Data(v9Flows[...], templateID: 1000, sourceID: 4242, nowMillis: t, sequence: 1), port: port)

        let expected = v5Flows + v9Flows
        var missing = expected.count
        var wrong: [String] = []
        for _ in 0..<100 {
            // Keyed by source and port: a mutated garbage record may share one of them, not both.
            let q = try TopNQuery(keys: [.srcip, .dstport], metric: .flows, limit: 0, fromMillis: t - 3_600_000, toMillis: t + 3_600_000)
            let rows = try server.engine.top(q).result.rows
            var bySource: [String: (flows: UInt64, bytes: UInt64)] = [:]
            for r in rows where r.keyValues[1] == "7777" { bySource[r.keyValues[0]] = (r.flows, r.bytes) }
            missing = 0
            wrong = []
            for f in expected {
                guard let got = bySource[f.srcText] else {
                    missing += 1
                    continue
                }
                if got.flows != 1 || got.bytes != UInt64(f.bytes) { wrong.append("\(f.srcText): \(got)") }
            }
            if missing == 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(missing == 0, "\(missing) of \(expected.count) valid flows sent after the flood were not stored")
        #expect(wrong.count == 0, "stored with wrong values: \(wrong.prefix(5))")
        try await server.stop()
    }

    /// Sends `count` generated datagrams from a thread of its own (the sender must not hold
    /// a cooperative thread the server needs), pacing itself on the socket's queue so the
    /// kernel drops little. Returns how many `sendto` accepted and the kinds made.
    static func flood(_ generator: inout GarbageGenerator, port: Int, count: Int) async throws
        -> (sent: Int, made: [GarbageGenerator.Kind: Int])
    {
        let sender = try UDPSender()
        let box = Locked(generator)
        let sent: Int = await withCheckedContinuation { continuation in
            let thread = Thread {
                var g = box.value
                var ok = 0
                for i in 0..<count {
                    if sender.send(g.next(), port: port) { ok += 1 }
                    if i % 64 == 63 {
                        // Hold off while the socket's queue is over 1 MiB of its ~8 MiB.
                        var spins = 0
                        while let s = UDPSocketStats.read(port: port), s.rxQueueBytes > 1 << 20, spins < 20_000 {
                            usleep(100)
                            spins += 1
                        }
                    }
                }
                box.value = g
                continuation.resume(returning: ok)
            }
            thread.start()
        }
        generator = box.value
        return (sent, generator.made)
    }
}
