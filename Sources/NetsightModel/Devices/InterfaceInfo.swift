/// One row of a device's interface table (IF-MIB ifTable + ifXTable), without counters.
///
/// Names change rarely, so the poller re-reads them only on a re-walk; status is read
/// every cycle.
public struct InterfaceInfo: Sendable, Hashable, Codable {
    public var ifIndex: UInt32
    /// ifName, or ifDescr when the agent has no ifXTable.
    public var name: String
    /// ifAlias: the description an operator configured ("uplink to ldn-core-2").
    public var alias: String
    public var descr: String
    /// IANAifType (6 ethernetCsmacd, 24 softwareLoopback, 131 tunnel, ...).
    public var type: UInt32
    /// The speed used for utilisation, bit/s: the configured override, else ifHighSpeed,
    /// else ifSpeed; nil when none is known.
    public var speedBitsPerSecond: UInt64?
    /// ifAdminStatus / ifOperStatus as the MIB numbers them: 1 up, 2 down, 3 testing,
    /// (oper only) 4 unknown, 5 dormant, 6 notPresent, 7 lowerLayerDown; 0 when not read.
    public var adminStatus: Int
    public var operStatus: Int

    public init(
        ifIndex: UInt32, name: String, alias: String = "", descr: String = "", type: UInt32 = 0,
        speedBitsPerSecond: UInt64? = nil, adminStatus: Int = 0, operStatus: Int = 0
    ) {
        self.ifIndex = ifIndex
        self.name = name
        self.alias = alias
        self.descr = descr
        self.type = type
        self.speedBitsPerSecond = speedBitsPerSecond
        self.adminStatus = adminStatus
        self.operStatus = operStatus
    }
}
