import Foundation
import NetsightModel
import Probers
import Testing

/// The UDP jitter prober and responder with `scripts/peers/udp_relay.py` between them on
/// loopback (the kernel here has no netem): the relay injects known delay, jitter and
/// loss, and the prober must measure them in the right direction.
///
/// Relay delay is `--delay-ms D` plus uniform 0...`--jitter-ms J` per datagram, each
/// datagram drawn independently.
@Suite(.serialized)
struct ProbeUDPJitterRelayTests {
    /// (a) 20 ms ± 5 ms each way: `--delay-ms 15 --jitter-ms 10 --both`, 150 packets 10 ms apart.
    ///
    /// Expected values, X and Y the two one-way delays, each uniform on [15, 25] ms:
    /// - RTT = X + Y is triangular on [30, 50] ms with median 40 ms. The sample median of
    ///   150 has a standard deviation of 1 / (2 f(40) √150) = 0.41 ms (f(40) = 0.1 per ms);
    ///   the relay (Python, woken by select) and the event loops add about 1 ms each way on
    ///   this 2-core machine, and only ever add. Accepted: 38.5-44 ms.
    /// - RFC 3550 jitter: |D| = |Xᵢ − Xᵢ₋₁| for independent uniforms of width W = 10 ms has
    ///   mean W/3 = 3.33 ms and standard deviation W/√18 = 2.36 ms; the 1/16 filter then
    ///   has a stationary spread of about 2.36 / √31 = 0.42 ms. Accepted: 3.33 ± 1.5 ms
    ///   (3.5 σ) per direction. (Reordering cannot happen: packets 10 ms apart with delays
    ///   within a 10 ms window keep their order.)
    /// - IP SLA average delay variation (Σ|v| / n over ~149 consecutive pairs) has the
    ///   same mean W/3 and, averaged, a spread near 0.25 ms; scheduling noise only adds
    ///   (measured 3.7 ms here). Accepted: 2.33-4.63 ms.
    /// - One-way delay (same host, so clocks agree): mean of 150 uniforms on [15, 25]:
    ///   20 ms ± 0.24 ms (1 σ) plus the relay's ~1 ms. Accepted: 19.2-23 ms.
    @Test func delayAndJitterBothWays() async throws {
        guard let python = Peers.python else { return }
        let (result, _) = try await Self.measure(
            python: python, relay: ["--delay-ms", "15", "--jitter-ms", "10", "--both"], count: 150, trustClocks: true)
        #expect(result.success)
        #expect(result.received == 150)
        let rtt = try #require(result.rtt)
        let jitter = try #require(result.jitter)
        print(String(format: "udp-jitter (a) 20±5 ms each way: RTT median %.3f ms (expected 40), mean %.3f ms", rtt.medianMicros / 1000, rtt.meanMicros / 1000))
        #expect(rtt.medianMicros >= 38_500 && rtt.medianMicros <= 44_000)
        for (name, d) in [("SD", jitter.sourceToDestination), ("DS", jitter.destinationToSource)] {
            let average = Double(d.positiveSumMicros + d.negativeSumMicros) / Double(max(1, d.positiveCount + d.negativeCount))
            let oneWay = try #require(d.oneWayDelayMicros)
            print(String(format: "udp-jitter (a) %@: RFC 3550 jitter %.3f ms (expected 3.33), IP SLA avg %.3f ms (expected 3.33), one-way %.3f ms (expected 20), +%d/-%d",
                         name, d.jitterMicros / 1000, average / 1000, oneWay / 1000, d.positiveCount, d.negativeCount))
            #expect(d.jitterMicros >= 1_830 && d.jitterMicros <= 4_830, "\(name)")
            #expect(average >= 2_330 && average <= 4_630, "\(name)")
            #expect(oneWay >= 19_200 && oneWay <= 23_000, "\(name)")
            #expect(d.lost == 0)
        }
    }

