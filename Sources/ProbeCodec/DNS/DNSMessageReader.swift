/// Reads a DNS message with bounds checked on every access; all failures are typed
/// `DNSDecodeError`s that name the offset. Names are read with compression (RFC 1035
/// 4.1.4) under rules that make every name end: pointers only go backward, no offset is
/// visited twice, and the wire length stays within 255 bytes.
struct DNSMessageReader {
    let bytes: [UInt8]
    var offset: Int
    /// Reading stops here: the message's end, or the end of one record's data so a field
    /// cannot run into the next record.
    let limit: Int

    init(_ bytes: [UInt8], offset: Int = 0, limit: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.limit = min(limit ?? bytes.count, bytes.count)
    }

    var remaining: Int { limit - offset }

    mutating func need(_ count: Int) throws(DNSDecodeError) {
        guard count <= remaining else { throw .truncated(offset: offset, needed: count - remaining) }
    }

    mutating func u8() throws(DNSDecodeError) -> UInt8 {
        try need(1)
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16() throws(DNSDecodeError) -> UInt16 {
        try need(2)
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func u32() throws(DNSDecodeError) -> UInt32 {
        try need(4)
        defer { offset += 4 }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }

    mutating func take(_ count: Int) throws(DNSDecodeError) -> ArraySlice<UInt8> {
        try need(count)
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    /// The most pointer jumps a name may take: each jump must land on at least one label
    /// (2 wire bytes) that counts toward 255, so more than 127 cannot be a legal name.
    static let maximumJumps = 127

    /// Reads a possibly compressed name at the current offset; the offset moves past the
    /// name's bytes in place (not past what pointers lead to).
    mutating func name() throws(DNSDecodeError) -> [[UInt8]] {
        let start = offset
        var labels: [[UInt8]] = []
        var wireLength = 1
        var position = offset
        var resume: Int?
        var visited: Set<Int> = []
        var jumps = 0
        while true {
            guard position < limit else { throw .truncated(offset: position, needed: 1) }
            let length = bytes[position]
            switch length & 0xC0 {
            case 0x00:
                if length == 0 {
                    offset = resume ?? position + 1
                    return labels
                }
                let end = position + 1 + Int(length)
                guard end <= limit else { throw .truncated(offset: position + 1, needed: end - limit) }
                wireLength += 1 + Int(length)
                guard wireLength <= 255 else { throw .nameTooLong(offset: start) }
                labels.append(Array(bytes[(position + 1)..<end]))
                position = end
            case 0xC0:
                guard position + 1 < limit else { throw .truncated(offset: position + 1, needed: 1) }
                let target = Int(length & 0x3F) << 8 | Int(bytes[position + 1])
                guard target < bytes.count else { throw .pointerOutOfBounds(offset: position, target: target) }
                guard target < position else { throw .pointerNotBackward(offset: position, target: target) }
                guard visited.insert(target).inserted else { throw .pointerLoop(offset: position, target: target) }
                jumps += 1
                guard jumps <= Self.maximumJumps else { throw .tooManyPointers(offset: start) }
                if resume == nil { resume = position + 2 }
                position = target
            default:
                throw .badLabelType(offset: position, byte: length)
            }
        }
    }
}
