/// Why bytes could not be decoded as BER or as an SNMP message.
///
/// `reason` is a stable snake_case label: pollers and the trap receiver count errors by it
/// in `/metrics`, so renaming one is a breaking change. `detail` says where and what, for a
/// person reading a log line. Security failures (wrong digest, unknown user) are not
/// decoding errors: they are `USMError`.
public struct SNMPDecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    public let reason: Reason
    public let detail: String

    public init(_ reason: Reason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }

    public var description: String { "\(reason.rawValue): \(detail)" }

    /// Stable error labels. Add cases; never rename them.
    public enum Reason: String, Sendable, Hashable, CaseIterable, Codable {
        /// A header or a length points past the end of the bytes (or of the enclosing value).
        case truncated
        /// A length form SNMP does not allow: indefinite (0x80), reserved (0xFF), or more
        /// than four length octets.
        case badLength = "bad_length"
        /// Constructed values nested deeper than the reader's limit.
        case tooDeep = "too_deep"
        /// An INTEGER or unsigned value wider than its type (Integer32, Counter64, ...).
        case integerTooWide = "integer_too_wide"
        /// A tag where the SNMP grammar expects another one, or a high-tag-number form.
        case unexpectedTag = "unexpected_tag"
        /// Contents invalid for their type: an empty INTEGER, a NULL with contents, an
        /// IpAddress that is not four octets, an msgFlags value RFC 3412 forbids.
        case badValue = "bad_value"
        /// An OBJECT IDENTIFIER that is empty, non-minimal, cut inside a subidentifier,
        /// has a subidentifier above 2^32-1, or more than 128 of them.
        case badOID = "bad_oid"
        /// Bytes left over after a value that should end its container.
        case trailingBytes = "trailing_bytes"
        /// A message version other than 0 (v1), 1 (v2c) or 3.
        case badVersion = "bad_version"
        /// An SNMPv3 message whose msgSecurityModel is not USM (3).
        case unsupportedSecurityModel = "unsupported_security_model"
    }

    static func truncated(at offset: Int, need: Int, have: Int) -> SNMPDecodeError {
        SNMPDecodeError(.truncated, "need \(need) bytes at offset \(offset), \(have) left")
    }
}
