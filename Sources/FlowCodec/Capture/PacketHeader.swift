import NetsightModel

/// What `PacketHeaderParser` could read from the front of one packet: link, network and
/// transport fields. A field the bytes did not reach stays zero, because sFlow samples only
/// the first ~128 bytes of a frame and a capture may be cut at its snap length.
public struct PacketHeader: Hashable, Sendable {
    /// The outermost 802.1Q / 802.1ad VLAN ID, 0 when the frame was untagged.
    public var vlan: UInt16 = 0
    /// The EtherType after any VLAN tags (0x0800 IPv4, 0x86dd IPv6), 0 when unknown.
    public var etherType: UInt16 = 0
    /// 4 or 6 once an IP header was read, 0 otherwise.
    public var ipVersion: UInt8 = 0
    public var srcAddress: IPAddress = .zero
    public var dstAddress: IPAddress = .zero
    /// IP protocol (IPv4) or the last next-header (IPv6, after the extension headers).
    public var proto: UInt8 = 0
    /// IPv4 TOS or IPv6 traffic class.
    public var tos: UInt8 = 0
    /// IPv4 total length, or IPv6 payload length plus its 40-byte header.
    public var ipTotalLength: Int = 0
    /// True for an IPv4/IPv6 fragment that is not the first: it has no transport header.
    public var isLaterFragment = false
    /// True for a first fragment with more to follow: ports are real, the payload is partial.
    public var hasMoreFragments = false
    public var srcPort: UInt16 = 0
    /// The destination port, or ICMP type * 256 + code (the nfdump convention).
    public var dstPort: UInt16 = 0
    /// TCP flags (the low byte: CWR ECE URG ACK PSH RST SYN FIN).
    public var tcpFlags: UInt8 = 0
    /// Where the UDP payload sits in the parsed buffer, only when all of it is present.
    public var udpPayload: Range<Int>?

    public init() {}
}
