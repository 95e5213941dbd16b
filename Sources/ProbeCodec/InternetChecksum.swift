/// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of
/// the data as big-endian 16-bit words, an odd last byte padded with zero. ICMP echo uses
/// it over the whole message with the checksum field zeroed.
public enum InternetChecksum {
    public static func compute<Bytes: Collection>(_ bytes: Bytes) -> UInt16 where Bytes.Element == UInt8 {
        var sum: UInt32 = 0
        var iterator = bytes.makeIterator()
        while let high = iterator.next() {
            let low = iterator.next() ?? 0
            sum &+= UInt32(high) << 8 | UInt32(low)
            // Fold early so a large buffer cannot overflow 32 bits.
            if sum > 0xFFFF_0000 { sum = (sum & 0xFFFF) + (sum >> 16) }
        }
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }
}
