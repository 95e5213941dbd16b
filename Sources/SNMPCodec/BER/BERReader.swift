/// A cursor over consecutive BER TLVs inside one window of a byte array.
///
/// Positions are absolute indexes into `bytes`, so a nested reader shares the array
/// without copying and an error can name the offset in the datagram. Every length is
/// checked against the enclosing window before it is used: a length that lies is a
/// `truncated` error, never an out-of-bounds read. Nesting is capped by `maxDepth`.
public struct BERReader: Sendable {
    /// The whole input; this reader only looks at `position..<end`.
    public let bytes: [UInt8]
    public private(set) var position: Int
    public let end: Int
    /// How many constructed values enclose this reader (0 at the top).
    public let depth: Int
    public let maxDepth: Int

    /// The default nesting limit. An SNMPv3 varbind sits six levels deep; 32 leaves room
    /// for Opaque contents and tools without letting hostile input recurse for long.
    public static let defaultMaxDepth = 32

    public init(_ bytes: [UInt8], maxDepth: Int = BERReader.defaultMaxDepth) {
        self.init(bytes: bytes, window: 0..<bytes.count, depth: 0, maxDepth: maxDepth)
    }

    init(bytes: [UInt8], window: Range<Int>, depth: Int, maxDepth: Int) {
        self.bytes = bytes
        self.position = window.lowerBound
        self.end = window.upperBound
        self.depth = depth
        self.maxDepth = maxDepth
    }

    public var isAtEnd: Bool { position >= end }
    public var remaining: Int { end - position }

    /// The tag of the next TLV without consuming it, or nil at the end.
    public var nextTag: BERTag? { isAtEnd ? nil : BERTag(rawValue: bytes[position]) }

    /// Reads one TLV header and skips its contents.
    /// - Returns: the tag and the absolute range of the contents.
    public mutating func readTLV() throws(SNMPDecodeError) -> (tag: BERTag, contents: Range<Int>) {
        guard position < end else { throw .truncated(at: position, need: 2, have: 0) }
        let tagOffset = position
        let tag = BERTag(rawValue: bytes[position])
        guard tag.rawValue & 0x1F != 0x1F else {
            throw SNMPDecodeError(.unexpectedTag, "high-tag-number form at offset \(tagOffset)")
        }
        guard position + 1 < end else { throw .truncated(at: position, need: 2, have: 1) }
        let first = bytes[position + 1]
        var cursor = position + 2
        var length: Int
        if first < 0x80 {
            length = Int(first)
        } else if first == 0x80 {
            throw SNMPDecodeError(.badLength, "indefinite length at offset \(tagOffset + 1)")
        } else {
            // Four length octets address 4 GiB, far beyond any UDP datagram; more is hostile.
            let count = Int(first & 0x7F)
            guard count <= 4 else {
                throw SNMPDecodeError(.badLength, "\(count) length octets at offset \(tagOffset + 1)")
            }
            guard cursor + count <= end else {
                throw .truncated(at: cursor, need: count, have: end - cursor)
            }
            length = 0
            for i in 0..<count { length = length << 8 | Int(bytes[cursor + i]) }
            cursor += count
        }
        guard length <= end - cursor else {
            throw .truncated(at: cursor, need: length, have: end - cursor)
        }
        position = cursor + length
        return (tag, cursor..<(cursor + length))
    }

    /// Reads one TLV that must carry `tag`.
    /// - Parameter what: names the field in the error, e.g. "msgID".
    public mutating func read(_ tag: BERTag, _ what: @autoclosure () -> String) throws(SNMPDecodeError) -> Range<Int> {
        let start = position
        let tlv = try readTLV()
        guard tlv.tag == tag else {
            throw SNMPDecodeError(
                .unexpectedTag, "\(what()): tag \(tlv.tag) at offset \(start), expected \(tag)")
        }
        return tlv.contents
    }

    /// Reads a constructed TLV with `tag` and returns a reader over its contents.
    public mutating func enter(_ tag: BERTag, _ what: @autoclosure () -> String) throws(SNMPDecodeError) -> BERReader {
        let contents = try read(tag, what())
        return try nested(contents, what())
    }

    /// A reader over `window` (a range inside this reader's), one level deeper.
    public func nested(_ window: Range<Int>, _ what: @autoclosure () -> String) throws(SNMPDecodeError) -> BERReader {
        guard depth < maxDepth else {
            throw SNMPDecodeError(.tooDeep, "\(what()) at offset \(window.lowerBound) is nested more than \(maxDepth) deep")
        }
        return BERReader(bytes: bytes, window: window, depth: depth + 1, maxDepth: maxDepth)
    }

    /// Throws unless every byte of the window was consumed.
    public func finish(_ what: @autoclosure () -> String) throws(SNMPDecodeError) {
        guard isAtEnd else {
            throw SNMPDecodeError(.trailingBytes, "\(remaining) bytes after \(what()) at offset \(position)")
        }
    }
}
