/// One bucket of a series.
public struct FlowSeriesPoint: Sendable, Hashable, Codable {
    /// Bucket start, epoch milliseconds.
    public var timeMillis: UInt64
    public var value: UInt64
    /// The bucket's length (a step, or less for a last partial bucket): the rate's divisor.
    public var durationMillis: UInt64

    public init(timeMillis: UInt64, value: UInt64, durationMillis: UInt64) {
        self.timeMillis = timeMillis
        self.value = value
        self.durationMillis = durationMillis
    }

    /// Metric per second over the bucket (bytes/s for bytes; ×8 for bits/s).
    public var perSecond: Double {
        durationMillis == 0 ? 0 : Double(value) * 1000 / Double(durationMillis)
    }
}

/// One line of a series chart.
public struct FlowSeries: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable { case total, group, other }
    /// The group's rendered key values; `["other"]` for the rest; empty for the total.
    public var label: [String]
    public var kind: Kind
    public var points: [FlowSeriesPoint]

    public init(label: [String], kind: Kind, points: [FlowSeriesPoint]) {
        self.label = label
        self.kind = kind
        self.points = points
    }

    public var sum: UInt64 { points.reduce(0) { $0 &+ $1.value } }

    /// The label as one string: "10.0.0.1 / TCP", "other", or "total".
    public var title: String { kind == .total ? "total" : label.joined(separator: " / ") }
}

/// A series answer, `Codable` for the API.
public struct FlowSeriesResult: Sendable, Hashable, Codable {
    public var fromMillis: UInt64
    public var toMillis: UInt64
    public var stepMillis: UInt64
    public var metric: FlowMetric
    public var keys: [FlowKey]
    /// Top groups best first, then "other" when groups were left out; or just the total
    /// when the query had no keys.
    public var series: [FlowSeries]
    /// All matching traffic per bucket.
    public var total: FlowSeries
}
