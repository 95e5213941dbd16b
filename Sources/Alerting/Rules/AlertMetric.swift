import NetsightModel

/// One metric rules can use: its name, the labels its series carry, and what it means.
/// The catalogue is closed on purpose: a rule naming an unknown metric is an error at load
/// ("rule X: unknown metric \"interface_utilization\"; did you mean ..."), not a rule that
/// silently never fires.
public struct AlertMetric: Sendable, Hashable {
    public var name: String
    public var labels: [String]
    public var help: String
    /// The unit the value is in, for summaries ("%", "ms", "bit/s", "" for a status).
    public var unit: String

    public init(name: String, labels: [String], help: String, unit: String = "") {
        self.name = name
        self.labels = labels
        self.help = help
        self.unit = unit
    }
}

/// The metrics the pollers and probes produce, as the server turns them into
/// `MetricSample`s before each evaluation (`AlertSnapshotBuilder` in NetsightServer).
public enum AlertMetricCatalog {
    static let device = ["device", "site", "address"]
    static let interface = ["device", "site", "ifname", "ifalias", "ifindex"]
    static let probe = ["probe", "kind", "target", "site", "device"]

    public static let all: [AlertMetric] = [
        AlertMetric(name: "device_up", labels: device, help: "1 when the last SNMP poll answered, 0 when it failed"),
        AlertMetric(name: "device_poll_failures", labels: device, help: "consecutive failed polls"),
        AlertMetric(name: "device_cpu_percent", labels: device, help: "the busiest CPU's load", unit: "%"),
        AlertMetric(
            name: "device_storage_used_percent", labels: device + ["storage"], help: "use of one storage area",
            unit: "%"),
        AlertMetric(name: "interface_oper_up", labels: interface, help: "1 when ifOperStatus is up, 0 otherwise (admin-down interfaces are left out)"),
        AlertMetric(
            name: "interface_utilisation_percent", labels: interface,
            help: "the larger of in and out utilisation of ifSpeed/ifHighSpeed", unit: "%"),
        AlertMetric(name: "interface_in_utilisation_percent", labels: interface, help: "inbound utilisation", unit: "%"),
        AlertMetric(name: "interface_out_utilisation_percent", labels: interface, help: "outbound utilisation", unit: "%"),
        AlertMetric(name: "interface_in_bps", labels: interface, help: "inbound bits per second", unit: "bit/s"),
        AlertMetric(name: "interface_out_bps", labels: interface, help: "outbound bits per second", unit: "bit/s"),
        AlertMetric(name: "interface_errors_per_second", labels: interface, help: "in plus out errors per second", unit: "/s"),
        AlertMetric(name: "interface_discards_per_second", labels: interface, help: "in plus out discards per second", unit: "/s"),
        AlertMetric(name: "probe_success", labels: probe, help: "1 when the probe's last run succeeded, 0 when it failed"),
        AlertMetric(name: "probe_loss_percent", labels: probe, help: "packets lost in the last run, when it succeeded (a failed run is probe_success 0)", unit: "%"),
        AlertMetric(name: "probe_rtt_median_ms", labels: probe, help: "median round-trip time of the last run", unit: "ms"),
        AlertMetric(name: "probe_rtt_avg_ms", labels: probe, help: "mean round-trip time of the last run", unit: "ms"),
        AlertMetric(name: "probe_rtt_max_ms", labels: probe, help: "largest round-trip time of the last run", unit: "ms"),
        AlertMetric(name: "probe_jitter_ms", labels: probe, help: "RFC 3550 jitter (worse direction) or RTT stddev", unit: "ms"),
        AlertMetric(name: "probe_mos", labels: probe, help: "mean opinion score of a UDP jitter run"),
        AlertMetric(name: "probe_certificate_days", labels: probe, help: "days until the earliest certificate expiry", unit: "d"),
        AlertMetric(name: "probe_reaction_raised", labels: probe + ["reaction"], help: "1 while a probe reaction is raised"),
        AlertMetric(
            name: "flow_bps", labels: FlowVolumeKey.allCases.map(\.rawValue),
            help: "bits per second of the flows over the last `flow_window`, summed by the rule's `by` keys", unit: "bit/s"),
        AlertMetric(
            name: "flow_pps", labels: FlowVolumeKey.allCases.map(\.rawValue),
            help: "packets per second of the flows over the last `flow_window`, summed by the rule's `by` keys", unit: "/s"),
        AlertMetric(
            name: "snmp_traps_per_minute", labels: ["device", "site", "trap"],
            help: "traps of one kind from one device over the last 5 minutes, per minute", unit: "/min"),
    ]

    /// The metrics summed from flow rollups by each rule's `by` keys.
    public static let flowMetrics: Set<String> = ["flow_bps", "flow_pps"]

    public static let byName: [String: AlertMetric] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The closest known names to a misspelt one, for "did you mean" in errors.
    public static func suggestions(for name: String) -> [String] {
        let scored = all.map { ($0.name, editDistance($0.name, name)) }.filter { $0.1 <= max(3, name.count / 4) }
        return scored.sorted { $0.1 < $1.1 }.prefix(3).map(\.0)
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
