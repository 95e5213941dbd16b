/// An SNMPv3 message (RFC 3412 section 6) with USM security parameters.
///
/// Encoding and decoding here only move bytes: `USM.seal` and `USM.open` add and check
/// the HMAC and the encryption.
public struct SNMPv3Message: Hashable, Sendable {
    /// Matches a response (or Report) to the request at the message level.
    public var messageID: Int32
    /// The largest message the sender can receive. net-snmp sends 65507 (UDP's maximum).
    public var maxSize: Int32
    public var flags: MessageFlags
    public var securityParameters: USMSecurityParameters
    public var scopedPDU: Payload

    /// msgSecurityModel for USM; the only model this codec speaks.
    public static let userSecurityModel: Int32 = 3

    /// The scoped PDU as plaintext, or still encrypted (before `USM.open`).
    public enum Payload: Hashable, Sendable {
        case plaintext(ScopedPDU)
        case encrypted([UInt8])
    }

    public init(
        messageID: Int32, maxSize: Int32 = 65507, flags: MessageFlags,
        securityParameters: USMSecurityParameters, scopedPDU: Payload
    ) {
        self.messageID = messageID
        self.maxSize = maxSize
        self.flags = flags
        self.securityParameters = securityParameters
        self.scopedPDU = scopedPDU
    }

    /// The plaintext scoped PDU, or nil while encrypted.
    public var plaintext: ScopedPDU? {
        if case .plaintext(let scoped) = scopedPDU { return scoped }
        return nil
    }
}
