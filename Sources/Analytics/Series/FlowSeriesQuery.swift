import NetsightModel

/// How a flow's counters are placed in time buckets.
public enum FlowSeriesBucketing: String, Sendable, Codable, CaseIterable {
    /// All of a flow in the bucket holding its start; only flows starting inside the window
    /// count. nfdump/nfsen's view (they bin by first-seen), exact for short flows.
    case start
    /// Bytes and packets spread over the buckets the flow spans, in proportion to the time
    /// spent in each (integer shares, remainder to the last), clipped to the window; the
    /// flow itself counts once, in its first bucket inside the window. Smoother for long
    /// flows, and what a utilisation graph wants.
    case spread
}

/// A time series over [from, to) in fixed steps, optionally one line per top-K group.
public struct FlowSeriesQuery: Sendable {
    public let fromMillis: UInt64
    public let toMillis: UInt64
    public let stepMillis: UInt64
    public let metric: FlowMetric
    /// Empty: one series, the total. Otherwise one series per top-K group plus "other".
    public let keys: [FlowKey]
    public let topK: Int
    public let filter: FlowFilter?
    public let bucketing: FlowSeriesBucketing
    let packer: KeyPacker?

    /// Buckets beyond this are refused: a year in 1 s steps would be 31M buckets per line,
    /// which is a mistake, not a graph.
    public static let maxBuckets = 100_000

    public init(
        fromMillis: UInt64, toMillis: UInt64, stepMillis: UInt64, metric: FlowMetric = .bytes,
        keys: [FlowKey] = [], topK: Int = 5, filter: FlowFilter? = nil, bucketing: FlowSeriesBucketing = .start
    ) throws(FlowQueryError) {
        guard stepMillis > 0 else { throw FlowQueryError("step must be positive") }
        guard toMillis > fromMillis else { throw FlowQueryError("the window ends (\(toMillis)) before or when it starts (\(fromMillis))") }
        let buckets = (toMillis - fromMillis + stepMillis - 1) / stepMillis
        guard buckets <= UInt64(Self.maxBuckets) else {
            throw FlowQueryError("\(buckets) buckets is too many (at most \(Self.maxBuckets)); use a larger step")
        }
        guard topK >= 1 else { throw FlowQueryError("topK must be at least 1") }
        self.packer = keys.isEmpty ? nil : try KeyPacker(keys: keys)
        self.fromMillis = fromMillis
        self.toMillis = toMillis
        self.stepMillis = stepMillis
        self.metric = metric
        self.keys = keys
        self.topK = topK
        self.filter = filter
        self.bucketing = bucketing
    }

    /// Number of buckets; the last may be shorter than a step.
    public var bucketCount: Int { Int((toMillis - fromMillis + stepMillis - 1) / stepMillis) }

    /// Every column the query reads.
    public var fields: FlowFieldSet {
        var f = FlowFieldSet([.startMillis, .endMillis, .bytes, .packets])
        for k in keys { f.formUnion(k.fields) }
        if let filter { f.formUnion(filter.fields) }
        return f
    }
}