    /// (b) 10 % random loss towards the responder only (`--loss 0.1`, no `--both`), 200
    /// packets. Loss ~ Binomial(200, 0.1): mean 20, σ = √(200 · 0.1 · 0.9) = 4.24; accepted
    /// 6-34 (± 3.3 σ). The relay's generator is seeded, so the exact packets it drops are
    /// also known (Python's `random.Random(seed)`, one draw per request) and must be the
    /// ones the prober reports lost, all of them source→destination.
    @Test func randomLossForwardOnly() async throws {
        guard let python = Peers.python else { return }
        let seed = Int.random(in: 1...1_000_000)
        let (result, answered) = try await Self.measure(
            python: python, relay: ["--loss", "0.1", "--seed", "\(seed)"], count: 200, trustClocks: false)
        let dropped = try runTool(python, [
            "-c", "import random; r = random.Random(\(seed)); print(' '.join(str(i) for i in range(200) if r.random() < 0.1))",
        ]).split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let jitter = try #require(result.jitter)
        let lost = result.samplesMicros.indices.filter { result.samplesMicros[$0] == nil }
        print("udp-jitter (b) 10% forward loss, seed \(seed): lost \(lost.count)/200 (relay dropped \(dropped.count)); SD lost \(jitter.sourceToDestination.lost), DS lost \(jitter.destinationToSource.lost)")
        #expect(lost.count >= 6 && lost.count <= 34)
        #expect(lost == dropped)
        #expect(jitter.sourceToDestination.lost == lost.count)
        #expect(jitter.destinationToSource.lost == 0)
        #expect(answered == 200 - lost.count)
        #expect(result.lossPercent == Double(lost.count) / 2)
    }

    /// (c) `--drop-every 4`: requests 4, 8, 12, ... (sequences 3, 7, 11, ...) are dropped:
    /// exactly 25 of 100, all source→destination.
    @Test func dropEveryFourthIsExact() async throws {
        guard let python = Peers.python else { return }
        let (result, _) = try await Self.measure(python: python, relay: ["--drop-every", "4"], count: 100, trustClocks: false)
        let lost = result.samplesMicros.indices.filter { result.samplesMicros[$0] == nil }
        print("udp-jitter (c) drop every 4th: lost \(lost.count)/100 (expected 25), loss \(result.lossPercent)%")
        #expect(lost == Array(stride(from: 3, to: 100, by: 4)))
        #expect(result.jitter?.sourceToDestination.lost == 25)
        #expect(result.jitter?.destinationToSource.lost == 0)
        #expect(result.lossPercent == 25)
    }

