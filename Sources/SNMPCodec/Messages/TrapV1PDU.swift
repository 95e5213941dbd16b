/// An SNMPv1 Trap-PDU (RFC 1157 section 4.1.6), which has no request ID and its own fields.
public struct TrapV1PDU: Hashable, Sendable {
    /// sysObjectID of the sender (or the enterprise of an enterprise-specific trap).
    public var enterprise: OID
    /// The agent's IPv4 address as it claims it (big-endian), not the UDP source.
    public var agentAddress: UInt32
    /// 0 coldStart, 1 warmStart, 2 linkDown, 3 linkUp, 4 authenticationFailure,
    /// 5 egpNeighborLoss, 6 enterpriseSpecific.
    public var genericTrap: Int32
    public var specificTrap: Int32
    /// sysUpTime of the sender, in hundredths of a second.
    public var timestamp: UInt32
    public var varBinds: [VarBind]

    public init(
        enterprise: OID, agentAddress: UInt32, genericTrap: Int32, specificTrap: Int32,
        timestamp: UInt32, varBinds: [VarBind]
    ) {
        self.enterprise = enterprise
        self.agentAddress = agentAddress
        self.genericTrap = genericTrap
        self.specificTrap = specificTrap
        self.timestamp = timestamp
        self.varBinds = varBinds
    }

    /// The SNMPv2 snmpTrapOID this trap translates to (RFC 3584 section 3.1), so v1 and
    /// v2c/v3 traps can be stored and matched the same way: generic traps 0-5 become
    /// 1.3.6.1.6.3.1.1.5.(generic+1) (coldStart ... egpNeighborLoss); enterprise-specific
    /// ones become enterprise.0.specific.
    public var snmpTrapOID: OID {
        if (0...5).contains(genericTrap) {
            return OID([1, 3, 6, 1, 6, 3, 1, 1, 5, UInt32(genericTrap + 1)])
        }
        return enterprise.appending(0, UInt32(truncatingIfNeeded: specificTrap))
    }
}
