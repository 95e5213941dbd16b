import Crypto

/// A USM authentication protocol: RFC 3414 (HMAC-MD5-96, HMAC-SHA-96) and RFC 7860
/// (HMAC-SHA-2). Raw values are net-snmp's `-a` names.
public enum AuthProtocol: String, Hashable, Sendable, CaseIterable, Codable {
    case md5 = "MD5"
    case sha1 = "SHA"
    case sha224 = "SHA-224"
    case sha256 = "SHA-256"
    case sha384 = "SHA-384"
    case sha512 = "SHA-512"

    /// Accepts net-snmp's spellings, case-insensitively: MD5, SHA, SHA1, SHA-1, SHA-224,
    /// SHA224, ... (its `-a` option takes both forms).
    public init?(name: String) {
        switch name.uppercased() {
        case "MD5": self = .md5
        case "SHA", "SHA1", "SHA-1": self = .sha1
        case "SHA224", "SHA-224": self = .sha224
        case "SHA256", "SHA-256": self = .sha256
        case "SHA384", "SHA-384": self = .sha384
        case "SHA512", "SHA-512": self = .sha512
        default: return nil
        }
    }

    /// Octets of msgAuthenticationParameters: the HMAC truncated per RFC 3414 (96 bits)
    /// and RFC 7860 section 4.2 (128/192/256/384 bits for SHA-224/256/384/512).
    public var macLength: Int {
        switch self {
        case .md5, .sha1: 12
        case .sha224: 16
        case .sha256: 24
        case .sha384: 32
        case .sha512: 48
        }
    }

    /// Octets of a key: the digest length (RFC 7860 section 9.3 keeps RFC 3414's scheme).
    public var keyLength: Int {
        switch self {
        case .md5: 16
        case .sha1: 20
        case .sha224: 28
        case .sha256: 32
        case .sha384: 48
        case .sha512: 64
        }
    }

    /// The digest of `data`.
    public func digest(_ data: [UInt8]) -> [UInt8] {
        switch self {
        case .md5: Array(Insecure.MD5.hash(data: data))
        case .sha1: Array(Insecure.SHA1.hash(data: data))
        case .sha224: Array(SHA224.hash(data: data))
        case .sha256: Array(SHA256.hash(data: data))
        case .sha384: Array(SHA384.hash(data: data))
        case .sha512: Array(SHA512.hash(data: data))
        }
    }

    /// The HMAC of `message` under `key`, truncated to `macLength`.
    public func mac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        let full: [UInt8] = switch self {
        case .md5: Self.hmac(Insecure.MD5.self, key, message)
        case .sha1: Self.hmac(Insecure.SHA1.self, key, message)
        case .sha224: Self.hmac(SHA224.self, key, message)
        case .sha256: Self.hmac(SHA256.self, key, message)
        case .sha384: Self.hmac(SHA384.self, key, message)
        case .sha512: Self.hmac(SHA512.self, key, message)
        }
        return Array(full.prefix(macLength))
    }

    private static func hmac<H: HashFunction>(_: H.Type, _ key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        Array(HMAC<H>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }
}
