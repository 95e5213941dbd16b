/// One BER identifier octet. SNMP only uses single-octet (low) tag numbers, so the
/// high-tag-number form (low five bits all set) is rejected by the reader.
public struct BERTag: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Whether the constructed bit (0x20) is set: the contents are more TLVs.
    public var isConstructed: Bool { rawValue & 0x20 != 0 }

    public var description: String {
        let hex = String(rawValue, radix: 16)
        return "0x" + (hex.count == 1 ? "0" + hex : hex)
    }

    // Universal types (X.690).
    public static let integer = BERTag(rawValue: 0x02)
    public static let octetString = BERTag(rawValue: 0x04)
    public static let null = BERTag(rawValue: 0x05)
    public static let objectIdentifier = BERTag(rawValue: 0x06)
    public static let sequence = BERTag(rawValue: 0x30)

    // SNMP application types (RFC 2578 section 7.1, RFC 1155 for Opaque).
    public static let ipAddress = BERTag(rawValue: 0x40)
    public static let counter32 = BERTag(rawValue: 0x41)
    public static let gauge32 = BERTag(rawValue: 0x42)
    public static let timeTicks = BERTag(rawValue: 0x43)
    public static let opaque = BERTag(rawValue: 0x44)
    public static let counter64 = BERTag(rawValue: 0x46)

    // Context-specific exceptions in a varbind (RFC 3416 section 3).
    public static let noSuchObject = BERTag(rawValue: 0x80)
    public static let noSuchInstance = BERTag(rawValue: 0x81)
    public static let endOfMibView = BERTag(rawValue: 0x82)
}
