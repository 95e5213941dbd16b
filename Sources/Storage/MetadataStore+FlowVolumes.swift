import Foundation
import GRDB
import NetsightModel

extension MetadataStore {
    /// Traffic of the rollup minutes `fromMillis <= minute < toMillis`, summed by `keys`:
    /// one row per distinct combination, the other key fields zero or empty. What a flow
    /// volume alert rule reads (`flow_bps` by `srcsite, dstsite`); the minute index keeps it
    /// to the window's rows.
    public func flowVolumes(by keys: [FlowVolumeKey], fromMillis: UInt64, toMillis: UInt64) throws -> [FlowRollupRow] {
        let columns = keys.map(Self.rollupColumn)
        let select = columns.isEmpty ? "" : columns.joined(separator: ", ") + ", "
        let group = columns.isEmpty ? "" : " GROUP BY " + columns.joined(separator: ", ")
        return try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT \(select)SUM(bytes), SUM(packets), SUM(flows), COUNT(*) FROM flow_rollups WHERE minute_ms >= ? AND minute_ms < ?\(group)",
                arguments: [Int64(clamping: fromMillis), Int64(clamping: toMillis)])
            return rows.compactMap { row -> FlowRollupRow? in
                // Without keys SQLite answers one row even when nothing matched.
                guard (row[columns.count + 3] as Int64) > 0 else { return nil }
                var out = FlowRollupRow(minuteMillis: fromMillis)
                for (i, key) in keys.enumerated() {
                    switch key {
                    case .exporter: out.exporterName = row[i]
                    case .inif: out.inputInterface = UInt32(truncatingIfNeeded: row[i] as Int64)
                    case .outif: out.outputInterface = UInt32(truncatingIfNeeded: row[i] as Int64)
                    case .proto: out.proto = UInt8(truncatingIfNeeded: row[i] as Int64)
                    case .srcas: out.srcAS = UInt32(truncatingIfNeeded: row[i] as Int64)
                    case .dstas: out.dstAS = UInt32(truncatingIfNeeded: row[i] as Int64)
                    case .srcsite: out.srcSite = row[i]
                    case .dstsite: out.dstSite = row[i]
                    }
                }
                // SUM of INTEGER columns stays INTEGER unless it overflows (then REAL).
                func total(_ j: Int) -> UInt64 {
                    let value = row[columns.count + j] as DatabaseValue
                    if let n = Int64.fromDatabaseValue(value) { return UInt64(bitPattern: n) }
                    let real = Double.fromDatabaseValue(value) ?? 0
                    return real >= 1.8e19 ? UInt64.max : UInt64(max(0, real))
                }
                out.bytes = total(0)
                out.packets = total(1)
                out.flows = total(2)
                return out
            }
        }
    }

    static func rollupColumn(_ key: FlowVolumeKey) -> String {
        switch key {
        case .exporter: "exporter_name"
        case .inif: "input_if"
        case .outif: "output_if"
        case .proto: "proto"
        case .srcas: "src_as"
        case .dstas: "dst_as"
        case .srcsite: "src_site"
        case .dstsite: "dst_site"
        }
    }
}
