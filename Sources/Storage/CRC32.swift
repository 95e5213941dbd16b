import CCRC32C

/// The two CRC-32s segments use, both reflected, with initial and final XOR `0xFFFFFFFF`:
/// - `ieee` (polynomial `0xEDB88320`, zlib's and PNG's): format version 1;
/// - `castagnoli` (CRC-32C, polynomial `0x82F63B78`, iSCSI's and ext4's): format version 2,
///   because x86-64 computes it with one instruction per 8 bytes, several times faster than
///   any table: checksums were a fifth of a top-N query's time with the IEEE one.
///
/// The table version is slicing-by-8: eight 256-entry tables consume 8 bytes per step.
enum CRC32: Sendable {
    case ieee
    case castagnoli

    /// Continues a CRC over `bytes`; start with `crc = 0`.
    func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        if self == .castagnoli && Self.hardwareCastagnoli {
            return netsight_crc32c_update_hardware(crc, base, bytes.count)
        }
        return Self.updateWithTable(crc, bytes, table: self == .ieee ? Self.ieeeTable : Self.castagnoliTable)
    }

    func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 { update(0, bytes) }

    /// Whether this CPU has the CRC-32C instruction (decided once).
    static let hardwareCastagnoli = netsight_crc32c_hardware() == 1

    static let ieeeTable = makeTable(polynomial: 0xEDB8_8320)
    static let castagnoliTable = makeTable(polynomial: 0x82F6_3B78)

    /// 8 × 256 entries, table k giving the CRC of a byte followed by k zero bytes.
    static func makeTable(polynomial: UInt32) -> [UInt32] {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = (c & 1) != 0 ? polynomial ^ (c >> 1) : c >> 1 }
            t[i] = c
        }
        for i in 0..<256 {
            for k in 1..<8 {
                let prev = t[(k - 1) * 256 + i]
                t[k * 256 + i] = (prev >> 8) ^ t[Int(prev & 0xff)]
            }
        }
        return t
    }

    /// The portable path: also used on CPUs without the instruction, and by tests to check
    /// the hardware path.
    static func updateWithTable(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer, table: [UInt32]) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        return table.withUnsafeBufferPointer { tp in
            let t = tp.baseAddress!
            var c = ~crc
            var p = base
            var n = bytes.count
            while n >= 8 {
                let w = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
                let lo = UInt32(truncatingIfNeeded: w) ^ c
                let hi = UInt32(truncatingIfNeeded: w >> 32)
                c = t[7 * 256 + Int(lo & 0xff)] ^ t[6 * 256 + Int((lo >> 8) & 0xff)]
                    ^ t[5 * 256 + Int((lo >> 16) & 0xff)] ^ t[4 * 256 + Int(lo >> 24)]
                    ^ t[3 * 256 + Int(hi & 0xff)] ^ t[2 * 256 + Int((hi >> 8) & 0xff)]
                    ^ t[1 * 256 + Int((hi >> 16) & 0xff)] ^ t[Int(hi >> 24)]
                p += 8
                n -= 8
            }
            while n > 0 {
                c = t[Int((c ^ UInt32(p.load(as: UInt8.self))) & 0xff)] ^ (c >> 8)
                p += 1
                n -= 1
            }
            return ~c
        }
    }
}
