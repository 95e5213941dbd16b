/// An ICMP error (RFC 792, RFC 4443) with what it quotes of the datagram that caused it,
/// so a prober can tell which of its requests it is about.
public struct ICMPErrorReport: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case destinationUnreachable = "destination unreachable"
        case timeExceeded = "time exceeded"
        case packetTooBig = "packet too big"
        case parameterProblem = "parameter problem"
    }

    public var version: ICMPVersion
    public var kind: Kind
    public var type: UInt8
    public var code: UInt8
    /// The destination address of the quoted datagram: 4 or 16 bytes.
    public var originalDestination: [UInt8]
    /// The quoted datagram's IP protocol (next header for IPv6).
    public var originalProtocol: UInt8
    /// Set when the quoted datagram is an ICMP echo request.
    public var originalEcho: ICMPEchoReference?

    public init(
        version: ICMPVersion, kind: Kind, type: UInt8, code: UInt8, originalDestination: [UInt8],
        originalProtocol: UInt8, originalEcho: ICMPEchoReference?
    ) {
        self.version = version
        self.kind = kind
        self.type = type
        self.code = code
        self.originalDestination = originalDestination
        self.originalProtocol = originalProtocol
        self.originalEcho = originalEcho
    }

    /// "destination unreachable (ICMP type 3 code 1: host unreachable)".
    public var description: String {
        let name = codeName.map { ": \($0)" } ?? ""
        let family = version == .v4 ? "ICMP" : "ICMPv6"
        return "\(kind.rawValue) (\(family) type \(type) code \(code)\(name))"
    }

    /// The code's name from the RFCs' tables, nil for codes not listed there.
    public var codeName: String? {
        switch (version, kind, code) {
        case (.v4, .destinationUnreachable, 0): "net unreachable"
        case (.v4, .destinationUnreachable, 1): "host unreachable"
        case (.v4, .destinationUnreachable, 2): "protocol unreachable"
        case (.v4, .destinationUnreachable, 3): "port unreachable"
        case (.v4, .destinationUnreachable, 4): "fragmentation needed"
        case (.v4, .destinationUnreachable, 9), (.v4, .destinationUnreachable, 10),
            (.v4, .destinationUnreachable, 13):
            "administratively prohibited"
        case (.v6, .destinationUnreachable, 0): "no route to destination"
        case (.v6, .destinationUnreachable, 1): "administratively prohibited"
        case (.v6, .destinationUnreachable, 3): "address unreachable"
        case (.v6, .destinationUnreachable, 4): "port unreachable"
        case (.v6, .destinationUnreachable, 6): "reject route"
        case (_, .timeExceeded, 0): version == .v4 ? "TTL exceeded in transit" : "hop limit exceeded in transit"
        case (_, .timeExceeded, 1): "fragment reassembly time exceeded"
        default: nil
        }
    }
}
