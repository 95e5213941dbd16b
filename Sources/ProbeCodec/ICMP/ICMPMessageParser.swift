/// Parses what an ICMP socket receives. Pure: bytes in, `ICMPMessage` or `ICMPParseError`
/// out.
///
/// What precedes the ICMP header depends on the socket: a raw IPv4 socket delivers the
/// whole IPv4 datagram (skip IHL × 4 bytes), an IPv4 datagram ("ping") socket and every
/// IPv6 socket deliver the ICMP message alone (RFC 3542 §3: IPv6 raw sockets never pass
/// the IPv6 header up).
public enum ICMPMessageParser {
    /// - Parameters:
    ///   - bytes: one received datagram.
    ///   - includesIPv4Header: true for a raw IPv4 socket. Ignored for `.v6`.
    public static func parse(
        _ bytes: [UInt8], version: ICMPVersion, includesIPv4Header: Bool
    ) throws(ICMPParseError) -> ICMPMessage {
        var start = 0
        if version == .v4 && includesIPv4Header {
            let ip = try ipv4Header(bytes, at: 0, what: "IPv4 header")
            guard ip.protocolNumber == 1 else { throw .notICMP(protocolNumber: ip.protocolNumber) }
            start = ip.length
        }
        let available = bytes.count - start
        guard available >= 8 else { throw .truncated("ICMP header", needed: 8, available: available) }
        let type = bytes[start]
        let code = bytes[start + 1]
        switch (version, type) {
        case (.v4, 0), (.v6, 129):
            return .echoReply(echo(bytes, at: start))
        case (.v4, 8), (.v6, 128):
            return .echoRequest(echo(bytes, at: start))
        default:
            guard let kind = errorKind(version: version, type: type) else { return .other(type: type, code: code) }
            let quoted = start + 8
            let report: ICMPErrorReport
            switch version {
            case .v4: report = try quotedIPv4(bytes, at: quoted, kind: kind, type: type, code: code)
            case .v6: report = try quotedIPv6(bytes, at: quoted, kind: kind, type: type, code: code)
            }
            return .error(report)
        }
    }

    private static func errorKind(version: ICMPVersion, type: UInt8) -> ICMPErrorReport.Kind? {
        switch (version, type) {
        case (.v4, 3), (.v6, 1): .destinationUnreachable
        case (.v4, 11), (.v6, 3): .timeExceeded
        case (.v4, 12), (.v6, 4): .parameterProblem
        case (.v6, 2): .packetTooBig
        default: nil
        }
    }

    private static func echo(_ bytes: [UInt8], at start: Int) -> ICMPEcho {
        ICMPEcho(
            identifier: word(bytes, start + 4), sequence: word(bytes, start + 6),
            payload: Array(bytes[(start + 8)...]))
    }

    private static func word(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])
    }

    private static func ipv4Header(
        _ bytes: [UInt8], at start: Int, what: String
    ) throws(ICMPParseError) -> (length: Int, protocolNumber: UInt8) {
        let available = bytes.count - start
        guard available >= 20 else { throw .truncated(what, needed: 20, available: max(0, available)) }
        let version = bytes[start] >> 4
        guard version == 4 else { throw .badIPHeader("version \(version)") }
        let length = Int(bytes[start] & 0x0F) * 4
        guard length >= 20 else { throw .badIPHeader("header length \(length) bytes") }
        guard available >= length else { throw .truncated(what, needed: length, available: available) }
        return (length, bytes[start + 9])
    }

    /// RFC 792: an error quotes the original IPv4 header and at least its first 8 data
    /// bytes, which for an echo request are exactly its type, code, checksum, identifier
    /// and sequence.
    private static func quotedIPv4(
        _ bytes: [UInt8], at start: Int, kind: ICMPErrorReport.Kind, type: UInt8, code: UInt8
    ) throws(ICMPParseError) -> ICMPErrorReport {
        let ip = try ipv4Header(bytes, at: start, what: "quoted IPv4 header")
        let destination = Array(bytes[(start + 16)..<(start + 20)])
        var reference: ICMPEchoReference?
        let inner = start + ip.length
        if ip.protocolNumber == 1 {
            let available = bytes.count - inner
            guard available >= 8 else { throw .truncated("quoted ICMP header", needed: 8, available: available) }
            if bytes[inner] == 8 {
                reference = ICMPEchoReference(identifier: word(bytes, inner + 4), sequence: word(bytes, inner + 6))
            }
        }
        return ICMPErrorReport(
            version: .v4, kind: kind, type: type, code: code, originalDestination: destination,
            originalProtocol: ip.protocolNumber, originalEcho: reference)
    }

    /// RFC 4443 §2.4: an ICMPv6 error quotes as much of the original packet as fits in
    /// the minimum MTU. Extension headers between the IPv6 header and ICMPv6 are not
    /// walked: a prober's own echo requests carry none.
    private static func quotedIPv6(
        _ bytes: [UInt8], at start: Int, kind: ICMPErrorReport.Kind, type: UInt8, code: UInt8
    ) throws(ICMPParseError) -> ICMPErrorReport {
        let available = bytes.count - start
        guard available >= 40 else { throw .truncated("quoted IPv6 header", needed: 40, available: max(0, available)) }
        let nextHeader = bytes[start + 6]
        let destination = Array(bytes[(start + 24)..<(start + 40)])
        var reference: ICMPEchoReference?
        let inner = start + 40
        if nextHeader == 58 {
            let rest = bytes.count - inner
            guard rest >= 8 else { throw .truncated("quoted ICMPv6 header", needed: 8, available: rest) }
            if bytes[inner] == 128 {
                reference = ICMPEchoReference(identifier: word(bytes, inner + 4), sequence: word(bytes, inner + 6))
            }
        }
        return ICMPErrorReport(
            version: .v6, kind: kind, type: type, code: code, originalDestination: destination,
            originalProtocol: nextHeader, originalEcho: reference)
    }
}
