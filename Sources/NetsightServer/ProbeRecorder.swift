import Analytics
import Dispatch
import Foundation
import Logging
import NetsightModel
import Probers
import ServiceLifecycle
import Storage
import Synchronization

/// Takes each finished probe run from the scheduler: counts it in /metrics at once,
/// evaluates the probe's reactions, and queues the result and any reaction events for the
/// store, which it writes once a second in one transaction.
///
/// Batching because 12,000 probes every 10 s are 1,200 results a second: one SQLite commit
/// each would cost more than the probing. The writes run on a queue of their own, never on
/// Swift's cooperative threads (two on this machine): a commit blocking one of them would
/// delay every probe due meanwhile.
public final class ProbeRecorder: ProbeResultSink, Service, Sendable {
    let store: MetadataStore
    let metrics: ProbeMetrics
    let retentionMillis: UInt64
    let logger: Logger
    let flushEvery: Duration
    private let pending = Mutex<(results: [ProbeResult], events: [ProbeReactionRecord])>(([], []))
    private let reactions = Mutex<[String: [ProbeReactionState]]>([:])
    private let writer = DispatchQueue(label: "netsight.probe-store")

    public init(
        store: MetadataStore, metrics: ProbeMetrics, retentionMillis: UInt64, logger: Logger,
        flushEvery: Duration = .seconds(1)
    ) {
        self.store = store
        self.metrics = metrics
        self.retentionMillis = retentionMillis
        self.logger = logger
        self.flushEvery = flushEvery
    }

    public func probeFinished(_ result: ProbeResult, spec: ProbeSpec, startErrorMicros: Int64, skipped: Int) async {
        metrics.record(result, spec: spec, startErrorMicros: startErrorMicros, skipped: skipped)
        let events = evaluate(result, spec: spec)
        for e in events { metrics.reaction(e.probeID, e.reaction, raised: e.raised) }
        pending.withLock {
            $0.results.append(result)
            $0.events += events
        }
    }

    /// Feeds the result to each of the probe's reactions; returns the changes.
    func evaluate(_ result: ProbeResult, spec: ProbeSpec) -> [ProbeReactionRecord] {
        guard !spec.reactions.isEmpty else { return [] }
        let timestamp = Int64(result.startedAt.timeIntervalSince1970 * 1000)
        return reactions.withLock { all in
            var states = all[spec.id] ?? spec.reactions.map(ProbeReactionState.init)
            if states.map(\.spec) != spec.reactions { states = spec.reactions.map(ProbeReactionState.init) }
            var out: [ProbeReactionRecord] = []
            for i in states.indices {
                let r = states[i].spec
                guard let event = states[i].observe(result.value(of: r.metric)) else { continue }
                let (raised, value) =
                    switch event {
                    case .raised(let v): (true, v)
                    case .cleared(let v): (false, v)
                    }
                out.append(ProbeReactionRecord(
                    probeID: spec.id, reaction: r.name, metric: r.metric, severity: r.severity, raised: raised,
                    value: value, threshold: raised ? r.raise : r.clear, timestampMillis: timestamp, labels: spec.labels))
            }
            all[spec.id] = states
            return out
        }
    }

    /// Writes what is queued; called by `run` every second and once more at shutdown.
    public func flush() {
        let (results, events) = pending.withLock { p in
            defer { p = ([], []) }
            return p
        }
        do {
            try store.recordProbeResults(results)
            try store.recordProbeReactions(events)
        } catch {
            metrics.storeErrors.increment()
            logger.error("cannot store probe results", metadata: ["results": "\(results.count)", "error": "\(error)"])
        }
    }

    public func run() async throws {
        var lastRetention = ContinuousClock.now
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            try? await Task.sleep(for: flushEvery)
            let expire = lastRetention.duration(to: .now) > .seconds(3600)
            if expire { lastRetention = .now }
            writer.async { [self] in
                flush()
                if expire {
                    let cutoff = UInt64(Date().timeIntervalSince1970 * 1000) &- retentionMillis
                    _ = try? store.deleteProbeResults(olderThanMillis: cutoff)
                }
            }
        }
        // The last results, after the scheduler has stopped (it stops first).
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            writer.async { [self] in
                flush()
                done.resume()
            }
        }
    }
}
