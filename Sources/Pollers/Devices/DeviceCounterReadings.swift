import Analytics
import SNMPCodec

/// What one cycle's counter walk returned: per-interface counters, status and
/// discontinuity time, and which interfaces lack the 64-bit counters.
///
/// Pure: `columns(...)` says what to walk, `parse(_:)` reads the answer.
public struct DeviceCounterReadings: Sendable, Hashable {
    public var counters: [UInt32: InterfaceCounterSet] = [:]
    public var adminStatus: [UInt32: Int] = [:]
    public var operStatus: [UInt32: Int] = [:]
    public var discontinuityTime: [UInt32: UInt32] = [:]
    /// Interfaces (from ifOperStatus, which every row has) without ifHCInOctets.
    public var missingHighCapacity: Set<UInt32> = []

    public init() {}

    /// The interfaces the agent has now: the ifOperStatus rows.
    public var ifIndexes: Set<UInt32> { Set(operStatus.keys) }

    /// The 64-bit ifXTable counters, each with where it goes in `InterfaceCounterSet`.
    // Key paths are immutable values; `WritableKeyPath` is just not declared Sendable.
    nonisolated(unsafe) static let highCapacity: [(OID, WritableKeyPath<InterfaceCounterSet, CounterValue?>)] = [
        (DeviceOIDs.ifHCInOctets, \.inOctets), (DeviceOIDs.ifHCInUcastPkts, \.inUnicastPackets),
        (DeviceOIDs.ifHCInMulticastPkts, \.inMulticastPackets), (DeviceOIDs.ifHCInBroadcastPkts, \.inBroadcastPackets),
        (DeviceOIDs.ifHCOutOctets, \.outOctets), (DeviceOIDs.ifHCOutUcastPkts, \.outUnicastPackets),
        (DeviceOIDs.ifHCOutMulticastPkts, \.outMulticastPackets), (DeviceOIDs.ifHCOutBroadcastPkts, \.outBroadcastPackets),
    ]

    /// The 32-bit ifTable octet and packet counters, used for an interface without HC
    /// counters. ifInNUcastPkts (multicast + broadcast, deprecated) goes in the multicast
    /// slot: the tracker adds the packet counters it has, so the sum comes out the same.
    nonisolated(unsafe) static let legacy: [(OID, WritableKeyPath<InterfaceCounterSet, CounterValue?>)] = [
        (DeviceOIDs.ifInOctets, \.inOctets), (DeviceOIDs.ifInUcastPkts, \.inUnicastPackets),
        (DeviceOIDs.ifInNUcastPkts, \.inMulticastPackets), (DeviceOIDs.ifOutOctets, \.outOctets),
        (DeviceOIDs.ifOutUcastPkts, \.outUnicastPackets), (DeviceOIDs.ifOutNUcastPkts, \.outMulticastPackets),
    ]

    /// The 32-bit octet and packet columns, for a second walk when some interface lacked HC.
    public static var legacyColumns: [OID] { legacy.map(\.0) }

    /// Error and discard counters: Counter32 only in IF-MIB, read for every interface.
    nonisolated(unsafe) static let events: [(OID, WritableKeyPath<InterfaceCounterSet, CounterValue?>)] = [
        (DeviceOIDs.ifInErrors, \.inErrors), (DeviceOIDs.ifOutErrors, \.outErrors),
        (DeviceOIDs.ifInDiscards, \.inDiscards), (DeviceOIDs.ifOutDiscards, \.outDiscards),
    ]

    /// The columns of one cycle's counter walk.
    /// - Parameters:
    ///   - highCapacity: walk the ifHC* columns (never for v1, which cannot carry Counter64).
    ///   - legacy: walk the 32-bit octet and packet columns (v1, or some interface lacked HC).
    ///   - extra: further columns to read in the same walk (the health columns).
    public static func columns(highCapacity: Bool, legacy: Bool, extra: [OID] = []) -> [OID] {
        var out = [DeviceOIDs.ifAdminStatus, DeviceOIDs.ifOperStatus]
        out += events.map(\.0)
        if highCapacity { out += Self.highCapacity.map(\.0) + [DeviceOIDs.ifCounterDiscontinuityTime] }
        if legacy { out += Self.legacy.map(\.0) }
        return out + extra
    }

    /// Reads a counter walk's answer. HC counters win; an interface without
    /// ifHCInOctets takes its octets and packets from the 32-bit columns if walked.
    public static func parse(_ table: ColumnTable) -> DeviceCounterReadings {
        var r = DeviceCounterReadings()
        for row in table.rows(of: DeviceOIDs.ifOperStatus) where row.index.count == 1 {
            r.operStatus[row.index.first!] = row.value.integer ?? 0
        }
        r.counters.reserveCapacity(r.operStatus.count)
        for row in table.rows(of: DeviceOIDs.ifAdminStatus) where row.index.count == 1 {
            r.adminStatus[row.index.first!] = row.value.integer ?? 0
        }
        for row in table.rows(of: DeviceOIDs.ifCounterDiscontinuityTime) where row.index.count == 1 {
            if case .timeTicks(let t) = row.value { r.discontinuityTime[row.index.first!] = t }
        }
        func read(_ list: [(OID, WritableKeyPath<InterfaceCounterSet, CounterValue?>)], into sets: inout [UInt32: InterfaceCounterSet]) {
            for (column, path) in list {
                for row in table.rows(of: column) where row.index.count == 1 {
                    guard let value = row.value.counter else { continue }
                    sets[row.index.first!, default: InterfaceCounterSet()][keyPath: path] = value
                }
            }
        }
        read(events, into: &r.counters)
        var hc: [UInt32: InterfaceCounterSet] = [:]
        read(highCapacity, into: &hc)
        var old: [UInt32: InterfaceCounterSet] = [:]
        read(legacy, into: &old)
        for ifIndex in r.operStatus.keys {
            var set = r.counters[ifIndex] ?? InterfaceCounterSet()
            if let h = hc[ifIndex], h.inOctets != nil {
                for (_, path) in highCapacity { set[keyPath: path] = h[keyPath: path] }
            } else {
                r.missingHighCapacity.insert(ifIndex)
                if let l = old[ifIndex] {
                    for (_, path) in legacy { set[keyPath: path] = l[keyPath: path] }
                }
            }
            r.counters[ifIndex] = set
        }
        return r
    }
}
