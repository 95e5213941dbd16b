import NetsightModel
import SNMPCodec

/// Turns a trap or inform PDU into an `SNMPEvent`: names the standard traps and lifts the
/// IF-MIB fields of linkDown/linkUp out of the varbinds. Pure.
enum TrapEventMapper {
    static let sysUpTime: OID = [1, 3, 6, 1, 2, 1, 1, 3, 0]
    static let snmpTrapOID: OID = [1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0]
    static let ifIndex: OID = [1, 3, 6, 1, 2, 1, 2, 2, 1, 1]
    static let ifDescr: OID = [1, 3, 6, 1, 2, 1, 2, 2, 1, 2]
    static let ifAdminStatus: OID = [1, 3, 6, 1, 2, 1, 2, 2, 1, 7]
    static let ifOperStatus: OID = [1, 3, 6, 1, 2, 1, 2, 2, 1, 8]

    /// SNMPv2-MIB snmpTraps (1.3.6.1.6.3.1.1.5.N), also what v1 generic traps 0-5 become.
    static let standardNames: [OID: String] = [
        [1, 3, 6, 1, 6, 3, 1, 1, 5, 1]: "coldStart",
        [1, 3, 6, 1, 6, 3, 1, 1, 5, 2]: "warmStart",
        [1, 3, 6, 1, 6, 3, 1, 1, 5, 3]: "linkDown",
        [1, 3, 6, 1, 6, 3, 1, 1, 5, 4]: "linkUp",
        [1, 3, 6, 1, 6, 3, 1, 1, 5, 5]: "authenticationFailure",
        [1, 3, 6, 1, 6, 3, 1, 1, 5, 6]: "egpNeighborLoss",
    ]

    /// Where the event came from and how it was authenticated.
    struct Origin {
        var timeMillis: UInt64
        var source: IPAddress
        var version: SNMPEvent.Version
        var security: String
        var deviceNames: [IPAddress: String]
    }

    /// A v1 Trap-PDU (RFC 1157), translated to its snmpTrapOID (RFC 3584 3.1).
    static func event(v1 trap: TrapV1PDU, origin: Origin) -> SNMPEvent {
        let agent = IPAddress(ipv4: trap.agentAddress)
        var event = base(origin: origin, kind: .trap, trapOID: trap.snmpTrapOID, varBinds: trap.varBinds)
        event.agentAddress = agent
        event.uptime = trap.timestamp
        if event.deviceName == nil { event.deviceName = origin.deviceNames[agent] }
        return event
    }

    /// An SNMPv2-Trap or InformRequest (RFC 3416 4.2.6/4.2.7): sysUpTime.0 and
    /// snmpTrapOID.0 first; nil when snmpTrapOID.0 is missing (not a notification).
    static func event(v2 varBinds: [VarBind], kind: SNMPEvent.Kind, origin: Origin) -> SNMPEvent? {
        // Found by name, not position: some agents put them later or send only snmpTrapOID.
        guard case .objectIdentifier(let oid)? = varBinds.first(where: { $0.oid == snmpTrapOID })?.value else { return nil }
        var event = base(origin: origin, kind: kind, trapOID: oid, varBinds: varBinds)
        if case .timeTicks(let t)? = varBinds.first(where: { $0.oid == sysUpTime })?.value { event.uptime = t }
        return event
    }

    private static func base(origin: Origin, kind: SNMPEvent.Kind, trapOID: OID, varBinds: [VarBind]) -> SNMPEvent {
        var event = SNMPEvent(
            timeMillis: origin.timeMillis, source: origin.source, version: origin.version, kind: kind,
            security: origin.security, trapOID: trapOID.description, trapName: standardNames[trapOID] ?? "",
            deviceName: origin.deviceNames[origin.source], varBinds: TrapVarBindText.lines(varBinds))
        for vb in varBinds {
            // ifIndex.N, ifDescr.N, …: the instance suffix is the ifIndex too.
            func instance(of column: OID) -> UInt32? {
                guard let rest = vb.oid.arcs(after: column), rest.count == 1 else { return nil }
                return rest.first
            }
            if let i = instance(of: ifIndex) {
                if case .integer(let v) = vb.value, v >= 0 { event.ifIndex = UInt32(v) } else { event.ifIndex = i }
            } else if let i = instance(of: ifDescr) {
                event.ifIndex = event.ifIndex ?? i
                if case .octetString(let s) = vb.value { event.ifDescr = String(decoding: s, as: UTF8.self) }
            } else if let i = instance(of: ifAdminStatus) {
                event.ifIndex = event.ifIndex ?? i
                if case .integer(let v) = vb.value { event.ifAdminStatus = v }
            } else if let i = instance(of: ifOperStatus) {
                event.ifIndex = event.ifIndex ?? i
                if case .integer(let v) = vb.value { event.ifOperStatus = v }
            }
        }
        return event
    }
}
