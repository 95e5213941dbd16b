import Prometheus
import Synchronization

/// `/metrics` for notification delivery: attempts and outcomes per receiver, and the
/// outbox size, so a receiver that is down shows on a dashboard before anyone misses a page.
final class DeliveryMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let counters = Mutex<[String: Counter]>([:])
    private let pending = Mutex<[String: Gauge]>([:])

    static var attempts: MetricNameDescriptor { MetricNameDescriptor(
        metricName: "netsight_alert_delivery_attempts", unitName: "total",
        helpText: "Notification delivery attempts, by receiver and result (ok, retry, failed).") }
    static var outcomes: MetricNameDescriptor { MetricNameDescriptor(
        metricName: "netsight_alert_notifications", unitName: "total",
        helpText: "Notifications finished, by receiver and outcome (delivered, failed after retries or at once).") }
    static var queued: MetricNameDescriptor { MetricNameDescriptor(
        metricName: "netsight_alert_notifications_pending", unitName: "",
        helpText: "Notifications waiting for delivery (including those waiting to be retried), by receiver.") }

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func attempt(receiver: String, result: String) {
        counter(Self.attempts, receiver: receiver, key: "result", value: result).increment()
    }

    func finished(receiver: String, outcome: String) {
        counter(Self.outcomes, receiver: receiver, key: "outcome", value: outcome).increment()
    }

    func setPending(receiver: String, count: Int) {
        let gauge = pending.withLock { all in
            if let g = all[receiver] { return g }
            let g = registry.makeGauge(descriptor: Self.queued, labels: [("receiver", receiver)])
            all[receiver] = g
            return g
        }
        gauge.set(Double(count))
    }

    private func counter(_ d: MetricNameDescriptor, receiver: String, key: String, value: String) -> Counter {
        let id = "\(d.metricName)|\(receiver)|\(value)"
        return counters.withLock { all in
            if let c = all[id] { return c }
            let c = registry.makeCounter(descriptor: d, labels: [("receiver", receiver), (key, value)])
            all[id] = c
            return c
        }
    }
}
