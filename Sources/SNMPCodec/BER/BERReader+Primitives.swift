extension BERReader {
    /// Decodes a two's-complement INTEGER of at most `bits` bits.
    ///
    /// Redundant leading 0x00/0xFF octets are tolerated (some agents pad), as long as the
    /// value fits; an empty INTEGER is `bad_value`, a wider one `integer_too_wide`.
    public func signedValue(_ contents: Range<Int>, bits: Int, _ what: @autoclosure () -> String) throws(SNMPDecodeError) -> Int64 {
        guard !contents.isEmpty else {
            throw SNMPDecodeError(.badValue, "\(what()): empty INTEGER at offset \(contents.lowerBound)")
        }
        var start = contents.lowerBound
        while contents.upperBound - start > 1 {
            let a = bytes[start], b = bytes[start + 1]
            guard (a == 0x00 && b & 0x80 == 0) || (a == 0xFF && b & 0x80 != 0) else { break }
            start += 1
        }
        guard (contents.upperBound - start) * 8 <= 64 else {
            throw SNMPDecodeError(.integerTooWide, "\(what()): \(contents.count)-octet INTEGER at offset \(contents.lowerBound)")
        }
        var value: Int64 = bytes[start] & 0x80 != 0 ? -1 : 0
        for i in start..<contents.upperBound { value = value << 8 | Int64(bytes[i]) }
        guard bits >= 64 || (value >> (bits - 1) == 0 || value >> (bits - 1) == -1) else {
            throw SNMPDecodeError(.integerTooWide, "\(what()): \(value) does not fit \(bits) bits at offset \(contents.lowerBound)")
        }
        return value
    }

    /// Decodes an unsigned application value (Counter32, Gauge32, TimeTicks, Counter64).
    ///
    /// Canonical encodings add a 0x00 octet when the top bit is set; agents that omit it
    /// mean the unsigned value, so the octets are read as unsigned either way.
    public func unsignedValue(_ contents: Range<Int>, bits: Int, _ what: @autoclosure () -> String) throws(SNMPDecodeError) -> UInt64 {
        guard !contents.isEmpty else {
            throw SNMPDecodeError(.badValue, "\(what()): empty value at offset \(contents.lowerBound)")
        }
        var start = contents.lowerBound
        while start < contents.upperBound - 1, bytes[start] == 0 { start += 1 }
        guard (contents.upperBound - start) * 8 <= bits else {
            throw SNMPDecodeError(.integerTooWide, "\(what()): \(contents.count)-octet value wider than \(bits) bits at offset \(contents.lowerBound)")
        }
        var value: UInt64 = 0
        for i in start..<contents.upperBound { value = value << 8 | UInt64(bytes[i]) }
        return value
    }

    /// Reads an INTEGER that must fit Integer32 (request IDs, error status, msgID, ...).
    public mutating func readInt32(_ what: @autoclosure () -> String) throws(SNMPDecodeError) -> Int32 {
        let contents = try read(.integer, what())
        return Int32(try signedValue(contents, bits: 32, what()))
    }

    /// Reads an OCTET STRING's contents as a copy.
    public mutating func readOctetString(_ what: @autoclosure () -> String) throws(SNMPDecodeError) -> [UInt8] {
        Array(bytes[try read(.octetString, what())])
    }

    /// Reads an OBJECT IDENTIFIER.
    public mutating func readOID(_ what: @autoclosure () -> String) throws(SNMPDecodeError) -> OID {
        let contents = try read(.objectIdentifier, what())
        return try OID(berContents: bytes[contents], offset: contents.lowerBound)
    }
}
