/// An ICMP echo request, ready to hand to a socket.
///
/// ICMPv4 carries its own checksum over the ICMP message (RFC 792), computed here with
/// `InternetChecksum`. ICMPv6's checksum also covers an IPv6 pseudo-header (RFC 4443 §2.3)
/// whose source address only the kernel knows once it has routed the packet; Linux
/// always computes it for raw `IPPROTO_ICMPV6` sockets (RFC 3542 §3.1: the checksum
/// offset is fixed at 2 and cannot be turned off) and for ICMPv6 ping sockets, so the v6
/// encoding leaves the field zero.
public struct ICMPEchoRequest: Sendable, Hashable {
    public var version: ICMPVersion
    /// On a Linux datagram ("ping") socket the kernel overwrites this with the socket's
    /// own identifier; on a raw socket it goes out as given.
    public var identifier: UInt16
    public var sequence: UInt16
    /// The bytes after the 8-byte header (ping's `-s` counts only these).
    public var payload: [UInt8]

    public init(version: ICMPVersion, identifier: UInt16, sequence: UInt16, payload: [UInt8]) {
        self.version = version
        self.identifier = identifier
        self.sequence = sequence
        self.payload = payload
    }

    /// The message as sent: type, code 0, checksum, identifier, sequence, payload.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + payload.count)
        bytes.append(version.echoRequestType)
        bytes.append(0)
        bytes.append(contentsOf: [0, 0])
        bytes.append(UInt8(identifier >> 8))
        bytes.append(UInt8(identifier & 0xFF))
        bytes.append(UInt8(sequence >> 8))
        bytes.append(UInt8(sequence & 0xFF))
        bytes.append(contentsOf: payload)
        if version == .v4 {
            let sum = InternetChecksum.compute(bytes)
            bytes[2] = UInt8(sum >> 8)
            bytes[3] = UInt8(sum & 0xFF)
        }
        return bytes
    }

    /// A payload of `size` bytes that starts with `token` (big-endian, cut short when
    /// `size` < 8) and is filled after it with an incrementing byte pattern, as ping fills
    /// its payload. The token lets a receiver that sees every echo reply on the host (a raw
    /// socket) tell its own replies from other programs' with the same identifier.
    public static func payload(token: UInt64, size: Int) -> [UInt8] {
        let size = max(0, size)
        var bytes = [UInt8](repeating: 0, count: size)
        for i in 0..<size {
            bytes[i] = i < 8 ? UInt8(truncatingIfNeeded: token >> (56 - 8 * UInt64(i))) : UInt8(truncatingIfNeeded: i)
        }
        return bytes
    }
}
