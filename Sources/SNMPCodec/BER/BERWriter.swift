/// Appends BER TLVs with minimal (canonical) lengths and integers, as net-snmp does, so a
/// message re-encoded from a capture can equal the captured bytes.
///
/// Constructed values are written in place: a one-octet length placeholder is patched,
/// or widened to the long form, when the contents are done. Positions remembered with
/// `mark()` move with such widening, which is how USM finds its HMAC placeholder.
public struct BERWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var marks: [Int] = []

    public init(reservingCapacity capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// Remembers the current end of the output; read it back with `position(of:)`.
    public mutating func mark() -> Int {
        marks.append(bytes.count)
        return marks.count - 1
    }

    /// Where the mark points now (after any length widening).
    public func position(of mark: Int) -> Int { marks[mark] }

    /// Writes a primitive TLV.
    public mutating func write(_ tag: BERTag, contents: some Collection<UInt8>) {
        bytes.append(tag.rawValue)
        BERWriter.appendLength(contents.count, to: &bytes)
        bytes.append(contentsOf: contents)
    }

    /// Writes a primitive TLV and marks where its contents start.
    public mutating func writeMarked(_ tag: BERTag, contents: some Collection<UInt8>) -> Int {
        bytes.append(tag.rawValue)
        BERWriter.appendLength(contents.count, to: &bytes)
        let mark = mark()
        bytes.append(contentsOf: contents)
        return mark
    }

    /// Writes a constructed TLV whose contents `body` writes.
    public mutating func writeConstructed(_ tag: BERTag, _ body: (inout BERWriter) -> Void) {
        bytes.append(tag.rawValue)
        let lengthAt = bytes.count
        bytes.append(0)
        body(&self)
        let length = bytes.count - lengthAt - 1
        if length < 0x80 {
            bytes[lengthAt] = UInt8(length)
            return
        }
        var long: [UInt8] = []
        BERWriter.appendLength(length, to: &long)
        bytes.replaceSubrange(lengthAt...lengthAt, with: long)
        let shift = long.count - 1
        for i in marks.indices where marks[i] > lengthAt { marks[i] += shift }
    }

    /// Appends a definite length: short form below 128, else 0x8N and N big-endian octets.
    static func appendLength(_ length: Int, to out: inout [UInt8]) {
        guard length >= 0x80 else {
            out.append(UInt8(length))
            return
        }
        var count = 0
        while length >> (count * 8) != 0 { count += 1 }
        out.append(0x80 | UInt8(count))
        for i in stride(from: count - 1, through: 0, by: -1) {
            out.append(UInt8(truncatingIfNeeded: length >> (i * 8)))
        }
    }
}
