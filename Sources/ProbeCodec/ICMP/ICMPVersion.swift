/// ICMP for IPv4 (RFC 792) or ICMPv6 (RFC 4443): the same echo idea with different type
/// numbers, checksum rules and error layouts, so every codec call names which one it means.
public enum ICMPVersion: Sendable, Hashable {
    case v4
    case v6

    /// The echo request type: 8 (ICMPv4) or 128 (ICMPv6).
    public var echoRequestType: UInt8 { self == .v4 ? 8 : 128 }
    /// The echo reply type: 0 (ICMPv4) or 129 (ICMPv6).
    public var echoReplyType: UInt8 { self == .v4 ? 0 : 129 }
}
