/// Why bytes are not a UDP jitter packet. A struct wrapping a private enum so cases can be
/// added without breaking callers (DESIGN.md rule 5); each case keeps the value it found,
/// so "bad reply: ..." tells a person what actually arrived.
public struct UDPJitterPacketError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Hashable {
        case truncated(size: Int)
        case badMagic(UInt32)
        case unsupportedVersion(UInt8)
        case unknownType(UInt8)
    }

    private let kind: Kind

    /// Fewer bytes than the fixed header.
    public static func truncated(size: Int) -> UDPJitterPacketError {
        UDPJitterPacketError(kind: .truncated(size: size))
    }

    /// The first four bytes are not "NSJT": some other protocol, or noise.
    public static func badMagic(_ found: UInt32) -> UDPJitterPacketError {
        UDPJitterPacketError(kind: .badMagic(found))
    }

    /// A version this build does not speak (a newer prober or responder).
    public static func unsupportedVersion(_ found: UInt8) -> UDPJitterPacketError {
        UDPJitterPacketError(kind: .unsupportedVersion(found))
    }

    /// A type byte other than request (1) or reply (2).
    public static func unknownType(_ found: UInt8) -> UDPJitterPacketError {
        UDPJitterPacketError(kind: .unknownType(found))
    }

    public var description: String {
        switch kind {
        case .truncated(let size):
            "\(size) bytes is shorter than the \(UDPJitterPacket.headerSize)-byte UDP jitter header"
        case .badMagic(let found):
            "magic 0x\(String(found, radix: 16, uppercase: true)) is not NSJT (0x\(String(UDPJitterPacket.magic, radix: 16, uppercase: true)))"
        case .unsupportedVersion(let found):
            "version \(found) is not \(UDPJitterPacket.version)"
        case .unknownType(let found):
            "type \(found) is neither request (1) nor reply (2)"
        }
    }
}
