/// Why bytes received on an ICMP socket are not a usable ICMP message. A struct wrapping a
/// private enum so cases can be added without breaking callers (DESIGN.md rule 5).
public struct ICMPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Hashable {
        case truncated(what: String, needed: Int, available: Int)
        case notICMP(protocolNumber: UInt8)
        case badIPHeader(String)
    }

    private let kind: Kind

    /// Fewer bytes than the part being read needs.
    public static func truncated(_ what: String, needed: Int, available: Int) -> ICMPParseError {
        ICMPParseError(kind: .truncated(what: what, needed: needed, available: available))
    }

    /// A raw IPv4 datagram whose protocol is not ICMP (1).
    public static func notICMP(protocolNumber: UInt8) -> ICMPParseError {
        ICMPParseError(kind: .notICMP(protocolNumber: protocolNumber))
    }

    /// An IPv4 header with a version other than 4 or an IHL below 5.
    public static func badIPHeader(_ why: String) -> ICMPParseError {
        ICMPParseError(kind: .badIPHeader(why))
    }

    public var description: String {
        switch kind {
        case let .truncated(what, needed, available):
            "truncated \(what): needs \(needed) bytes, has \(available)"
        case let .notICMP(p): "IPv4 protocol \(p) is not ICMP"
        case let .badIPHeader(why): "bad IPv4 header: \(why)"
        }
    }
}
