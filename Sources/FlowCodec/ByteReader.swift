/// A bounds-checked big-endian cursor over one datagram.
///
/// Every read checks the remaining length and throws `.truncated` instead of trapping:
/// flow datagrams come from the network and any length field may lie.
public struct ByteReader {
    public let buffer: UnsafeRawBufferPointer
    public var offset: Int

    public init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0) {
        self.buffer = buffer
        self.offset = offset
    }

    @inlinable
    public var remaining: Int { buffer.count - offset }

    @inlinable
    public mutating func readU8() throws(FlowDecodeError) -> UInt8 {
        guard remaining >= 1 else { throw .truncated(at: offset, need: 1, have: remaining) }
        defer { offset += 1 }
        return buffer[offset]
    }

    @inlinable
    public mutating func readU16() throws(FlowDecodeError) -> UInt16 {
        guard remaining >= 2 else { throw .truncated(at: offset, need: 2, have: remaining) }
        defer { offset += 2 }
        return UInt16(buffer[offset]) << 8 | UInt16(buffer[offset + 1])
    }

    @inlinable
    public mutating func readU32() throws(FlowDecodeError) -> UInt32 {
        guard remaining >= 4 else { throw .truncated(at: offset, need: 4, have: remaining) }
        defer { offset += 4 }
        return buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self).bigEndian
    }

    @inlinable
    public mutating func readU64() throws(FlowDecodeError) -> UInt64 {
        guard remaining >= 8 else { throw .truncated(at: offset, need: 8, have: remaining) }
        defer { offset += 8 }
        return buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self).bigEndian
    }

    /// A sub-reader over the next `count` bytes; the cursor moves past them.
    @inlinable
    public mutating func slice(_ count: Int) throws(FlowDecodeError) -> ByteReader {
        guard count >= 0, remaining >= count else {
            throw .truncated(at: offset, need: count, have: remaining)
        }
        let sub = ByteReader(UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + count)]))
        offset += count
        return sub
    }

    @inlinable
    public mutating func skip(_ count: Int) throws(FlowDecodeError) {
        guard count >= 0, remaining >= count else {
            throw .truncated(at: offset, need: count, have: remaining)
        }
        offset += count
    }

    /// An unsigned big-endian integer of 1...8 bytes (IPFIX reduced-size encoding, RFC 7011 §6.2).
    @inlinable
    public mutating func readUInt(length: Int) throws(FlowDecodeError) -> UInt64 {
        guard remaining >= length else { throw .truncated(at: offset, need: length, have: remaining) }
        var v: UInt64 = 0
        for i in 0..<min(length, 8) { v = v << 8 | UInt64(buffer[offset + i]) }
        offset += length
        return v
    }
}
