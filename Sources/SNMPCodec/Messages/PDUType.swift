/// The context-specific constructed tag that names a PDU (RFC 3416 section 3, RFC 1157
/// for the v1 Trap).
public enum PDUType: UInt8, Hashable, Sendable, CaseIterable {
    case getRequest = 0xA0
    case getNextRequest = 0xA1
    case response = 0xA2
    case setRequest = 0xA3
    /// SNMPv1 Trap-PDU: its own layout, v1 messages only.
    case trapV1 = 0xA4
    case getBulkRequest = 0xA5
    case informRequest = 0xA6
    case snmpV2Trap = 0xA7
    case report = 0xA8

    /// Whether an SNMPv1 message may carry this PDU (RFC 3584 section 2).
    public var isAllowedInV1: Bool {
        switch self {
        case .getRequest, .getNextRequest, .response, .setRequest, .trapV1: true
        default: false
        }
    }

    /// Whether the receiver answers it with a Response (RFC 3411 "Confirmed Class").
    public var isConfirmed: Bool {
        switch self {
        case .getRequest, .getNextRequest, .getBulkRequest, .setRequest, .informRequest: true
        default: false
        }
    }
}
