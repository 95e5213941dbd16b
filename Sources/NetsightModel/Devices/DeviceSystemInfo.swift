/// The SNMPv2-MIB system group of one device, as last read.
public struct DeviceSystemInfo: Sendable, Hashable, Codable {
    public var sysName: String
    public var sysDescr: String
    /// Dotted OID without a leading dot (e.g. "1.3.6.1.4.1.9.1.516"); names the vendor and model.
    public var sysObjectID: String
    /// `sysUpTime.0` in TimeTicks (centiseconds).
    public var sysUpTimeTicks: UInt32

    public init(sysName: String = "", sysDescr: String = "", sysObjectID: String = "", sysUpTimeTicks: UInt32 = 0) {
        self.sysName = sysName
        self.sysDescr = sysDescr
        self.sysObjectID = sysObjectID
        self.sysUpTimeTicks = sysUpTimeTicks
    }
}
