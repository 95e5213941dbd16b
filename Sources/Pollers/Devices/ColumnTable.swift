import SNMPCodec

/// What a walk of several table columns returned: for each column, its rows in walk
/// order as (index arcs after the column OID, value).
///
/// Kept as arrays rather than dictionaries: a poll reads each column once, in order, so
/// a dictionary per column would cost hashing and allocation for nothing.
public struct ColumnTable: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        /// The instance index: the OID arcs after the column (one arc for ifTable).
        public var index: ArraySlice<UInt32>
        public var value: SNMPValue
    }

    /// The walked columns, in the order asked.
    public let columns: [OID]
    /// `rows[i]` holds column `columns[i]`.
    public internal(set) var rows: [[Row]]

    public init(columns: [OID], rows: [[Row]]? = nil) {
        self.columns = columns
        self.rows = rows ?? Array(repeating: [], count: columns.count)
    }

    /// The rows of `column`, or none when it was not walked.
    public func rows(of column: OID) -> [Row] {
        guard let i = columns.firstIndex(of: column) else { return [] }
        return rows[i]
    }

    /// The rows of a single-index column (ifTable, hrStorageTable) keyed by that index;
    /// rows with another index length are skipped.
    public func byIndex(_ column: OID) -> [UInt32: SNMPValue] {
        let list = rows(of: column)
        var out: [UInt32: SNMPValue] = [:]
        out.reserveCapacity(list.count)
        for row in list where row.index.count == 1 { out[row.index[row.index.startIndex]] = row.value }
        return out
    }

    /// Builds a table from varbinds (tests, and agents read with plain Gets).
    public init(columns: [OID], varBinds: [VarBind]) {
        self.init(columns: columns)
        for vb in varBinds {
            for (i, column) in columns.enumerated() {
                if let index = vb.oid.arcs(after: column), !index.isEmpty {
                    rows[i].append(Row(index: index, value: vb.value))
                    break
                }
            }
        }
    }
}

extension ColumnTable {
    /// This table with `other`'s columns appended (a second walk in the same cycle).
    public func merging(_ other: ColumnTable) -> ColumnTable {
        ColumnTable(columns: columns + other.columns, rows: rows + other.rows)
    }
}
