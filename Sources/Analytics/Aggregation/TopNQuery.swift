import NetsightModel

/// "Top N groups by metric": what `netsight flows top` and `GET /api/flows/top` run.
public struct TopNQuery: Sendable {
    public let keys: [FlowKey]
    public let metric: FlowMetric
    /// Rows to return; 0 returns every group (nfdump's `-n 0`).
    public let limit: Int
    public let filter: FlowFilter?
    public let window: FlowTimeWindow
    /// The validated key layout, built once here so the aggregator's init cannot fail.
    let packer: KeyPacker
    public var fromMillis: UInt64? { window.fromMillis }
    public var toMillis: UInt64? { window.toMillis }

    /// - Throws: `FlowQueryError` for an empty or repeated key list, a negative limit, or
    ///   `to` not after `from`.
    public init(
        keys: [FlowKey], metric: FlowMetric = .bytes, limit: Int = 10, filter: FlowFilter? = nil,
        fromMillis: UInt64? = nil, toMillis: UInt64? = nil, windowMode: FlowWindowMode = .overlap
    ) throws(FlowQueryError) {
        guard limit >= 0 else { throw FlowQueryError("limit must be 0 (all) or more, not \(limit)") }
        if let f = fromMillis, let t = toMillis, t <= f {
            throw FlowQueryError("the window ends (\(t)) before or when it starts (\(f))")
        }
        self.packer = try KeyPacker(keys: keys)
        self.keys = keys
        self.metric = metric
        self.limit = limit
        self.filter = filter
        self.window = FlowTimeWindow(fromMillis: fromMillis, toMillis: toMillis, mode: windowMode)
    }

    /// Every column the query reads: keys, filter, counters and times; give it to the store.
    public var fields: FlowFieldSet {
        var f = FlowFieldSet([.startMillis, .endMillis, .bytes, .packets])
        for k in keys { f.formUnion(k.fields) }
        if let filter { f.formUnion(filter.fields) }
        return f
    }
}
