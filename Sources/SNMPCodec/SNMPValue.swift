/// The value half of a varbind: every SMIv2 type (RFC 2578) plus the three exceptions a
/// v2c/v3 agent returns instead of a value (RFC 3416 section 3).
public enum SNMPValue: Hashable, Sendable {
    /// INTEGER / Integer32 (also enumerations such as ifOperStatus).
    case integer(Int32)
    case octetString([UInt8])
    /// NULL: what requests carry in place of a value.
    case null
    case objectIdentifier(OID)
    /// IpAddress as a big-endian IPv4 address (10.1.2.3 is 0x0A010203).
    case ipAddress(UInt32)
    case counter32(UInt32)
    /// Gauge32, also Unsigned32 (same tag).
    case gauge32(UInt32)
    /// Hundredths of a second.
    case timeTicks(UInt32)
    /// Opaque: arbitrary BER wrapped in an octet string, kept as bytes.
    case opaque([UInt8])
    case counter64(UInt64)
    case noSuchObject
    case noSuchInstance
    case endOfMibView
    /// A primitive application or context type SMIv2 does not define (SMIv1 NsapAddress,
    /// UInteger32, vendor oddities). Kept so one odd varbind does not fail a response.
    case other(tag: UInt8, contents: [UInt8])

    /// Whether this is one of the three exceptions rather than a value.
    public var isException: Bool {
        switch self {
        case .noSuchObject, .noSuchInstance, .endOfMibView: true
        default: false
        }
    }
}
