/// An address prefix such as `10.0.0.0/8` or `2001:db8::/32`.
///
/// The length is kept in the family's own terms (0...32 for IPv4, 0...128 for IPv6); the
/// network address is masked on creation so two spellings of one prefix compare equal.
public struct IPPrefix: Hashable, Sendable, CustomStringConvertible {
    public let network: IPAddress
    public let length: UInt8

    /// Returns nil when the length is out of range for the family.
    public init?(network: IPAddress, length: Int) {
        let limit = network.isIPv4 ? 32 : 128
        guard length >= 0, length <= limit else { return nil }
        self.length = UInt8(length)
        let bits = network.isIPv4 ? 96 + length : length
        let (mh, ml) = IPPrefix.mask(bits: bits)
        self.network = IPAddress(high: network.high & mh, low: network.low & ml)
    }

    /// Parses `ADDRESS/LEN`, or a bare address as a host prefix.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let addr = IPAddress(parts[0]) else { return nil }
        let len: Int
        if parts.count == 2 {
            guard let l = Int(parts[1]), parts[1].allSatisfy(\.isNumber) else { return nil }
            len = l
        } else {
            len = addr.isIPv4 ? 32 : 128
        }
        self.init(network: addr, length: len)
    }

    /// The 128-bit mask for a prefix of `bits` bits, as (high, low) words.
    @inlinable
    public static func mask(bits: Int) -> (UInt64, UInt64) {
        if bits <= 0 { return (0, 0) }
        if bits >= 128 { return (.max, .max) }
        if bits <= 64 { return (bits == 64 ? .max : ~(UInt64.max >> UInt64(bits)), 0) }
        return (.max, ~(UInt64.max >> UInt64(bits - 64)))
    }

    /// True when `address` is inside this prefix (an IPv4 prefix never holds an IPv6 address).
    @inlinable
    public func contains(_ address: IPAddress) -> Bool {
        let bits = network.isIPv4 ? 96 + Int(length) : Int(length)
        if network.isIPv4 && !address.isIPv4 { return false }
        let (mh, ml) = IPPrefix.mask(bits: bits)
        return address.high & mh == network.high && address.low & ml == network.low
    }

    public var description: String { "\(network)/\(length)" }
}

extension IPPrefix: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let p = IPPrefix(text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an IP prefix: \(text)")
        }
        self = p
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