    /// (d) Voice quality falls as delay and loss rise, for G.711 and G.729A, and ICPIF rises.
    /// Expected from the injected values (docs/probe-math.md's chain, one-way = RTT / 2,
    /// jitter ≈ 0): no impairment G.711 MOS 4.400 / ICPIF 0.48, G.729A 4.083 / 11.6; 200 ms
    /// each way G.711 4.140 / 9.98, G.729A 3.669 / 21.65. Accepted ± 0.1 MOS and ± 2 ICPIF:
    /// past 177 ms each extra millisecond of mouth-to-ear delay costs 0.134 R, about 0.006
    /// MOS for G.729A, and the relay's ~1 ms per hop plus 2 × its ~1-2 ms scheduling jitter
    /// (the jitter buffer) add up to ~6 ms (measured MOS 3.632 once): 0.1 is ~16 ms. 20 % forward loss (same seed for both codecs, so
    /// the same packets): G.711 without PLC suffers more than G.729A (Bpl 4.3 vs 19).
    @Test func voiceQualityFallsWithDelayAndLoss() async throws {
        guard let python = Peers.python else { return }
        let scenarios: [(name: String, relay: [String], mos: [String: Double], icpif: [String: Double])] = [
            ("clean", [], ["g711": 4.3998, "g729a": 4.083], ["g711": 0.48, "g729a": 11.6]),
            ("200 ms each way", ["--delay-ms", "200", "--both"], ["g711": 4.1398, "g729a": 3.669], ["g711": 9.977, "g729a": 21.647]),
            ("20% loss", ["--loss", "0.2", "--seed", "\(Int.random(in: 1...1_000_000))"], [:], [:]),
        ]
        var measured: [String: [String: JitterSummary]] = [:]
        for scenario in scenarios {
            for codec in ["g711", "g729a"] {
                let (result, _) = try await Self.measure(python: python, relay: scenario.relay, count: 40, codec: codec, trustClocks: false)
                let jitter = try #require(result.jitter, "\(scenario.name) \(codec)")
                measured[scenario.name, default: [:]][codec] = jitter
                print(String(format: "udp-jitter (d) %@ %@: loss %.1f%%, RTT mean %.3f ms, MOS %.4f (expected %.4f), ICPIF %.3f (expected %.3f)",
                             scenario.name, codec, result.lossPercent, (result.rtt?.meanMicros ?? 0) / 1000, jitter.mos,
                             scenario.mos[codec] ?? .nan, jitter.icpif, scenario.icpif[codec] ?? .nan))
                if let mos = scenario.mos[codec], let icpif = scenario.icpif[codec] {
                    #expect(abs(jitter.mos - mos) <= 0.1, "\(scenario.name) \(codec)")
                    #expect(abs(jitter.icpif - icpif) <= 2, "\(scenario.name) \(codec)")
                }
            }
        }
        for codec in ["g711", "g729a"] {
            let clean = try #require(measured["clean"]?[codec])
            for worse in ["200 ms each way", "20% loss"] {
                let impaired = try #require(measured[worse]?[codec])
                #expect(impaired.mos < clean.mos, "\(worse) \(codec)")
                #expect(impaired.icpif > clean.icpif, "\(worse) \(codec)")
            }
        }
        #expect(measured["clean"]?["g729a"]?.codec == "G.729A")
        let lossy711 = try #require(measured["20% loss"]?["g711"])
        let lossy729 = try #require(measured["20% loss"]?["g729a"])
        #expect(lossy711.sourceToDestination.lost == lossy729.sourceToDestination.lost)
        #expect(lossy711.mos < lossy729.mos)
    }

    // MARK: - Support

    /// Starts a responder and a relay in front of it, runs one burst through the relay
    /// (10 ms spacing, 1 s timeout: enough for the 400 ms round trips of (d)), stops both. Returns the result and how many requests the responder
    /// answered.
    static func measure(
        python: String, relay arguments: [String], count: Int, codec: String = "g711", trustClocks: Bool
    ) async throws -> (ProbeResult, answered: Int) {
        let directory = try Peers.temporaryDirectory("udp-jitter")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let responder = UDPJitterResponder(host: "127.0.0.1", port: 0)
        let task = Task { try await responder.run() }
        defer { task.cancel() }
        let responderPort = try #require(await responder.boundPort())
        let ready = directory + "/relay.port"
        let relay = try PeerProcess(
            python, [Peers.script("peers/udp_relay.py"), "0", "\(responderPort)", "--ready", ready] + arguments,
            logDirectory: directory)
        defer { relay.stop() }
        let deadline = Date().addingTimeInterval(5)
        while !FileManager.default.fileExists(atPath: ready) && Date() < deadline && relay.isRunning {
            try await Task.sleep(for: .milliseconds(20))
        }
        let relayPort = try #require(
            (try? String(contentsOfFile: ready, encoding: .utf8)).flatMap { Int($0) }, "relay did not start: \(relay.log)")
        let spec = ProbeSpec(
            id: "udp-jitter", target: "127.0.0.1:\(relayPort)",
            options: .udpJitter(UDPJitterProbeOptions(codec: codec, trustClocks: trustClocks)),
            count: count, spacing: .milliseconds(10), timeout: .seconds(1))
        let result = await UDPJitterProber().run(spec, scheduledAt: nil)
        relay.stop()
        task.cancel()
        _ = await task.result
        return (result, responder.answered)
    }
}
