/// Everything a pass over a capture file found, including how far it got.
///
/// `CaptureReader.udpDatagrams` is strict (any container damage throws); `scan` keeps the
/// datagrams read before the damage, for a CLI that wants to show what it can of a capture
/// cut short by a killed tcpdump.
public struct CaptureScan: Sendable {
    /// UDP datagrams over IPv4/IPv6, in file order.
    public var datagrams: [CapturedDatagram] = []
    /// Packet records read, whatever they held.
    public var packets = 0
    /// Link types (LINKTYPE_ values) of packets skipped because the reader cannot parse them.
    public var unsupportedLinkTypes: Set<UInt32> = []
    /// The container error that ended the scan early, nil when the whole file was read.
    public var error: FlowDecodeError?

    public init() {}
}
