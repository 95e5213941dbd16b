import NetsightModel

/// Sums a metric per (row, column) pair, then lays the pairs out as a grid.
public struct FlowMatrixAggregator: Sendable {
    public let query: FlowMatrixQuery
    private var grouping: FlowGrouping
    private let fields: FlowFieldSet
    private var scratch = FlowGroupingScratch()

    public init(query: FlowMatrixQuery) {
        self.query = query
        self.fields = query.fields
        self.grouping = FlowGrouping(packer: query.packer, window: query.window, filter: query.filter)
    }

    /// Adds a block straight from the store's columns (scanned for `query.fields`).
    public mutating func add(columns batch: FlowColumnBatch) {
        grouping.addColumns(batch, fields: fields, scratch: &scratch)
    }

    /// Folds in an aggregator of the same query that saw other flows.
    public mutating func merge(_ other: FlowMatrixAggregator) {
        grouping.merge(other.grouping)
    }

    public mutating func add(_ records: [FlowRecord]) {
        grouping.addAll(records)
    }

    public mutating func add(_ record: FlowRecord) {
        grouping.addIfAdmitted(record)
    }

    public func result() -> FlowMatrixResult {
        let m = query.metric
        var rowSums: [String: UInt64] = [:]
        var colSums: [String: UInt64] = [:]
        var pairs: [(String, String, UInt64)] = []
        for g in 0..<grouping.counters.count {
            let key = grouping.table.keys[g]
            let r = grouping.packer.render(key, key: 0)
            let c = grouping.packer.render(key, key: 1)
            let v = grouping.counters[g].value(m)
            rowSums[r, default: 0] &+= v
            colSums[c, default: 0] &+= v
            pairs.append((r, c, v))
        }
        func pick(_ sums: [String: UInt64]) -> (labels: [String], other: Bool) {
            let ordered = sums.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
            if query.limit == 0 || ordered.count <= query.limit { return (ordered, false) }
            return (Array(ordered.prefix(query.limit)), true)
        }
        let (rowLabels, rowOther) = pick(rowSums)
        let (colLabels, colOther) = pick(colSums)
        let rows = rowLabels + (rowOther ? [FlowMatrixResult.otherLabel] : [])
        let cols = colLabels + (colOther ? [FlowMatrixResult.otherLabel] : [])
        let rowIndex = Dictionary(uniqueKeysWithValues: rowLabels.enumerated().map { ($1, $0) })
        let colIndex = Dictionary(uniqueKeysWithValues: colLabels.enumerated().map { ($1, $0) })
        var cells = [[UInt64]](repeating: [UInt64](repeating: 0, count: cols.count), count: rows.count)
        for (r, c, v) in pairs {
            let ri = rowIndex[r] ?? rows.count - 1
            let ci = colIndex[c] ?? cols.count - 1
            cells[ri][ci] &+= v
        }
        return FlowMatrixResult(
            rowKey: query.rowKey, columnKey: query.columnKey, metric: m, rows: rows, columns: cols, cells: cells,
            total: grouping.totals.value(m))
    }
}
