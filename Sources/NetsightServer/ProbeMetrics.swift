import NetsightModel
import Prometheus
import Synchronization

/// The probes' series in `/metrics`: per probe, success, RTT, loss and (when the kind has
/// them) jitter, MOS and certificate days of the last run, runs by result and failure
/// reason, skipped slots and raised reactions; across probes, a histogram of how late
/// runs started against their schedule (the start-time error).
///
/// Gauges of the last run rather than histograms per probe, as for devices: 12,000 probes
/// × a dozen buckets would be 150,000 series; the store keeps every run for history.
public final class ProbeMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    let startError: DurationHistogram
    let storeErrors: Counter
    private let cache = Mutex<[String: Series]>([:])
    private let outcomes = Mutex<[String: Counter]>([:])
    private let reactionGauges = Mutex<[String: Gauge]>([:])

    struct Series: Sendable {
        var success: Gauge
        var rtt: Gauge
        var loss: Gauge
        var skipped: Counter
        var jitter: Gauge?
        var mos: Gauge?
        var certificateDays: Gauge?
    }

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        startError = registry.makeDurationHistogram(
            descriptor: Self.descriptor(
                "netsight_probe_start_error", "seconds",
                "How late probe runs started against their scheduled time."),
            buckets: [.microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                      .milliseconds(50), .milliseconds(250), .seconds(1)])
        storeErrors = registry.makeCounter(
            descriptor: Self.descriptor("netsight_probe_store_errors", "total", "Probe result batches the store refused."))
    }

    /// Counts one finished run.
    public func record(_ r: ProbeResult, spec: ProbeSpec, startErrorMicros: Int64, skipped: Int) {
        startError.recordNanoseconds(startErrorMicros * 1000)
        let s = series(spec)
        s.success.set(to: r.success ? 1 : 0)
        s.rtt.set(to: (r.rtt?.meanMicros ?? .nan) / 1e6)
        s.loss.set(to: r.sent == 0 ? .nan : r.lossPercent / 100)
        if skipped > 0 { s.skipped.increment(by: Int64(skipped)) }
        if let jitter = r.jitter {
            s.jitter?.set(to: max(jitter.sourceToDestination.jitterMicros, jitter.destinationToSource.jitterMicros) / 1e6)
            s.mos?.set(to: jitter.mos)
        }
        if let days = r.http?.tls?.daysLeft { s.certificateDays?.set(to: days) }
        let outcome = r.success ? "ok" : (r.failure?.reason.rawValue ?? "failed")
        outcomes.withLock { all in
            let key = spec.id + "\u{0}" + outcome
            if let c = all[key] { return c }
            let c = registry.makeCounter(
                descriptor: Self.runs, labels: [("probe", spec.id), ("kind", spec.kind.rawValue), ("result", outcome)])
            all[key] = c
            return c
        }.increment()
    }

    /// Sets a reaction's raised gauge.
    public func reaction(_ probe: String, _ reaction: String, raised: Bool) {
        reactionGauges.withLock { all in
            let key = probe + "\u{0}" + reaction
            if let g = all[key] { return g }
            let g = registry.makeGauge(descriptor: Self.raised, labels: [("probe", probe), ("reaction", reaction)])
            all[key] = g
            return g
        }.set(to: raised ? 1 : 0)
    }

    private func series(_ spec: ProbeSpec) -> Series {
        cache.withLock { all in
            if let s = all[spec.id] { return s }
            let labels = [("probe", spec.id), ("kind", spec.kind.rawValue)]
                + spec.labels.sorted { $0.key < $1.key }.filter { Self.labelNameOK($0.key) }.map { ($0.key, $0.value) }
            let id = [("probe", spec.id)]
            let s = Series(
                success: registry.makeGauge(descriptor: Self.success, labels: labels),
                rtt: registry.makeGauge(descriptor: Self.rtt, labels: id),
                loss: registry.makeGauge(descriptor: Self.loss, labels: id),
                skipped: registry.makeCounter(descriptor: Self.skipped, labels: id),
                jitter: spec.kind == .udpJitter ? registry.makeGauge(descriptor: Self.jitter, labels: id) : nil,
                mos: spec.kind == .udpJitter ? registry.makeGauge(descriptor: Self.mos, labels: id) : nil,
                certificateDays: spec.kind == .http ? registry.makeGauge(descriptor: Self.certificateDays, labels: id) : nil)
            all[spec.id] = s
            return s
        }
    }

    /// Prometheus label names: letters, digits, underscores, not starting with a digit or
    /// `__`; a config label that is not one stays in the store and API only.
    static func labelNameOK(_ name: String) -> Bool {
        guard let first = name.first, !first.isNumber, !name.hasPrefix("__"), !["probe", "kind"].contains(name) else {
            return false
        }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    static var success: MetricNameDescriptor { descriptor("netsight_probe_success", "", "1 when the probe's last run succeeded, else 0, with the probe's labels.") }
    static var rtt: MetricNameDescriptor { descriptor("netsight_probe_rtt_average", "seconds", "Mean round-trip (or connect, query, total) time of the last run; NaN when nothing came back.") }
    static var loss: MetricNameDescriptor { descriptor("netsight_probe_loss", "ratio", "Share of the last run's packets or attempts that got no answer.") }
    static var skipped: MetricNameDescriptor { descriptor("netsight_probe_skipped_runs", "total", "Runs skipped because the previous run overran the interval.") }
    static var jitter: MetricNameDescriptor { descriptor("netsight_probe_jitter", "seconds", "RFC 3550 jitter of the last UDP jitter run, the larger direction.") }
    static var mos: MetricNameDescriptor { descriptor("netsight_probe_mos", "", "E-model MOS of the last UDP jitter run.") }
    static var certificateDays: MetricNameDescriptor { descriptor("netsight_probe_certificate_days_left", "", "Days until the earliest certificate of the chain expires.") }
    static var runs: MetricNameDescriptor { descriptor("netsight_probe_runs", "total", "Probe runs, by result: ok or the failure reason.") }
    static var raised: MetricNameDescriptor { descriptor("netsight_probe_reaction_raised", "", "1 while the probe's reaction is raised.") }

    private static func descriptor(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: unit, helpText: help)
    }
}
