import NetsightModel
import Prometheus
import Synchronization

/// The SNMP poller's series in `/metrics`, per device: up (1/0, with its site), the last
/// poll's duration, polls by result, and polls that overran their interval.
///
/// The duration is a gauge of the last poll rather than a histogram: a histogram per
/// device is a dozen series each, 12,000 for 1,000 devices, for little more insight.
/// Series are created on a device's first poll and cached, so later polls only touch atomics.
public final class DevicePollMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    let storeErrors: Counter
    private let cache = Mutex<[String: Series]>([:])

    struct Series: Sendable {
        var site: String
        var up: Gauge
        var duration: Gauge
        var ok: Counter
        var failed: Counter
        var late: Counter
    }

    static var up: MetricNameDescriptor { descriptor("netsight_snmp_device_up", "", "1 when the last SNMP poll of the device succeeded, else 0.") }
    static var duration: MetricNameDescriptor { descriptor("netsight_snmp_poll_duration", "seconds", "How long the last SNMP poll of the device took.") }
    static var polls: MetricNameDescriptor { descriptor("netsight_snmp_polls", "total", "SNMP polls of the device, by result (ok or error).") }
    static var late: MetricNameDescriptor { descriptor(
        "netsight_snmp_poll_late", "total", "SNMP polls that finished after the device's interval had elapsed (the cycle overran).") }

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        storeErrors = registry.makeCounter(
            descriptor: Self.descriptor(
                "netsight_snmp_store_errors", "total", "Device polls that could not be written to the metadata store."))
    }

    /// SNMP answers the client dropped, by reason (`unknown_request_id`: a late answer to a
    /// request already timed out, or a foreign one; `wrong_address`: from another address
    /// than asked; `malformed`: not decodable), and the totals last seen, to add deltas.
    private let clientDrops = Mutex<[String: (counter: Counter, seen: Int)]>([:])

    static var dropped: MetricNameDescriptor { descriptor(
        "netsight_snmp_client_dropped", "total", "SNMP answers the poller's client dropped, by reason.") }

    /// Brings `netsight_snmp_client_dropped_total` up to the client's running totals.
    public func recordClientDrops(_ totals: [String: Int]) {
        clientDrops.withLock { all in
            for (reason, total) in totals {
                var entry = all[reason] ?? (registry.makeCounter(descriptor: Self.dropped, labels: [("reason", reason)]), 0)
                if total > entry.seen { entry.counter.increment(by: Int64(total - entry.seen)) }
                entry.seen = max(entry.seen, total)
                all[reason] = entry
            }
        }
    }

    /// Counts one finished poll.
    public func record(_ status: DevicePollStatus) {
        let s = self.series(for: status)
        s.up.set(to: status.isUp ? 1 : 0)
        s.duration.set(to: Double(status.durationMillis) / 1000)
        (status.isUp ? s.ok : s.failed).increment()
        if status.late { s.late.increment() }
    }

    private func series(for status: DevicePollStatus) -> Series {
        cache.withLock { all in
            if let s = all[status.device], s.site == status.site { return s }
            let device = status.device
            if let old = all[device] {
                // The site is a label of `up`: a changed site is a new series, the old one goes.
                registry.unregisterGauge(old.up)
            }
            let s = Series(
                site: status.site,
                up: registry.makeGauge(descriptor: Self.up, labels: [("device", device), ("site", status.site)]),
                duration: registry.makeGauge(descriptor: Self.duration, labels: [("device", device)]),
                ok: registry.makeCounter(descriptor: Self.polls, labels: [("device", device), ("result", "ok")]),
                failed: registry.makeCounter(descriptor: Self.polls, labels: [("device", device), ("result", "error")]),
                late: registry.makeCounter(descriptor: Self.late, labels: [("device", device)]))
            all[device] = s
            return s
        }
    }

    private static func descriptor(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: unit, helpText: help)
    }
}
