import NetsightModel

/// Builds a `FlowSeriesResult`: per bucket totals, and per group sparse bucket values
/// (a (group, bucket) pair exists only when some flow put something in it, so a million
/// groups over a thousand buckets cost what the flows cost, not a billion cells).
public struct FlowSeriesAggregator: Sendable {
    public let query: FlowSeriesQuery
    private var grouping: FlowGrouping?
    private let window: FlowTimeWindow
    private let filter: FlowFilter?
    private var totalBuckets: [UInt64]
    /// Key: group index << 32 | bucket.
    private var cells: [UInt64: UInt64] = [:]
    /// Per group, the sum of its bucket values (what top-K ranks by).
    private var groupSums: [UInt64] = []

    public init(query: FlowSeriesQuery) {
        self.query = query
        self.window = FlowTimeWindow(
            fromMillis: query.fromMillis, toMillis: query.toMillis,
            mode: .overlap)
        self.filter = (query.filter?.matchesEverything ?? true) ? nil : query.filter
        self.totalBuckets = [UInt64](repeating: 0, count: query.bucketCount)
        if let packer = query.packer {
            grouping = FlowGrouping(packer: packer, window: window, filter: query.filter)
        }
    }

    public mutating func add(_ records: [FlowRecord]) {
        for r in records { add(r) }
    }

    public mutating func add(_ r: FlowRecord) {
        switch query.bucketing {
        case .start:
            guard r.startMillis >= query.fromMillis && r.startMillis < query.toMillis else { return }
        case .spread:
            guard window.admits(startMillis: r.startMillis, endMillis: r.endMillis) else { return }
        }
        if let f = filter, !f.matches(r) { return }
        var group = -1
        if grouping != nil {
            group = grouping!.add(r)
            if group == groupSums.count { groupSums.append(0) }
        }
        let metricValue: UInt64 = switch query.metric {
        case .bytes: r.bytes
        case .packets: r.packets
        case .flows: 1
        }
        if query.bucketing == .start || query.metric == .flows || r.endMillis <= r.startMillis {
            let at = max(r.startMillis, query.fromMillis)
            put(metricValue, bucket: Int((at - query.fromMillis) / query.stepMillis), group: group)
            return
        }
        // Spread: share of [start, end) falling in each bucket, clipped to the window.
        let duration = r.endMillis - r.startMillis
        let lo = max(r.startMillis, query.fromMillis)
        let hi = min(r.endMillis, query.toMillis)
        guard hi > lo else {
            put(metricValue, bucket: Int((lo - query.fromMillis) / query.stepMillis), group: group)
            return
        }
        var b = Int((lo - query.fromMillis) / query.stepMillis)
        var t = lo
        var given: UInt64 = 0
        let inWindow = share(metricValue, hi - lo, duration)
        while t < hi {
            let bucketEnd = min(query.fromMillis + UInt64(b + 1) * query.stepMillis, hi)
            let part = bucketEnd >= hi ? inWindow - given : min(share(metricValue, bucketEnd - t, duration), inWindow - given)
            put(part, bucket: b, group: group)
            given += part
            t = bucketEnd
            b += 1
        }
    }

    /// value × part / whole without overflow.
    private func share(_ value: UInt64, _ part: UInt64, _ whole: UInt64) -> UInt64 {
        let p = value.multipliedFullWidth(by: part)
        return whole.dividingFullWidth(p).quotient
    }

    private mutating func put(_ v: UInt64, bucket: Int, group: Int) {
        guard bucket >= 0 && bucket < totalBuckets.count else { return }
        totalBuckets[bucket] &+= v
        if group >= 0 {
            cells[UInt64(group) << 32 | UInt64(bucket), default: 0] &+= v
            groupSums[group] &+= v
        }
    }

    public func result() -> FlowSeriesResult {
        let times = (0..<totalBuckets.count).map { query.fromMillis + UInt64($0) * query.stepMillis }
        func points(_ values: [UInt64]) -> [FlowSeriesPoint] {
            zip(times, values).enumerated().map { i, tv in
                let end = min(tv.0 + query.stepMillis, query.toMillis)
                return FlowSeriesPoint(timeMillis: tv.0, value: tv.1, durationMillis: end - tv.0)
            }
        }
        var series: [FlowSeries] = []
        let total = FlowSeries(label: [], kind: .total, points: points(totalBuckets))
        if let g = grouping {
            let sums = groupSums
            let best = g.top(query.topK, metric: query.metric) { sums[$0] }
            var rest = totalBuckets
            for group in best {
                var values = [UInt64](repeating: 0, count: totalBuckets.count)
                for b in 0..<values.count {
                    values[b] = cells[UInt64(group) << 32 | UInt64(b)] ?? 0
                    rest[b] &-= values[b]
                }
                let label = (0..<query.keys.count).map { g.packer.render(g.table.keys[group], key: $0) }
                series.append(FlowSeries(label: label, kind: .group, points: points(values)))
            }
            if g.counters.count > best.count {
                series.append(FlowSeries(label: ["other"], kind: .other, points: points(rest)))
            }
        } else {
            series.append(total)
        }
        return FlowSeriesResult(
            fromMillis: query.fromMillis, toMillis: query.toMillis, stepMillis: query.stepMillis,
            metric: query.metric, keys: query.keys, series: series, total: total)
    }
}
