/// A bounds-checked cursor whose byte order is set by the file: pcap and pcapng are written
/// in the capturing host's order, unlike network protocols.
struct CaptureByteReader {
    var inner: ByteReader
    let littleEndian: Bool

    init(_ buffer: UnsafeRawBufferPointer, littleEndian: Bool) {
        inner = ByteReader(buffer)
        self.littleEndian = littleEndian
    }

    init(_ inner: ByteReader, littleEndian: Bool) {
        self.inner = inner
        self.littleEndian = littleEndian
    }

    var remaining: Int { inner.remaining }
    var offset: Int { inner.offset }

    mutating func readU16() throws(FlowDecodeError) -> UInt16 {
        let v = try inner.readU16()
        return littleEndian ? v.byteSwapped : v
    }

    mutating func readU32() throws(FlowDecodeError) -> UInt32 {
        let v = try inner.readU32()
        return littleEndian ? v.byteSwapped : v
    }

    mutating func readU64() throws(FlowDecodeError) -> UInt64 {
        let v = try inner.readU64()
        return littleEndian ? v.byteSwapped : v
    }

    mutating func readU8() throws(FlowDecodeError) -> UInt8 { try inner.readU8() }

    mutating func skip(_ n: Int) throws(FlowDecodeError) { try inner.skip(n) }

    mutating func slice(_ n: Int) throws(FlowDecodeError) -> CaptureByteReader {
        CaptureByteReader(try inner.slice(n), littleEndian: littleEndian)
    }
}
