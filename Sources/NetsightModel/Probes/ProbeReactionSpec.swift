/// A threshold on one number of a probe's result, like IP SLA's `reaction-configuration`:
/// it raises when the number crosses `raise` as `trigger` says, and clears only when the
/// number is back past `clear`, so a value hovering at the threshold does not flap.
public struct ProbeReactionSpec: Sendable, Hashable {
    /// Names the reaction in events and alerts; defaults to the metric's name.
    public var name: String
    public var metric: ProbeMetric
    /// `.above`: bad when the value is high (RTT, loss); `.below`: bad when low (MOS, days
    /// left on a certificate).
    public var direction: ProbeThresholdDirection
    public var raise: Double
    /// Must be on the good side of `raise` (or equal to it, for no hysteresis).
    public var clear: Double
    public var trigger: ProbeReactionTrigger
    /// "critical", "warning", ...: carried to alerting unchanged.
    public var severity: String

    public init(
        name: String? = nil, metric: ProbeMetric, direction: ProbeThresholdDirection? = nil, raise: Double,
        clear: Double? = nil, trigger: ProbeReactionTrigger = .immediate, severity: String = "warning"
    ) {
        self.name = name ?? metric.rawValue
        self.metric = metric
        self.direction = direction ?? metric.badDirection
        self.raise = raise
        self.clear = clear ?? raise
        self.trigger = trigger
        self.severity = severity
    }
}

public enum ProbeThresholdDirection: String, Sendable, Hashable, Codable {
    case above, below
}

/// When a run's value counts toward raising (IP SLA's threshold types).
public enum ProbeReactionTrigger: Sendable, Hashable {
    /// The first run past the threshold raises.
    case immediate
    /// N runs in a row past the threshold raise.
    case consecutive(Int)
    /// X of the last Y runs past the threshold raise.
    case xOfY(Int, Int)
    /// The average of the last N runs past the threshold raises.
    case average(Int)
}

/// The numbers of a result a reaction can watch. The raw values are the config's names.
public enum ProbeMetric: String, Sendable, Hashable, Codable, CaseIterable {
    /// 1 when the run failed, 0 when it succeeded.
    case failed
    case rttAverage = "rtt_avg"
    case rttMedian = "rtt_median"
    case rttMax = "rtt_max"
    case lossPercent = "loss_percent"
    /// The larger RFC 3550 jitter of the two directions (UDP jitter), or the RTT standard
    /// deviation (other kinds).
    case jitter
    case mos
    case icpif
    case certificateDays = "certificate_days"

    /// The direction in which this metric is bad, the default for a reaction on it.
    public var badDirection: ProbeThresholdDirection {
        switch self {
        case .mos, .certificateDays: .below
        default: .above
        }
    }
}
