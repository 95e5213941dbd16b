import Foundation
import NetsightModel
import Probers
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Many ICMP runs at once through one prober: every loopback address answers, so any loss
/// is the prober's (a full receive buffer, a mismatched reply, a lost wake-up).
@Suite(.serialized) struct ProbeICMPScaleTests {
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }

    @Test func fiveHundredLoopbackTargetsInOneBurst() async {
        let prober = ICMPProber()
        defer { prober.close() }
        // 127.0.0.0/8 is all loopback: 500 distinct targets, 127.0.1.1 ... 127.0.2.244.
        let targets = (0..<500).map { "127.0.\(1 + $0 / 250).\(1 + $0 % 250)" }
        let cpuBefore = Self.cpuSeconds()
        let start = Date()
        let results = await withTaskGroup(of: ProbeResult.self) { group in
            for target in targets {
                group.addTask {
                    await prober.run(
                        ProbeSpec(
                            id: target, target: target, options: .icmp(ICMPProbeOptions()), count: 5,
                            spacing: .milliseconds(100), timeout: .seconds(2)),
                        scheduledAt: nil)
                }
            }
            var all: [ProbeResult] = []
            for await result in group { all.append(result) }
            return all
        }
        let wall = Date().timeIntervalSince(start)
        let cpu = Self.cpuSeconds() - cpuBefore
        let received = results.reduce(0) { $0 + $1.received }
        let duplicates = results.reduce(0) { $0 + $1.duplicates }
        let medians = results.compactMap { $0.rtt?.medianMicros }.sorted()
        let p50 = medians.isEmpty ? 0 : medians[medians.count / 2]
        let longest = results.map(\.durationMicros).max() ?? 0
        print(
            "ICMP scale: 500 targets × 5 packets: \(received)/2500 replies, \(duplicates) dups, wall \(wall) s,"
                + " CPU \(cpu) s, median of medians \(p50) µs, longest run \(longest) µs")
        #expect(results.count == 500)
        #expect(received == 2500)
        #expect(duplicates == 0)
        #expect(Set(results.map(\.target)) == Set(targets))
        #expect(results.allSatisfy { $0.address == $0.target })
        // 5 packets 100 ms apart: 0.4 s of sending plus replies; the wait ends early.
        #expect(wall < 5)
    }
}
