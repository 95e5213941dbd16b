/// A USM privacy protocol. Raw values are net-snmp's `-x` names.
///
/// AES-192/256 (draft-blumenthal-aes-usm, net-snmp's "AES-192"/"AES-256") are not
/// standardised and need a key-extension step; they are not supported.
public enum PrivProtocol: String, Hashable, Sendable, CaseIterable, Codable {
    /// CBC-DES, RFC 3414 section 8 (through the system libcrypto).
    case des = "DES"
    /// CFB128-AES-128, RFC 3826.
    case aes128 = "AES"

    /// Accepts net-snmp's spellings, case-insensitively: DES, AES, AES128, AES-128.
    public init?(name: String) {
        switch name.uppercased() {
        case "DES": self = .des
        case "AES", "AES128", "AES-128": self = .aes128
        default: return nil
        }
    }

    /// Octets of localised key the cipher uses: DES takes 8 key octets and 8 pre-IV
    /// octets, AES-128 a 16-octet key. Every auth protocol's key is at least this long.
    public var keyLength: Int { 16 }
}
