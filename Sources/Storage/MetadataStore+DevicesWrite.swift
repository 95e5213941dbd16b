import Foundation
import GRDB
import NetsightModel

/// The SQL behind `MetadataStore+Devices.swift`: one report's writes, and row mapping.
extension MetadataStore {
    static func record(_ report: DevicePollReport, in db: Database) throws {
        let s = report.status
        let device = s.device
        try db.cachedStatement(sql: """
            INSERT INTO snmp_devices
            (name, address, site, parent, last_poll_ms, duration_ms, error, last_success_ms, consecutive_failures, late)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET
              address = excluded.address, site = excluded.site, parent = excluded.parent,
              last_poll_ms = excluded.last_poll_ms, duration_ms = excluded.duration_ms, error = excluded.error,
              last_success_ms = excluded.last_success_ms, consecutive_failures = excluded.consecutive_failures,
              late = excluded.late
            """).execute(arguments: [
                device, s.address, s.site, s.parent, Int64(clamping: s.lastPollMillis), Int64(clamping: s.durationMillis),
                s.error, s.lastSuccessMillis.map { Int64(clamping: $0) }, s.consecutiveFailures, s.late,
            ])
        if let system = report.system {
            try db.cachedStatement(sql: """
                UPDATE snmp_devices SET sys_name = ?, sys_descr = ?, sys_object_id = ?, sys_uptime = ? WHERE name = ?
                """).execute(arguments: [system.sysName, system.sysDescr, system.sysObjectID, Int64(system.sysUpTimeTicks), device])
        }
        if let health = report.health {
            let json = String(decoding: try JSONEncoder().encode(health), as: UTF8.self)
            try db.cachedStatement(sql: "UPDATE snmp_devices SET health = ? WHERE name = ?").execute(arguments: [json, device])
        }
        if let interfaces = report.interfaces {
            try replaceInterfaces(interfaces, device: device, in: db)
        }
        if let neighbours = report.neighbours {
            try db.cachedStatement(sql: "DELETE FROM snmp_neighbours WHERE device = ?").execute(arguments: [device])
            let insert = try db.cachedStatement(sql: """
                INSERT INTO snmp_neighbours
                (device, local_port_num, local_port, remote_chassis_id, remote_port, remote_port_descr, remote_sys_name)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for n in neighbours {
                try insert.execute(arguments: [
                    device, Int64(n.localPortNumber), n.localPort, n.remoteChassisID, n.remotePort,
                    n.remotePortDescription, n.remoteSystemName,
                ])
            }
        }
        if !report.rates.isEmpty {
            try appendRates(report.rates, device: device, in: db)
        }
    }

    /// Upserts every listed interface with a new generation number, then deletes the rows
    /// of older generations: interfaces that disappeared go, and the latest rates of those
    /// that stay are kept (a delete-all-and-insert would lose them).
    private static func replaceInterfaces(_ interfaces: [InterfaceInfo], device: String, in db: Database) throws {
        let generation = try Int64.fetchOne(
            db, sql: "SELECT COALESCE(MAX(generation), 0) + 1 FROM snmp_interfaces WHERE device = ?", arguments: [device]) ?? 1
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO snmp_interfaces
            (device, if_index, name, alias, descr, type, speed, admin_status, oper_status, generation)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (device, if_index) DO UPDATE SET
              name = excluded.name, alias = excluded.alias, descr = excluded.descr, type = excluded.type,
              speed = excluded.speed, admin_status = excluded.admin_status, oper_status = excluded.oper_status,
              generation = excluded.generation
            """)
        for i in interfaces {
            try upsert.execute(arguments: [
                device, Int64(i.ifIndex), i.name, i.alias, i.descr, Int64(i.type),
                i.speedBitsPerSecond.map { Int64(bitPattern: $0) }, i.adminStatus, i.operStatus, generation,
            ])
        }
        try db.cachedStatement(sql: "DELETE FROM snmp_interfaces WHERE device = ? AND generation <> ?")
            .execute(arguments: [device, generation])
    }

    /// Appends samples to the series and makes each its interface's latest rates. An
    /// interface not in the stored table yet gets a row from the sample's names, with
    /// generation 0 so the next interface table replaces it.
    private static func appendRates(_ rates: [InterfaceRateSample], device: String, in db: Database) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO snmp_interface_rates (\(rateColumns))
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let latest = try db.cachedStatement(sql: """
            INSERT INTO snmp_interfaces
            (device, if_index, name, alias, descr, type, speed, admin_status, oper_status, generation, rate_ms, interval_ms,
             in_bps, out_bps, in_pps, out_pps, in_errors, out_errors, in_discards, out_discards, in_util, out_util)
            VALUES (?, ?, ?, ?, '', 0, ?, 0, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (device, if_index) DO UPDATE SET
              rate_ms = excluded.rate_ms, interval_ms = excluded.interval_ms, in_bps = excluded.in_bps,
              out_bps = excluded.out_bps, in_pps = excluded.in_pps, out_pps = excluded.out_pps,
              in_errors = excluded.in_errors, out_errors = excluded.out_errors, in_discards = excluded.in_discards,
              out_discards = excluded.out_discards, in_util = excluded.in_util, out_util = excluded.out_util
            """)
        for r in rates {
            let speed = r.speedBitsPerSecond.map { Int64(bitPattern: $0) }
            let time = Int64(clamping: r.timestampMillis)
            let values: [(any DatabaseValueConvertible)?] = [
                r.inBitsPerSecond, r.outBitsPerSecond, r.inPacketsPerSecond, r.outPacketsPerSecond,
                r.inErrorsPerSecond, r.outErrorsPerSecond, r.inDiscardsPerSecond, r.outDiscardsPerSecond,
                r.inUtilisationPercent, r.outUtilisationPercent,
            ]
            let series: [(any DatabaseValueConvertible)?] = [
                device, r.site, Int64(r.ifIndex), r.ifName, r.ifAlias, time, r.intervalMillis, speed,
            ]
            try insert.execute(arguments: StatementArguments(series + values))
            let head: [(any DatabaseValueConvertible)?] = [
                device, Int64(r.ifIndex), r.ifName, r.ifAlias, speed, time, r.intervalMillis,
            ]
            try latest.execute(arguments: StatementArguments(head + values))
        }
    }

