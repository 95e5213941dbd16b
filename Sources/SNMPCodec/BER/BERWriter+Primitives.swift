extension BERWriter {
    /// Writes a minimal two's-complement INTEGER (or another tag with integer contents).
    public mutating func writeInteger(_ value: Int64, tag: BERTag = .integer) {
        var count = 8
        while count > 1 {
            let top = value >> ((count - 1) * 8 - 1)
            guard top == 0 || top == -1 else { break }
            count -= 1
        }
        write(tag, contents: (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) })
    }

    public mutating func writeInteger(_ value: Int32) { writeInteger(Int64(value)) }

    /// Writes an unsigned application value: minimal octets, with a leading 0x00 when the
    /// top bit is set so the value does not read as negative.
    public mutating func writeUnsigned(_ value: UInt64, tag: BERTag) {
        var contents: [UInt8] = []
        var count = 1
        while count < 8 && value >> (count * 8) != 0 { count += 1 }
        if value >> (count * 8 - 1) & 1 == 1 { contents.append(0) }
        for i in stride(from: count - 1, through: 0, by: -1) {
            contents.append(UInt8(truncatingIfNeeded: value >> (i * 8)))
        }
        write(tag, contents: contents)
    }

    public mutating func writeOctetString(_ value: some Collection<UInt8>) {
        write(.octetString, contents: value)
    }

    public mutating func writeNull() { write(.null, contents: EmptyCollection()) }

    public mutating func writeOID(_ oid: OID) { write(.objectIdentifier, contents: oid.berContents) }

    public mutating func writeSequence(_ body: (inout BERWriter) -> Void) {
        writeConstructed(.sequence, body)
    }
}
