import NetsightModel
import Prometheus
import Synchronization

/// `/metrics` for alert evaluation: how many alerts are in each state by severity (muted
/// and suppressed ones counted apart, so a dashboard shows the noise that was kept away),
/// and how long an evaluation takes against its interval.
public final class AlertingMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let gauges = Mutex<[String: Gauge]>([:])
    private let duration: Gauge
    private let evaluations: Counter
    private let failures: Counter

    static var alerts: MetricNameDescriptor { MetricNameDescriptor(
        metricName: "netsight_alerts", unitName: "",
        helpText: "Alerts by state (pending, firing, resolved), severity and whether they are muted or suppressed (yes/no).") }

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        duration = registry.makeGauge(descriptor: MetricNameDescriptor(
            metricName: "netsight_alert_evaluation_duration", unitName: "seconds",
            helpText: "How long the last alert evaluation took (rules, root cause, silences, grouping, store)."))
        evaluations = registry.makeCounter(descriptor: MetricNameDescriptor(
            metricName: "netsight_alert_evaluations", unitName: "total", helpText: "Alert evaluations run."))
        failures = registry.makeCounter(descriptor: MetricNameDescriptor(
            metricName: "netsight_alert_evaluation_failures", unitName: "total",
            helpText: "Alert evaluations that failed (the store could not be read or written)."))
    }

    func evaluated(_ alerts: [Alert], seconds: Double) {
        evaluations.increment()
        duration.set(seconds)
        var counts: [String: (labels: [(String, String)], count: Int)] = [:]
        // Every combination starts at 0, so a state that empties shows 0, not its last value.
        for state in [AlertState.pending, .firing, .resolved] {
            for severity in AlertSeverity.allCases {
                for quiet in ["no", "yes"] {
                    let labels = [("state", state.rawValue), ("severity", severity.rawValue), ("muted_or_suppressed", quiet)]
                    counts[Self.key(labels)] = (labels, 0)
                }
            }
        }
        for alert in alerts where alert.state != .inactive {
            let quiet = alert.isMuted || alert.isSuppressed ? "yes" : "no"
            let labels = [("state", alert.state.rawValue), ("severity", alert.severity.rawValue), ("muted_or_suppressed", quiet)]
            counts[Self.key(labels), default: (labels, 0)].count += 1
        }
        gauges.withLock { all in
            for (key, entry) in counts {
                let gauge = all[key] ?? registry.makeGauge(descriptor: Self.alerts, labels: entry.labels)
                all[key] = gauge
                gauge.set(Double(entry.count))
            }
        }
    }

    func failed() {
        failures.increment()
    }

    private static func key(_ labels: [(String, String)]) -> String {
        labels.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
    }
}
