/// A generic BER tree, for tools and diagnostics that must show bytes the SNMP grammar
/// rejects (a `netsight snmp decode` dump, fuzz triage). Message decoding does not use it.
public indirect enum BERElement: Hashable, Sendable {
    case primitive(tag: BERTag, contents: [UInt8])
    case constructed(tag: BERTag, children: [BERElement])

    /// Parses every TLV in `bytes`, descending into constructed ones (and into OCTET
    /// STRINGs only when asked, as SNMPv3 wraps its security parameters in one).
    /// - Parameter maxDepth: nesting limit; deeper input is `too_deep`, not a stack overflow.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = BERReader.defaultMaxDepth) throws(SNMPDecodeError) -> [BERElement] {
        var reader = BERReader(bytes, maxDepth: maxDepth)
        return try parse(&reader)
    }

    private static func parse(_ reader: inout BERReader) throws(SNMPDecodeError) -> [BERElement] {
        var elements: [BERElement] = []
        while !reader.isAtEnd {
            let (tag, contents) = try reader.readTLV()
            if tag.isConstructed {
                var inner = try reader.nested(contents, "constructed \(tag)")
                elements.append(.constructed(tag: tag, children: try parse(&inner)))
            } else {
                elements.append(.primitive(tag: tag, contents: Array(reader.bytes[contents])))
            }
        }
        return elements
    }
}
