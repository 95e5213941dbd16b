extension ScopedPDU {
    /// Decodes a ScopedPDU SEQUENCE from the start of `bytes`.
    /// - Parameter allowPadding: accept bytes after the SEQUENCE, as decrypted DES
    ///   plaintext has (RFC 3414 8.3.2: padding to the cipher's block size).
    public static func decode(_ bytes: [UInt8], allowPadding: Bool = false) throws(SNMPDecodeError) -> ScopedPDU {
        var reader = BERReader(bytes)
        let scoped = try read(from: &reader)
        if !allowPadding { try reader.finish("scopedPDU") }
        return scoped
    }

    static func read(from reader: inout BERReader) throws(SNMPDecodeError) -> ScopedPDU {
        var body = try reader.enter(.sequence, "scopedPDU")
        let engineID = try body.readOctetString("contextEngineID")
        let name = try body.readOctetString("contextName")
        let pdu = try SNMPPDU.read(from: &body)
        try body.finish("scopedPDU")
        return ScopedPDU(contextEngineID: engineID, contextName: name, pdu: pdu)
    }

    public func write(to writer: inout BERWriter) {
        writer.writeSequence { w in
            w.writeOctetString(contextEngineID)
            w.writeOctetString(contextName)
            pdu.write(to: &w)
        }
    }

    /// The ScopedPDU SEQUENCE alone: the plaintext USM encrypts.
    public func encode() -> [UInt8] {
        var writer = BERWriter()
        write(to: &writer)
        return writer.bytes
    }
}
