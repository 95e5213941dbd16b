/// One field specifier of a NetFlow v9 or IPFIX template, as the exporter announced it.
///
/// Kept verbatim (not just the compiled plan) so the cache can be persisted and a refresh
/// can be compared with what is cached: an identical refresh must not mark the cache dirty.
public struct TemplateField: Hashable, Sendable, Codable {
    /// Information element ID (IPFIX) or field type (NetFlow v9), enterprise bit cleared.
    public var id: UInt16
    /// Field length in bytes; 65535 is IPFIX's variable-length marker (RFC 7011 §7).
    public var length: UInt16
    /// Private enterprise number, 0 for IANA elements.
    public var enterprise: UInt32

    public init(id: UInt16, length: UInt16, enterprise: UInt32 = 0) {
        self.id = id
        self.length = length
        self.enterprise = enterprise
    }

    /// IPFIX's variable-length marker (RFC 7011 §7).
    public static let variableLength: UInt16 = 65535

    @inlinable
    public var isVariableLength: Bool { length == Self.variableLength }
}
