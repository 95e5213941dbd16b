/// A ScopedPDU (RFC 3412 section 6.8): the PDU and the context it applies to.
public struct ScopedPDU: Hashable, Sendable {
    /// Usually the agent's engine ID; empty works with net-snmp agents.
    public var contextEngineID: [UInt8]
    /// Empty for the default context (community-style indexing uses names here).
    public var contextName: [UInt8]
    public var pdu: SNMPPDU

    public init(contextEngineID: [UInt8] = [], contextName: [UInt8] = [], pdu: SNMPPDU) {
        self.contextEngineID = contextEngineID
        self.contextName = contextName
        self.pdu = pdu
    }
}
