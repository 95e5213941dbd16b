import NetsightModel

/// Groups flows by the query's keys and keeps the top N, the way `nfdump -s srcip/bytes`
/// does. Feed it records in batches with `add`, in any order, then call `result()`.
///
/// Every group's counters are kept until `result()`: the top N can only be known at the
/// end. Memory is one 64-byte key plus 40 bytes of counters per distinct group.
public struct FlowAggregator: Sendable {
    public let query: TopNQuery
    var grouping: FlowGrouping
    private let fields: FlowFieldSet
    private var scratch = FlowGroupingScratch()

    public init(query: TopNQuery) {
        self.query = query
        self.fields = query.fields
        self.grouping = FlowGrouping(packer: query.packer, window: query.window, filter: query.filter)
    }

    /// Adds a block straight from the store's columns (scanned for `query.fields`): the
    /// fast path, which builds no records unless the query has a filter.
    public mutating func add(columns batch: FlowColumnBatch) {
        grouping.addColumns(batch, fields: fields, scratch: &scratch)
    }

    /// Folds in an aggregator of the same query that saw other flows (parallel scans give
    /// each worker its own). The result is the one a single aggregator over all of them
    /// would give.
    public mutating func merge(_ other: FlowAggregator) {
        grouping.merge(other.grouping)
    }

    /// Adds a batch; records outside the window or failing the filter are skipped.
    public mutating func add(_ records: [FlowRecord]) {
        grouping.addAll(records)
    }

    /// Adds one record.
    public mutating func add(_ record: FlowRecord) {
        grouping.addIfAdmitted(record)
    }

    /// Adds a pre-aggregated record standing for `flows` flows (a rollup row), so long
    /// windows can be answered from per-minute rollups with the same ranking code.
    public mutating func add(aggregated record: FlowRecord, flows: UInt64) {
        grouping.addIfAdmitted(record, flows: flows)
    }

    /// Distinct groups seen so far.
    public var groupCount: Int { grouping.counters.count }

    /// The ranked rows, rendered, plus totals over everything that matched.
    public func result() -> TopNResult {
        let metric = query.metric
        let counters = grouping.counters
        let best = grouping.top(query.limit, metric: metric) { counters[$0].value(metric) }
        let rows = best.map { g in
            let c = counters[g]
            return TopNRow(
                keyValues: (0..<query.keys.count).map { grouping.packer.render(grouping.table.keys[g], key: $0) },
                bytes: c.bytes, packets: c.packets, flows: c.flows,
                firstSeenMillis: c.firstSeenMillis, lastSeenMillis: c.lastSeenMillis)
        }
        let t = grouping.totals
        return TopNResult(
            keys: query.keys, metric: metric, rows: rows,
            totals: FlowTotals(bytes: t.bytes, packets: t.packets, flows: t.flows),
            groupCount: counters.count)
    }
}
