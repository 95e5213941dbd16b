/// One LLDP-MIB remote-table row: what a device sees on one of its ports. Edges of the
/// topology graph alerting and the dashboard use.
public struct LLDPNeighbour: Sendable, Hashable, Codable {
    /// lldpLocPortNum, and the local port's name (lldpLocPortId / ifName) when known.
    public var localPortNumber: UInt32
    public var localPort: String
    /// lldpRemChassisId as text (MAC in colon hex, or the string when printable).
    public var remoteChassisID: String
    /// lldpRemPortId as text, and lldpRemPortDesc.
    public var remotePort: String
    public var remotePortDescription: String
    public var remoteSystemName: String

    public init(
        localPortNumber: UInt32, localPort: String = "", remoteChassisID: String, remotePort: String,
        remotePortDescription: String = "", remoteSystemName: String = ""
    ) {
        self.localPortNumber = localPortNumber
        self.localPort = localPort
        self.remoteChassisID = remoteChassisID
        self.remotePort = remotePort
        self.remotePortDescription = remotePortDescription
        self.remoteSystemName = remoteSystemName
    }
}
