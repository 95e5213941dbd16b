import NetsightModel

/// Unchecked big-endian reads for the hot record loops. Callers have already checked that
/// the bytes exist (a record's length against the set), which is what lets the per-field
/// work skip `ByteReader`'s bounds checks.
enum Wire {
    /// A big-endian unsigned integer of 1...8 bytes (reduced-size encoding, RFC 7011 §6.2).
    @inline(__always)
    static func unsigned(_ p: UnsafeRawPointer, _ length: Int) -> UInt64 {
        switch length {
        case 1: return UInt64(p.load(as: UInt8.self))
        case 2: return UInt64(UInt16(bigEndian: p.loadUnaligned(as: UInt16.self)))
        case 4: return UInt64(UInt32(bigEndian: p.loadUnaligned(as: UInt32.self)))
        case 8: return UInt64(bigEndian: p.loadUnaligned(as: UInt64.self))
        default:
            var v: UInt64 = 0
            for i in 0..<min(length, 8) { v = v << 8 | UInt64(p.load(fromByteOffset: i, as: UInt8.self)) }
            return v
        }
    }

    @inline(__always)
    static func u32(_ p: UnsafeRawPointer) -> UInt32 {
        UInt32(bigEndian: p.loadUnaligned(as: UInt32.self))
    }

    /// 16 network-order bytes as an address; the same value `IPAddress(ipv6:)` builds, read as
    /// two words instead of byte by byte.
    @inline(__always)
    static func ipv6(_ p: UnsafeRawPointer) -> IPAddress {
        IPAddress(
            high: UInt64(bigEndian: p.loadUnaligned(as: UInt64.self)),
            low: UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
    }

    /// NTP seconds since 1900 in the high word, binary fraction in the low word (RFC 7011
    /// §6.1.9) to Unix milliseconds; times before 1970 clamp to 0.
    @inline(__always)
    static func ntpToUnixMillis(_ ntp: UInt64) -> UInt64 {
        let seconds = ntp >> 32
        let fractionMillis = ((ntp & 0xffff_ffff) &* 1000) >> 32
        let unixEpochInNTP: UInt64 = 2_208_988_800
        guard seconds >= unixEpochInNTP else { return 0 }
        return (seconds - unixEpochInNTP) &* 1000 + fractionMillis
    }
}
