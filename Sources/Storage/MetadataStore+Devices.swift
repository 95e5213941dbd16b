import Foundation
import GRDB
import NetsightModel

extension MetadataStore {
    // MARK: SNMP device polls

    /// Saves one device poll in one transaction: the status (and system group and health
    /// when read) replace the device's row; an `interfaces` table replaces the stored one
    /// (rows no longer listed are removed); `neighbours` replace the stored ones; each rate
    /// sample is appended to the time series and becomes its interface's latest rates.
    ///
    /// Statements are cached: 1,000 devices of 48 interfaces each minute is about 100,000
    /// row writes a minute, which SQLite does in well under a second.
    public func recordDevicePoll(_ report: DevicePollReport) throws {
        try write { db in try Self.record(report, in: db) }
    }

    /// Saves several polls in one transaction (one commit instead of one per device).
    public func recordDevicePolls(_ reports: [DevicePollReport]) throws {
        guard !reports.isEmpty else { return }
        try write { db in
            for report in reports { try Self.record(report, in: db) }
        }
    }

    /// Every device ever recorded (and not forgotten), by name.
    public func devices() throws -> [DeviceRecord] {
        try read { db in
            try Row.fetchAll(db, sql: Self.deviceSelect + " ORDER BY d.name").map(Self.deviceRecord)
        }
    }

    /// One device, or nil when none by that name was recorded.
    public func device(named name: String) throws -> DeviceRecord? {
        try read { db in
            try Row.fetchOne(db, sql: Self.deviceSelect + " WHERE d.name = ?", arguments: [name]).map(Self.deviceRecord)
        }
    }

