import Foundation
import GRDB
import NetsightModel

extension MetadataStore {
    // MARK: SNMP events

    /// Appends received traps and informs in one transaction.
    public func appendEvents(_ events: [SNMPEvent]) throws {
        guard !events.isEmpty else { return }
        try write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO snmp_events
                (time_ms, source, version, kind, security, trap_oid, trap_name, device_name, agent_address,
                 uptime, if_index, if_descr, if_admin_status, if_oper_status, varbinds)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for e in events {
                let values: [(any DatabaseValueConvertible)?] = [
                    Int64(clamping: e.timeMillis), Data(e.source.bytes), e.version.rawValue, e.kind.rawValue,
                    e.security, e.trapOID, e.trapName, e.deviceName, e.agentAddress.map { Data($0.bytes) },
                    e.uptime.map { Int64($0) }, e.ifIndex.map { Int64($0) }, e.ifDescr,
                    e.ifAdminStatus.map { Int64($0) }, e.ifOperStatus.map { Int64($0) }, e.varBinds,
                ]
                try statement.execute(arguments: StatementArguments(values))
            }
        }
    }

    /// Events with `fromMillis <= time <= toMillis`, newest first, at most `limit`.
    /// - Parameter limit: the API's page size; newest first so "the last N" is one query.
    public func events(fromMillis: UInt64, toMillis: UInt64, limit: Int) throws -> [SNMPEvent] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT time_ms, source, version, kind, security, trap_oid, trap_name, device_name, agent_address,
                           uptime, if_index, if_descr, if_admin_status, if_oper_status, varbinds
                    FROM snmp_events WHERE time_ms >= ? AND time_ms <= ?
                    ORDER BY time_ms DESC, id DESC LIMIT ?
                    """,
                arguments: [Int64(clamping: fromMillis), Int64(clamping: toMillis), max(0, limit)])
            return rows.map { row in
                func address(_ i: Int) -> IPAddress? {
                    guard let d = row[i] as Data?, d.count == 16 else { return nil }
                    return IPAddress(ipv6: [UInt8](d))
                }
                return SNMPEvent(
                    timeMillis: UInt64(clamping: row[0] as Int64), source: address(1) ?? .zero,
                    version: SNMPEvent.Version(rawValue: row[2]) ?? .v2c, kind: SNMPEvent.Kind(rawValue: row[3]) ?? .trap,
                    security: row[4], trapOID: row[5], trapName: row[6], deviceName: row[7], agentAddress: address(8),
                    uptime: (row[9] as Int64?).map { UInt32(truncatingIfNeeded: $0) },
                    ifIndex: (row[10] as Int64?).map { UInt32(truncatingIfNeeded: $0) }, ifDescr: row[11],
                    ifAdminStatus: (row[12] as Int64?).map { Int32(truncatingIfNeeded: $0) },
                    ifOperStatus: (row[13] as Int64?).map { Int32(truncatingIfNeeded: $0) }, varBinds: row[14])
            }
        }
    }

    /// Deletes events older than `olderThanMillis` (retention).
    /// - Returns: rows deleted.
    public func deleteEvents(olderThanMillis: UInt64) throws -> Int {
        try write { db in
            try db.execute(sql: "DELETE FROM snmp_events WHERE time_ms < ?", arguments: [Int64(clamping: olderThanMillis)])
            return db.changesCount
        }
    }

    // MARK: SNMP engine

    /// The trap receiver's SNMPv3 engine ID and boots for this run: the saved ID (or
    /// `makeEngineID()` the first time) and the saved boots plus one, saved back.
    ///
    /// RFC 3414 2.2: snmpEngineBoots counts restarts and must never go back, or senders of
    /// informs would see our messages as replays; persisting it here keeps that promise.
    /// - Parameter configuredEngineID: replaces the saved ID (boots restart at 1 when it changes).
    public func startSNMPEngine(configuredEngineID: [UInt8]?, makeEngineID: () -> [UInt8]) throws -> (engineID: [UInt8], boots: Int32) {
        try write { db in
            let row = try Row.fetchOne(db, sql: "SELECT engine_id, boots FROM snmp_engine WHERE id = 1")
            let saved = row.map { ([UInt8]($0[0] as Data), Int64($0[1] as Int64)) }
            let engineID = configuredEngineID ?? saved?.0 ?? makeEngineID()
            var boots: Int64 = 1
            if let saved, saved.0 == engineID { boots = saved.1 + 1 }
            // RFC 3414 2.2.2: 2147483647 is "latched"; start over rather than lock out informs.
            if boots >= Int64(Int32.max) { boots = 1 }
            try db.execute(
                sql: "INSERT OR REPLACE INTO snmp_engine (id, engine_id, boots) VALUES (1, ?, ?)",
                arguments: [Data(engineID), boots])
            return (engineID, Int32(boots))
        }
    }
}