    // MARK: Row mapping

    static let rateColumns = """
        device, site, if_index, if_name, if_alias, timestamp_ms, interval_ms, speed,
        in_bps, out_bps, in_pps, out_pps, in_errors, out_errors, in_discards, out_discards, in_util, out_util
        """

    static func rateSample(_ row: Row) -> InterfaceRateSample {
        InterfaceRateSample(
            timestampMillis: UInt64(clamping: row[5] as Int64), intervalMillis: row[6], device: row[0], site: row[1],
            ifIndex: UInt32(truncatingIfNeeded: row[2] as Int64), ifName: row[3], ifAlias: row[4],
            speedBitsPerSecond: (row[7] as Int64?).map { UInt64(bitPattern: $0) },
            inBitsPerSecond: row[8], outBitsPerSecond: row[9], inPacketsPerSecond: row[10], outPacketsPerSecond: row[11],
            inErrorsPerSecond: row[12], outErrorsPerSecond: row[13], inDiscardsPerSecond: row[14],
            outDiscardsPerSecond: row[15], inUtilisationPercent: row[16], outUtilisationPercent: row[17])
    }

    static let deviceSelect = """
        SELECT d.name, d.address, d.site, d.parent, d.last_poll_ms, d.duration_ms, d.error, d.last_success_ms,
               d.consecutive_failures, d.late, d.sys_name, d.sys_descr, d.sys_object_id, d.sys_uptime, d.health,
               (SELECT COUNT(*) FROM snmp_interfaces i WHERE i.device = d.name)
        FROM snmp_devices d
        """

    static func deviceRecord(_ row: Row) -> DeviceRecord {
        let status = DevicePollStatus(
            device: row[0], address: row[1], site: row[2], parent: row[3],
            lastPollMillis: UInt64(clamping: row[4] as Int64), durationMillis: UInt64(clamping: row[5] as Int64),
            error: row[6], lastSuccessMillis: (row[7] as Int64?).map { UInt64(clamping: $0) },
            consecutiveFailures: Int(row[8] as Int64), late: (row[9] as Int64) != 0)
        var system: DeviceSystemInfo?
        if let sysName = row[10] as String? {
            system = DeviceSystemInfo(
                sysName: sysName, sysDescr: (row[11] as String?) ?? "", sysObjectID: (row[12] as String?) ?? "",
                sysUpTimeTicks: UInt32(truncatingIfNeeded: (row[13] as Int64?) ?? 0))
        }
        let health = (row[14] as String?).flatMap { try? JSONDecoder().decode(DeviceHealth.self, from: Data($0.utf8)) }
        return DeviceRecord(status: status, system: system, health: health, interfaceCount: Int(row[15] as Int64))
    }
}
