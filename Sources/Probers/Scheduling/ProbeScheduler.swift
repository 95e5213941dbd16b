import Foundation
import Logging
import NetsightModel
import ServiceLifecycle
import Synchronization

/// Runs every configured probe on its interval, each in its own child task, and hands
/// each result to the sink: the `Service` `netsight serve` runs.
///
/// Each probe's task sleeps until its own due time (see ``ProbeSchedule``), runs one
/// burst, and goes back to sleep; a slow or stuck target delays only its own probe (every
/// prober bounds its waits by the spec's timeout). The latest result of every probe is
/// kept for the API.
public final class ProbeScheduler: Service, Sendable {
    public let specs: [ProbeSpec]
    let probers: ProberSet
    let sink: any ProbeResultSink
    let clock: any Clock<Duration>
    let now: @Sendable () -> Date
    let logger: Logger
    let latest = Mutex<[String: ProbeResult]>([:])

    /// - Parameters:
    ///   - specs: the probes; ids must be unique (they key results).
    ///   - clock: paces the schedule (tests pass a fast clock).
    ///   - now: wall clock, for the results' `scheduledAt`.
    public init(
        specs: [ProbeSpec], probers: ProberSet, sink: any ProbeResultSink, clock: any Clock<Duration> = ContinuousClock(),
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "netsight.probes")
    ) {
        self.specs = specs
        self.probers = probers
        self.sink = sink
        self.clock = clock
        self.now = now
        self.logger = logger
    }

    /// The latest result of every probe that has run, by probe id.
    public func latestResults() -> [String: ProbeResult] {
        latest.withLock { $0 }
    }

    public func run() async throws {
        logger.info("running probes", metadata: ["probes": "\(specs.count)"])
        await cancelWhenGracefulShutdown { [self] in
            await withDiscardingTaskGroup { group in
                for (index, spec) in specs.enumerated() {
                    let offset = ProbeSchedule.startOffset(index: index, of: specs.count, interval: spec.interval)
                    group.addTask { await self.probeForever(spec, offset: offset, clock: self.clock) }
                }
            }
        }
    }

    func probeForever<C: Clock>(_ spec: ProbeSpec, offset: Duration, clock: C) async where C.Duration == Duration {
        // Wall time of each due instant, from one reading of both clocks: results carry when
        // they were meant to run, not when the task happened to wake.
        let monoAnchor = clock.now
        let wallAnchor = now()
        var due = monoAnchor.advanced(by: offset)
        var skipped = 0
        var previouslyFailed = false
        while !Task.isCancelled {
            do { try await clock.sleep(until: due, tolerance: nil) } catch { return }
            let woke = clock.now
            let lateness = max(.zero, due.duration(to: woke))
            let scheduledAt = wallAnchor.addingTimeInterval(monoAnchor.duration(to: due).timeInterval)
            let result = await probers.run(spec, scheduledAt: scheduledAt)
            if Task.isCancelled { return }
            latest.withLock { $0[spec.id] = result }
            if result.success == previouslyFailed {
                if result.success {
                    logger.info("probe recovered", metadata: ["probe": "\(spec.id)"])
                } else {
                    logger.warning(
                        "probe failed", metadata: ["probe": "\(spec.id)", "error": "\(result.failure?.message ?? "")"])
                }
            }
            previouslyFailed = !result.success
            await sink.probeFinished(
                result, spec: spec, startErrorMicros: lateness.microseconds, skipped: skipped)
            (due, skipped) = ProbeSchedule.next(afterDue: due, endedAt: clock.now, interval: spec.interval)
        }
    }
}
