/// One received SNMP trap or inform, as stored for alerting and the events API.
///
/// Plain values only (no SNMPCodec types): the trap receiver turns PDUs into this, the
/// store and the API read it without knowing BER.
public struct SNMPEvent: Hashable, Sendable, Codable {
    /// The SNMP version the notification came in.
    public enum Version: String, Hashable, Sendable, Codable, CaseIterable {
        case v1, v2c, v3
    }

    /// Unconfirmed trap, or acknowledged inform.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case trap, inform
    }

    /// Receive time, milliseconds since the Unix epoch (the receiver's clock, not the agent's).
    public var timeMillis: UInt64
    /// UDP source address of the datagram.
    public var source: IPAddress
    public var version: Version
    public var kind: Kind
    /// The community (v1/v2c) or USM user name (v3).
    public var security: String
    /// snmpTrapOID in dotted form without a leading dot; v1 traps translated per RFC 3584.
    public var trapOID: String
    /// "linkDown", "coldStart", …, or "" for traps Netsight has no name for.
    public var trapName: String
    /// The configured exporter/device name of `source` (or the v1 agent address), if any.
    public var deviceName: String?
    /// The agent-addr field of a v1 Trap-PDU (agents behind NAT put their own address here).
    public var agentAddress: IPAddress?
    /// sysUpTime of the sender in hundredths of a second, when the trap carried it.
    public var uptime: UInt32?
    /// From linkDown/linkUp (IF-MIB ifIndex, ifDescr, ifAdminStatus, ifOperStatus varbinds).
    public var ifIndex: UInt32?
    public var ifDescr: String?
    /// 1 up, 2 down, 3 testing (IF-MIB).
    public var ifAdminStatus: Int32?
    /// 1 up, 2 down, 3 testing, 4 unknown, 5 dormant, 6 notPresent, 7 lowerLayerDown.
    public var ifOperStatus: Int32?
    /// Every varbind, one per line in net-snmp's `-On` style (`.1.3.6.1.2.1.2.2.1.1.2 = INTEGER: 2`).
    public var varBinds: String

    public init(
        timeMillis: UInt64, source: IPAddress, version: Version, kind: Kind, security: String,
        trapOID: String, trapName: String, deviceName: String? = nil, agentAddress: IPAddress? = nil,
        uptime: UInt32? = nil, ifIndex: UInt32? = nil, ifDescr: String? = nil,
        ifAdminStatus: Int32? = nil, ifOperStatus: Int32? = nil, varBinds: String
    ) {
        self.timeMillis = timeMillis
        self.source = source
        self.version = version
        self.kind = kind
        self.security = security
        self.trapOID = trapOID
        self.trapName = trapName
        self.deviceName = deviceName
        self.agentAddress = agentAddress
        self.uptime = uptime
        self.ifIndex = ifIndex
        self.ifDescr = ifDescr
        self.ifAdminStatus = ifAdminStatus
        self.ifOperStatus = ifOperStatus
        self.varBinds = varBinds
    }
}
