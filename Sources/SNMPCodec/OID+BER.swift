extension OID {
    /// Decodes OBJECT IDENTIFIER contents (X.690 8.19).
    ///
    /// The first subidentifier carries two arcs (40*X+Y). Rejected as `bad_oid`: no
    /// contents, a subidentifier that starts with 0x80 (non-minimal), one cut off at the
    /// end, one above 2^32-1, or more than 128 arcs.
    /// - Parameter offset: where the contents start in the datagram, for the error.
    public init(berContents contents: ArraySlice<UInt8>, offset: Int) throws(SNMPDecodeError) {
        guard !contents.isEmpty else { throw SNMPDecodeError(.badOID, "empty OID at offset \(offset)") }
        var arcs: [UInt32] = []
        arcs.reserveCapacity(contents.count + 1)
        var value: UInt64 = 0
        var startsSubidentifier = true
        for index in contents.indices {
            let byte = contents[index]
            if startsSubidentifier && byte == 0x80 {
                throw SNMPDecodeError(.badOID, "non-minimal subidentifier at offset \(offset + index - contents.startIndex)")
            }
            value = value << 7 | UInt64(byte & 0x7F)
            guard value <= UInt64(UInt32.max) else {
                throw SNMPDecodeError(.badOID, "subidentifier above 2^32-1 at offset \(offset + index - contents.startIndex)")
            }
            startsSubidentifier = byte & 0x80 == 0
            guard startsSubidentifier else { continue }
            if arcs.isEmpty {
                let first: UInt64 = value < 40 ? 0 : (value < 80 ? 1 : 2)
                arcs.append(UInt32(first))
                arcs.append(UInt32(value - first * 40))
            } else {
                arcs.append(UInt32(value))
            }
            guard arcs.count <= OID.maxArcs else {
                throw SNMPDecodeError(.badOID, "more than \(OID.maxArcs) subidentifiers at offset \(offset)")
            }
            value = 0
        }
        guard startsSubidentifier else {
            throw SNMPDecodeError(.badOID, "subidentifier cut off at the end of the OID at offset \(offset)")
        }
        self.arcs = arcs
    }

    /// The OBJECT IDENTIFIER contents (without tag and length).
    ///
    /// BER needs two arcs for the first subidentifier; like net-snmp, a shorter OID is
    /// padded with zeros (".1" encodes as 1.0, the empty OID as 0.0). A first arc above 2
    /// or a second arc of 40 or more under 0 or 1 cannot be encoded; they are clamped
    /// (first arc to 2) so encoding never traps, and such OIDs do not round-trip.
    public var berContents: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(arcs.count + 4)
        let first = UInt64(min(arcs.first ?? 0, 2))
        let second = UInt64(arcs.count > 1 ? arcs[1] : 0)
        OID.appendSubidentifier(first * 40 + second, to: &out)
        for arc in arcs.dropFirst(2) { OID.appendSubidentifier(UInt64(arc), to: &out) }
        return out
    }

    static func appendSubidentifier(_ value: UInt64, to out: inout [UInt8]) {
        var shift = 0
        while value >> (shift + 7) != 0 { shift += 7 }
        while shift > 0 {
            out.append(UInt8(truncatingIfNeeded: value >> shift) & 0x7F | 0x80)
            shift -= 7
        }
        out.append(UInt8(truncatingIfNeeded: value) & 0x7F)
    }
}
