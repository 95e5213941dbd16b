import Foundation
import NetsightModel
import Synchronization
import Testing

import Probers

/// The scheduler's contract with fake probers (the real probers are proven against real
/// peers elsewhere in IntegrationTests): every probe runs on its own cadence, a slow probe
/// skips its own slots without delaying the others, and the sink sees every run.
///
/// In IntegrationTests, not ProbersTests, because it runs on the real clock: the unit
/// tests run in parallel and can starve the two cooperative threads of this machine for
/// seconds, which says nothing about the scheduler.
@Suite(.serialized) struct ProbeSchedulerTimingTests {
    /// Sleeps `delay` and succeeds; records when each probe's runs started.
    struct SleepyProber: Prober {
        let delay: Duration
        func run(_ spec: ProbeSpec, scheduledAt: Date?) async -> ProbeResult {
            let started = Date()
            try? await Task.sleep(for: delay)
            return ProbeResult(probeID: spec.id, kind: spec.kind, target: spec.target, scheduledAt: scheduledAt, startedAt: started, success: true)
        }
    }

    final class Collector: ProbeResultSink {
        let runs = Mutex<[(id: String, startErrorMicros: Int64, skipped: Int, scheduledAt: Date?)]>([])
        func probeFinished(_ result: ProbeResult, spec: ProbeSpec, startErrorMicros: Int64, skipped: Int) async {
            runs.withLock { $0.append((spec.id, startErrorMicros, skipped, result.scheduledAt)) }
        }
    }

    @Test func slowProbeSkipsItsOwnSlotsAndDelaysNoOther() async throws {
        let fast = (0..<20).map { ProbeSpec(id: "fast-\($0)", target: "x", options: .tcp, interval: .milliseconds(100)) }
        let slow = ProbeSpec(id: "slow", target: "y", options: .icmp(.init()), interval: .milliseconds(100))
        let sink = Collector()
        let scheduler = ProbeScheduler(
            specs: fast + [slow],
            probers: ProberSet([.tcp: SleepyProber(delay: .milliseconds(1)), .icmp: SleepyProber(delay: .milliseconds(250))]),
            sink: sink)
        let task = Task { try await scheduler.run() }
        try await Task.sleep(for: .milliseconds(1_050))
        task.cancel()
        _ = try? await task.value
        let runs = sink.runs.withLock { $0 }
        let byID = Dictionary(grouping: runs, by: \.id)
        // Counts depend on how loaded the machine is, so only their order is checked: a
        // slow probe that held the others up would leave them no more runs than it had.
        let slowRuns = byID["slow"] ?? []
        #expect(slowRuns.count >= 1 && slowRuns.count <= 4, "slow ran \(slowRuns.count) times")
        for i in 0..<20 {
            let n = byID["fast-\(i)"]?.count ?? 0
            #expect(n >= 3 && n <= 11 && n > slowRuns.count, "fast-\(i) ran \(n) times, slow \(slowRuns.count)")
        }
        // 250 ms runs on a 100 ms interval skip at least two slots each time.
        #expect(slowRuns.dropFirst().allSatisfy { $0.skipped >= 2 })
        // Whatever the load, every run is due on the probe's grid: the next due time is
        // (1 + slots skipped) intervals after the previous one, exactly.
        for (id, list) in byID {
            for (a, b) in zip(list, list.dropFirst()) {
                guard let ta = a.scheduledAt, let tb = b.scheduledAt else { Issue.record("no due time"); continue }
                #expect(abs(tb.timeIntervalSince(ta) - 0.1 * Double(1 + b.skipped)) < 1e-6, "\(id)")
            }
        }
        #expect(scheduler.latestResults().count == 21)
    }

    @Test func missingKindIsASetupFailureNotACrash() async {
        let r = await ProberSet([:]).run(ProbeSpec(id: "d", target: "x", options: .dns(.init(server: "127.0.0.1"))), scheduledAt: nil)
        #expect(!r.success && r.failure?.reason == .setup)
    }
}