    /// A device's interface table with each interface's latest rates, by ifIndex.
    public func interfaces(device: String) throws -> [InterfaceRecord] {
        try read { db in
            let site = try String.fetchOne(db, sql: "SELECT site FROM snmp_devices WHERE name = ?", arguments: [device]) ?? ""
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT if_index, name, alias, descr, type, speed, admin_status, oper_status, rate_ms, interval_ms,
                           in_bps, out_bps, in_pps, out_pps, in_errors, out_errors, in_discards, out_discards, in_util, out_util
                    FROM snmp_interfaces WHERE device = ? ORDER BY if_index
                    """,
                arguments: [device])
            return rows.map { row in
                let info = InterfaceInfo(
                    ifIndex: UInt32(truncatingIfNeeded: row[0] as Int64), name: row[1], alias: row[2], descr: row[3],
                    type: UInt32(truncatingIfNeeded: row[4] as Int64),
                    speedBitsPerSecond: (row[5] as Int64?).map { UInt64(bitPattern: $0) },
                    adminStatus: Int(row[6] as Int64), operStatus: Int(row[7] as Int64))
                var latest: InterfaceRateSample?
                if let rateMillis = row[8] as Int64? {
                    latest = InterfaceRateSample(
                        timestampMillis: UInt64(clamping: rateMillis), intervalMillis: row[9], device: device, site: site,
                        ifIndex: info.ifIndex, ifName: info.name, ifAlias: info.alias,
                        speedBitsPerSecond: info.speedBitsPerSecond,
                        inBitsPerSecond: row[10], outBitsPerSecond: row[11], inPacketsPerSecond: row[12],
                        outPacketsPerSecond: row[13], inErrorsPerSecond: row[14], outErrorsPerSecond: row[15],
                        inDiscardsPerSecond: row[16], outDiscardsPerSecond: row[17], inUtilisationPercent: row[18],
                        outUtilisationPercent: row[19])
                }
                return InterfaceRecord(info: info, latest: latest)
            }
        }
    }

    /// Rate samples of one device with `fromMillis <= timestamp <= toMillis`, of one
    /// interface (by ifName) or all (nil), ordered by time then ifIndex.
    public func interfaceRates(device: String, ifName: String? = nil, fromMillis: UInt64, toMillis: UInt64) throws -> [InterfaceRateSample] {
        try read { db in
            var sql = "SELECT \(Self.rateColumns) FROM snmp_interface_rates WHERE device = ?"
            var arguments: StatementArguments = [device]
            if let ifName {
                sql += " AND if_name = ?"
                arguments += [ifName]
            }
            sql += " AND timestamp_ms >= ? AND timestamp_ms <= ? ORDER BY timestamp_ms, if_index"
            arguments += [Int64(clamping: fromMillis), Int64(clamping: toMillis)]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.rateSample)
        }
    }

    /// LLDP neighbours of one device or of all (nil), by device then local port number.
    /// How many LLDP neighbour rows the store holds: a cheap signal that the topology
    /// changed (a first walk, a device that lost its neighbours).
    public func neighbourCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM snmp_neighbours") ?? 0 }
    }

    public func neighbours(device: String? = nil) throws -> [NeighbourRecord] {
        try read { db in
            var sql = """
                SELECT device, local_port_num, local_port, remote_chassis_id, remote_port, remote_port_descr, remote_sys_name
                FROM snmp_neighbours
                """
            var arguments: StatementArguments = []
            if let device {
                sql += " WHERE device = ?"
                arguments += [device]
            }
            sql += " ORDER BY device, local_port_num, rowid"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                NeighbourRecord(
                    device: row[0],
                    neighbour: LLDPNeighbour(
                        localPortNumber: UInt32(truncatingIfNeeded: row[1] as Int64), localPort: row[2],
                        remoteChassisID: row[3], remotePort: row[4], remotePortDescription: row[5],
                        remoteSystemName: row[6]))
            }
        }
    }

    /// ifIndex → ifName of every stored interface, keyed by the host of the device's
    /// address ("10.1.2.3" for "10.1.2.3:1161"; IP addresses in `IPAddress.description`
    /// form, DNS names as configured): flows name their exporter by address, so this is
    /// what turns a flow's interface numbers into names.
    public func interfaceNames() throws -> [String: [UInt32: String]] {
        try read { db in
            var out: [String: [UInt32: String]] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT d.address, i.if_index, i.name FROM snmp_interfaces i JOIN snmp_devices d ON d.name = i.device")
            for row in rows {
                out[Self.host(ofDeviceAddress: row[0]), default: [:]][UInt32(truncatingIfNeeded: row[1] as Int64)] = row[2]
            }
            return out
        }
    }

    /// The host part of a configured device address: `HOST`, `HOST:PORT`, `[V6]:PORT`,
    /// a bare IPv6 address, optionally after net-snmp's `udp:`/`udp6:`.
    public static func host(ofDeviceAddress address: String) -> String {
        var s = Substring(address)
        if s.lowercased().hasPrefix("udp:") {
            s = s.dropFirst(4)
        } else if s.lowercased().hasPrefix("udp6:") {
            s = s.dropFirst(5)
        }
        if s.first == "[", let close = s.firstIndex(of: "]") {
            s = s[s.index(after: s.startIndex)..<close]
        } else if s.filter({ $0 == ":" }).count == 1, let colon = s.firstIndex(of: ":") {
            s = s[..<colon]
        }
        let host = String(s)
        return IPAddress(host)?.description ?? host
    }

    /// Deletes rate samples older than `olderThanMillis` (retention).
    /// - Returns: rows deleted.
    public func deleteInterfaceRates(olderThanMillis: UInt64) throws -> Int {
        try write { db in
            try db.execute(
                sql: "DELETE FROM snmp_interface_rates WHERE timestamp_ms < ?", arguments: [Int64(clamping: olderThanMillis)])
            return db.changesCount
        }
    }

    /// Forgets devices no longer configured: their status, interfaces and neighbours (their
    /// rate samples age out with retention, so history stays queryable until then).
    /// - Returns: the names forgotten.
    @discardableResult
    public func forgetDevices(keeping names: Set<String>) throws -> [String] {
        try write { db in
            let stored = try String.fetchAll(
                db, sql: "SELECT name FROM snmp_devices UNION SELECT device FROM snmp_interfaces UNION SELECT device FROM snmp_neighbours")
            let gone = stored.filter { !names.contains($0) }.sorted()
            for name in gone {
                try db.execute(sql: "DELETE FROM snmp_devices WHERE name = ?", arguments: [name])
                try db.execute(sql: "DELETE FROM snmp_interfaces WHERE device = ?", arguments: [name])
                try db.execute(sql: "DELETE FROM snmp_neighbours WHERE device = ?", arguments: [name])
            }
            return gone
        }
    }
}
