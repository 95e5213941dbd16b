import NetsightModel
import Prometheus
import Synchronization
import WebAPI

/// The probes' series in `/metrics`: per probe, success, RTT, loss and (when the kind has
/// them) jitter, MOS and certificate days of the last run, runs by result and failure
/// reason, skipped slots and raised reactions; across probes, a histogram of how late
/// runs started against their schedule (the start-time error).
///
/// Gauges of the last run rather than histograms per probe, as for devices: 12,000 probes
/// × a dozen buckets would be 150,000 series; the store keeps every run for history.
///
/// The per-probe series live in a table of their own and are rendered by ``emit(into:)``
/// (a ``MetricsSource``), not in the registry: the registry copies a family's series table
/// for every series it adds, which made 12,000 probes cost O(n²) at start (measured: both
/// cores busy for ~45 s, probes late, /metrics unanswered). The two single-series metrics
/// stay in the registry.
public final class ProbeMetrics: MetricsSource, Sendable {
    let startError: DurationHistogram
    let storeErrors: Counter
    private let table = Mutex<Table>(Table())

    struct Row: Sendable {
        /// `probe="…",kind="…"` plus the probe's labels, escaped: for `netsight_probe_success`.
        var allLabels: String
        /// `probe="…"`, escaped.
        var probeLabel: String
        var kind: ProbeKind
        var success: Double = 0
        var rttSeconds: Double = .nan
        var lossRatio: Double = .nan
        var skipped = 0
        var jitterSeconds: Double?
        var mos: Double?
        var certificateDays: Double?
        var runs: [String: Int] = [:]
    }

    struct Table: Sendable {
        var rows: [String: Row] = [:]
        var reactions: [String: [String: Bool]] = [:]
    }

    public init(registry: PrometheusCollectorRegistry) {
        startError = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                metricName: "netsight_probe_start_error", unitName: "seconds",
                helpText: "How late probe runs started against their scheduled time."),
            buckets: [.microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                      .milliseconds(50), .milliseconds(250), .seconds(1)])
        storeErrors = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "netsight_probe_store_errors", unitName: "total",
                helpText: "Probe result batches the store refused."))
    }

    /// Counts one finished run.
    public func record(_ r: ProbeResult, spec: ProbeSpec, startErrorMicros: Int64, skipped: Int) {
        startError.recordNanoseconds(startErrorMicros * 1000)
        let outcome = r.success ? "ok" : (r.failure?.reason.rawValue ?? "failed")
        table.withLock { t in
            var row = t.rows[spec.id] ?? Self.row(spec)
            row.success = r.success ? 1 : 0
            row.rttSeconds = (r.rtt?.meanMicros ?? .nan) / 1e6
            row.lossRatio = r.sent == 0 ? .nan : r.lossPercent / 100
            row.skipped += skipped
            if let jitter = r.jitter {
                row.jitterSeconds =
                    max(jitter.sourceToDestination.jitterMicros, jitter.destinationToSource.jitterMicros) / 1e6
                row.mos = jitter.mos
            }
            if let days = r.http?.tls?.daysLeft { row.certificateDays = days }
            row.runs[outcome, default: 0] += 1
            t.rows[spec.id] = row
        }
    }

    /// Sets a reaction's raised gauge.
    public func reaction(_ probe: String, _ reaction: String, raised: Bool) {
        table.withLock { $0.reactions[probe, default: [:]][reaction] = raised }
    }

    public func emit(into buffer: inout [UInt8]) {
        let t = table.withLock { $0 }
        guard !t.rows.isEmpty || !t.reactions.isEmpty else { return }
        let rows = t.rows.sorted { $0.key < $1.key }.map(\.value)
        var out = ""
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(String, Double)]) {
            guard !samples.isEmpty else { return }
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for (labels, value) in samples { out += "\(name){\(labels)} \(Self.number(value))\n" }
        }
        family(
            "netsight_probe_success", "gauge", "1 when the probe's last run succeeded, else 0, with the probe's labels.",
            rows.map { ($0.allLabels, $0.success) })
        family(
            "netsight_probe_rtt_average_seconds", "gauge",
            "Mean round-trip (or connect, query, total) time of the last run; NaN when nothing came back.",
            rows.map { ($0.probeLabel, $0.rttSeconds) })
        family(
            "netsight_probe_loss_ratio", "gauge", "Share of the last run's packets or attempts that got no answer.",
            rows.map { ($0.probeLabel, $0.lossRatio) })
        family(
            "netsight_probe_skipped_runs_total", "counter", "Runs skipped because the previous run overran the interval.",
            rows.map { ($0.probeLabel, Double($0.skipped)) })
        family(
            "netsight_probe_jitter_seconds", "gauge", "RFC 3550 jitter of the last UDP jitter run, the larger direction.",
            rows.compactMap { r in r.jitterSeconds.map { (r.probeLabel, $0) } })
        family(
            "netsight_probe_mos", "gauge", "E-model MOS of the last UDP jitter run.",
            rows.compactMap { r in r.mos.map { (r.probeLabel, $0) } })
        family(
            "netsight_probe_certificate_days_left", "gauge", "Days until the earliest certificate of the chain expires.",
            rows.compactMap { r in r.certificateDays.map { (r.probeLabel, $0) } })
        family(
            "netsight_probe_runs_total", "counter", "Probe runs, by result: ok or the failure reason.",
            rows.flatMap { r in
                r.runs.sorted { $0.key < $1.key }.map {
                    ("\(r.probeLabel),kind=\"\(r.kind.rawValue)\",result=\"\($0.key)\"", Double($0.value))
                }
            })
        family(
            "netsight_probe_reaction_raised", "gauge", "1 while the probe's reaction is raised.",
            t.reactions.sorted { $0.key < $1.key }.flatMap { probe, reactions in
                reactions.sorted { $0.key < $1.key }.map {
                    ("probe=\"\(Self.escape(probe))\",reaction=\"\(Self.escape($0.key))\"", $0.value ? 1.0 : 0.0)
                }
            })
        buffer += Array(out.utf8)
    }

    private static func row(_ spec: ProbeSpec) -> Row {
        let probe = "probe=\"\(escape(spec.id))\""
        let extra = spec.labels.sorted { $0.key < $1.key }.filter { labelNameOK($0.key) }
            .map { ",\($0.key)=\"\(escape($0.value))\"" }.joined()
        return Row(allLabels: probe + ",kind=\"\(spec.kind.rawValue)\"" + extra, probeLabel: probe, kind: spec.kind)
    }

    /// Prometheus label names: letters, digits, underscores, not starting with a digit or
    /// `__`; a config label that is not one stays in the store and API only.
    static func labelNameOK(_ name: String) -> Bool {
        guard let first = name.first, !first.isNumber, !name.hasPrefix("__"), !["probe", "kind"].contains(name) else {
            return false
        }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    /// The text format's label value escapes: backslash, double quote, newline.
    static func escape(_ value: String) -> String {
        var out = ""
        for c in value {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    /// Whole numbers without a fraction (`1`, `42`), NaN as `NaN`, others as Swift prints them.
    static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
