/// A grid of metric sums, `cells[row][column]`, `Codable` for the API.
///
/// Rows and columns are ordered by their totals, largest first (ties by name); when the
/// query's limit cut some off, a last row/column labelled "other" holds them.
public struct FlowMatrixResult: Sendable, Hashable, Codable {
    public static let otherLabel = "other"

    public var rowKey: FlowKey
    public var columnKey: FlowKey
    public var metric: FlowMetric
    public var rows: [String]
    public var columns: [String]
    public var cells: [[UInt64]]
    /// Sum over every matching flow (equals the sum of all cells).
    public var total: UInt64

    public init(rowKey: FlowKey, columnKey: FlowKey, metric: FlowMetric, rows: [String], columns: [String], cells: [[UInt64]], total: UInt64) {
        self.rowKey = rowKey
        self.columnKey = columnKey
        self.metric = metric
        self.rows = rows
        self.columns = columns
        self.cells = cells
        self.total = total
    }

    public var rowTotals: [UInt64] { cells.map { $0.reduce(0, &+) } }
    public var columnTotals: [UInt64] {
        columns.indices.map { c in cells.reduce(0) { $0 &+ $1[c] } }
    }

    /// The cell for a row and column label, 0 when either is absent.
    public func value(row: String, column: String) -> UInt64 {
        guard let r = rows.firstIndex(of: row), let c = columns.firstIndex(of: column) else { return 0 }
        return cells[r][c]
    }
}
