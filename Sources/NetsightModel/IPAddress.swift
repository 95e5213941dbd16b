/// An IPv4 or IPv6 address held in 16 bytes.
///
/// IPv4 addresses are stored IPv4-mapped (`::ffff:a.b.c.d`, RFC 4291 §2.5.5.2) so that one
/// fixed-width value covers both families: the columnar flow store writes every address as
/// two `UInt64` words and never branches on the family.
public struct IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The first 8 bytes, big-endian (network order) when read as a number.
    public var high: UInt64
    /// The last 8 bytes, big-endian (network order) when read as a number.
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The unspecified address `::`; flows use it where a field was absent.
    public static let zero = IPAddress(high: 0, low: 0)

    /// An IPv4 address from its 32-bit value in host order (`0x7f000001` is 127.0.0.1).
    public init(ipv4 value: UInt32) {
        self.high = 0
        self.low = 0x0000_ffff_0000_0000 | UInt64(value)
    }

    /// An IPv6 address from 16 bytes in network order.
    public init<C: Collection>(ipv6 bytes: C) where C.Element == UInt8 {
        precondition(bytes.count == 16, "an IPv6 address is 16 bytes")
        var h: UInt64 = 0
        var l: UInt64 = 0
        for (i, b) in bytes.enumerated() {
            if i < 8 { h = h << 8 | UInt64(b) } else { l = l << 8 | UInt64(b) }
        }
        self.high = h
        self.low = l
    }

    /// True for IPv4-mapped addresses, which is how every IPv4 address is held.
    @inlinable
    public var isIPv4: Bool { high == 0 && (low >> 32) == 0xffff }

    /// The IPv4 value in host order, or nil for an IPv6 address.
    @inlinable
    public var ipv4Value: UInt32? { isIPv4 ? UInt32(truncatingIfNeeded: low) : nil }

    /// The 16 bytes in network order.
    public var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 {
            out[i] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(i)))
            out[8 + i] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(i)))
        }
        return out
    }

    public static func < (a: IPAddress, b: IPAddress) -> Bool {
        a.high != b.high ? a.high < b.high : a.low < b.low
    }

    /// Dotted quad for IPv4, RFC 5952 canonical text for IPv6 (the form nfdump and tshark print).
    public var description: String {
        if let v4 = ipv4Value {
            return "\(v4 >> 24).\((v4 >> 16) & 0xff).\((v4 >> 8) & 0xff).\(v4 & 0xff)"
        }
        var groups = [UInt16](repeating: 0, count: 8)
        for i in 0..<4 {
            groups[i] = UInt16(truncatingIfNeeded: high >> (48 - 16 * UInt64(i)))
            groups[4 + i] = UInt16(truncatingIfNeeded: low >> (48 - 16 * UInt64(i)))
        }
        // Longest run of two or more zero groups is shortened to "::" (first one on ties).
        var bestStart = -1, bestLen = 0, i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8 && groups[j] == 0 { j += 1 }
                if j - i > bestLen && j - i >= 2 { bestStart = i; bestLen = j - i }
                i = j
            } else {
                i += 1
            }
        }
        func hex(_ g: UInt16) -> String { String(g, radix: 16) }
        if bestStart < 0 { return groups.map(hex).joined(separator: ":") }
        let head = groups[0..<bestStart].map(hex).joined(separator: ":")
        let tail = groups[(bestStart + bestLen)...].map(hex).joined(separator: ":")
        return head + "::" + tail
    }
}

extension IPAddress {
    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text (with `::` and an embedded IPv4 tail).
    /// Returns nil for anything else, so callers can name the bad value in their own error.
    public init?(_ text: some StringProtocol) {
        let s = String(text)
        if !s.contains(":") {
            guard let v4 = IPAddress.parseIPv4(Substring(s)) else { return nil }
            self.init(ipv4: v4)
            return
        }
        var groups: [UInt16] = []
        var tailGroups: [UInt16] = []
        var sawDouble = false
        let chars = Array(s.utf8)
        var doubleAt = -1
        for i in 0..<(chars.count - 1) where chars[i] == UInt8(ascii: ":") && chars[i + 1] == UInt8(ascii: ":") {
            if doubleAt >= 0 { return nil }
            doubleAt = i
        }
        if doubleAt >= 0 {
            sawDouble = true
            let headText = Substring(String(decoding: chars[0..<doubleAt], as: UTF8.self))
            let tailText = Substring(String(decoding: chars[(doubleAt + 2)...], as: UTF8.self))
            if tailText.hasPrefix(":") { return nil }
            guard let h = IPAddress.parseGroups(headText, allowV4Tail: false),
                let t = IPAddress.parseGroups(tailText, allowV4Tail: true)
            else { return nil }
            groups = h
            tailGroups = t
        } else {
            guard let g = IPAddress.parseGroups(Substring(s), allowV4Tail: true) else { return nil }
            groups = g
        }
        let total = groups.count + tailGroups.count
        if sawDouble {
            if total > 7 { return nil }
            groups += [UInt16](repeating: 0, count: 8 - total) + tailGroups
        } else if total != 8 {
            return nil
        }
        var h: UInt64 = 0
        var l: UInt64 = 0
        for (i, g) in groups.enumerated() {
            if i < 4 { h = h << 16 | UInt64(g) } else { l = l << 16 | UInt64(g) }
        }
        self.init(high: h, low: l)
    }

    static func parseIPv4(_ s: Substring) -> UInt32? {
        let octets = s.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var v: UInt32 = 0
        for o in octets {
            guard !o.isEmpty, o.count <= 3, o.allSatisfy(\.isASCII), let n = UInt32(o), n <= 255 else { return nil }
            v = v << 8 | n
        }
        return v
    }

    static func parseGroups(_ s: Substring, allowV4Tail: Bool) -> [UInt16]? {
        if s.isEmpty { return [] }
        var out: [UInt16] = []
        let items = s.split(separator: ":", omittingEmptySubsequences: false)
        for (i, item) in items.enumerated() {
            if item.contains(".") {
                guard allowV4Tail, i == items.count - 1, let v4 = parseIPv4(item) else { return nil }
                out.append(UInt16(v4 >> 16))
                out.append(UInt16(v4 & 0xffff))
                continue
            }
            guard !item.isEmpty, item.count <= 4, let g = UInt16(item, radix: 16) else { return nil }
            out.append(g)
        }
        return out
    }
}

extension IPAddress: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let a = IPAddress(text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an IP address: \(text)")
        }
        self = a
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
