import Foundation
import GRDB
import NetsightModel

/// Everything that is not a raw flow and must survive a restart: exporter template caches,
/// interface counters, per-minute flow rollups. One SQLite file in WAL mode (a GRDB
/// `DatabasePool`), so queries read while the collector writes.
///
/// Thread-safe: GRDB serialises writes and runs reads concurrently.
public final class MetadataStore: Sendable {
    /// The SQLite file, e.g. `<dataDir>/netsight.sqlite`.
    public let path: String
    private let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// - Throws: `StorageError` naming `path` when it cannot be opened or migrated.
    public init(path: String) throws {
        self.path = path
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try PosixFile.makeDirectories(String(path[..<slash]))
        }
        var config = Configuration()
        // A reader and the writer may collide briefly on checkpoints: wait rather than fail.
        config.busyMode = .timeout(5)
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try Self.migrator.migrate(pool)
        } catch {
            throw StorageError.database(path: path, message: String(describing: error))
        }
    }

    /// Internal so `MetadataStore+Aspect.swift` extensions share the error mapping.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch let e as StorageError { throw e } catch {
            throw StorageError.database(path: path, message: String(describing: error))
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch let e as StorageError { throw e } catch {
            throw StorageError.database(path: path, message: String(describing: error))
        }
    }

    // MARK: Templates

    /// Replaces the template cache saved for one exporter (the collector's own encoding).
    public func saveTemplates(exporterKey: String, blob: [UInt8]) throws {
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO exporter_templates (exporter_key, blob) VALUES (?, ?)",
                arguments: [exporterKey, Data(blob)])
        }
    }

    /// Every saved template cache, by exporter key.
    public func loadTemplates() throws -> [String: [UInt8]] {
        try read { db in
            var out: [String: [UInt8]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT exporter_key, blob FROM exporter_templates") {
                let key: String = row[0]
                let blob: Data = row[1]
                out[key] = [UInt8](blob)
            }
            return out
        }
    }

    // MARK: Interface counters

    /// Appends counter samples in one transaction.
    public func appendInterfaceCounters(_ samples: [InterfaceCounterSample]) throws {
        guard !samples.isEmpty else { return }
        try write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO interface_counters VALUES
                (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for s in samples {
                let values: [(any DatabaseValueConvertible)?] = [
                    Data(s.agent.bytes), Int64(clamping: s.timestampMillis), Int64(s.ifIndex), Int64(s.ifType),
                    Int64(bitPattern: s.ifSpeed), Int64(s.ifDirection), Int64(s.ifStatus),
                    Int64(bitPattern: s.inOctets), Int64(s.inUnicastPackets), Int64(s.inMulticastPackets),
                    Int64(s.inBroadcastPackets), Int64(s.inDiscards), Int64(s.inErrors), Int64(s.inUnknownProtos),
                    Int64(bitPattern: s.outOctets), Int64(s.outUnicastPackets), Int64(s.outMulticastPackets),
                    Int64(s.outBroadcastPackets), Int64(s.outDiscards), Int64(s.outErrors), Int64(s.promiscuousMode),
                ]
                try statement.execute(arguments: StatementArguments(values))
            }
        }
    }

    /// Samples with `fromMillis <= timestamp <= toMillis`, of one agent or all (nil), ordered
    /// by time, agent, ifIndex.
    public func interfaceCounters(agent: IPAddress?, fromMillis: UInt64, toMillis: UInt64) throws -> [InterfaceCounterSample] {
        try read { db in
            var sql = "SELECT * FROM interface_counters WHERE timestamp_ms >= ? AND timestamp_ms <= ?"
            var arguments: StatementArguments = [Int64(clamping: fromMillis), Int64(clamping: toMillis)]
            if let agent {
                sql += " AND agent = ?"
                arguments += [Data(agent.bytes)]
            }
            sql += " ORDER BY timestamp_ms, agent, if_index"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let agentBytes: Data = row[0]
                func u32(_ i: Int) -> UInt32 { UInt32(truncatingIfNeeded: row[i] as Int64) }
                func u64(_ i: Int) -> UInt64 { UInt64(bitPattern: row[i] as Int64) }
                return InterfaceCounterSample(
                    agent: agentBytes.count == 16 ? IPAddress(ipv6: [UInt8](agentBytes)) : .zero,
                    timestampMillis: UInt64(clamping: row[1] as Int64), ifIndex: u32(2), ifType: u32(3), ifSpeed: u64(4),
                    ifDirection: u32(5), ifStatus: u32(6), inOctets: u64(7), inUnicastPackets: u32(8),
                    inMulticastPackets: u32(9), inBroadcastPackets: u32(10), inDiscards: u32(11), inErrors: u32(12),
                    inUnknownProtos: u32(13), outOctets: u64(14), outUnicastPackets: u32(15),
                    outMulticastPackets: u32(16), outBroadcastPackets: u32(17), outDiscards: u32(18),
                    outErrors: u32(19), promiscuousMode: u32(20))
            }
        }
    }

    /// Deletes samples older than `olderThanMillis` (retention).
    /// - Returns: rows deleted.
    public func deleteInterfaceCounters(olderThanMillis: UInt64) throws -> Int {
        try write { db in
            try db.execute(
                sql: "DELETE FROM interface_counters WHERE timestamp_ms < ?", arguments: [Int64(clamping: olderThanMillis)])
            return db.changesCount
        }
    }

    // MARK: Flow rollups

    /// Adds rows to the rollup table: a row whose key (minute and every non-counter field)
    /// exists has its bytes, packets and flows added; others are inserted. One transaction,
    /// so several collectors or a re-run aggregation can add to the same minute.
    public func addRollup(_ rows: [FlowRollupRow]) throws {
        guard !rows.isEmpty else { return }
        try write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO flow_rollups
                (minute_ms, exporter_name, input_if, output_if, proto, src_as, dst_as, src_site, dst_site, bytes, packets, flows)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (minute_ms, exporter_name, input_if, output_if, proto, src_as, dst_as, src_site, dst_site)
                DO UPDATE SET bytes = bytes + excluded.bytes, packets = packets + excluded.packets,
                              flows = flows + excluded.flows
                """)
            for r in rows {
                try statement.execute(arguments: [
                    Int64(clamping: r.minuteMillis), r.exporterName, Int64(r.inputInterface), Int64(r.outputInterface),
                    Int64(r.proto), Int64(r.srcAS), Int64(r.dstAS), r.srcSite, r.dstSite,
                    Int64(bitPattern: r.bytes), Int64(bitPattern: r.packets), Int64(bitPattern: r.flows),
                ])
            }
        }
    }

    /// Rollup rows with `fromMillis <= minute <= toMillis`, ordered by minute then key.
    public func rollups(fromMillis: UInt64, toMillis: UInt64) throws -> [FlowRollupRow] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT minute_ms, exporter_name, input_if, output_if, proto, src_as, dst_as, src_site, dst_site,
                           bytes, packets, flows
                    FROM flow_rollups WHERE minute_ms >= ? AND minute_ms <= ?
                    ORDER BY minute_ms, exporter_name, input_if, output_if, proto, src_as, dst_as, src_site, dst_site
                    """,
                arguments: [Int64(clamping: fromMillis), Int64(clamping: toMillis)])
            return rows.map { row in
                FlowRollupRow(
                    minuteMillis: UInt64(clamping: row[0] as Int64), exporterName: row[1],
                    inputInterface: UInt32(truncatingIfNeeded: row[2] as Int64),
                    outputInterface: UInt32(truncatingIfNeeded: row[3] as Int64),
                    proto: UInt8(truncatingIfNeeded: row[4] as Int64),
                    srcAS: UInt32(truncatingIfNeeded: row[5] as Int64), dstAS: UInt32(truncatingIfNeeded: row[6] as Int64),
                    srcSite: row[7], dstSite: row[8],
                    bytes: UInt64(bitPattern: row[9] as Int64), packets: UInt64(bitPattern: row[10] as Int64),
                    flows: UInt64(bitPattern: row[11] as Int64))
            }
        }
    }

    /// Deletes rollup minutes before `olderThanMillis` (retention).
    /// - Returns: rows deleted.
    public func deleteRollups(olderThanMillis: UInt64) throws -> Int {
        try write { db in
            try db.execute(sql: "DELETE FROM flow_rollups WHERE minute_ms < ?", arguments: [Int64(clamping: olderThanMillis)])
            return db.changesCount
        }
    }
}
