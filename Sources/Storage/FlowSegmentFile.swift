#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file checks of a segment, used when a writer reopens one.
enum FlowSegmentFile {
    /// True when the first 16 bytes are a version-1 segment header.
    static func checkFileHeader(fd: Int32, path: String) throws -> Bool {
        var header = [UInt8](repeating: 0, count: FlowSegmentFormat.fileHeaderSize)
        let n = try header.withUnsafeMutableBytes {
            try PosixFile.readFully(fd, into: $0.baseAddress!, count: $0.count, at: 0, path: path)
        }
        guard n == FlowSegmentFormat.fileHeaderSize else { return false }
        return header.withUnsafeBytes { h in
            UInt32(littleEndian: h.loadUnaligned(fromByteOffset: 0, as: UInt32.self)) == FlowSegmentFormat.fileMagic
                && UInt16(littleEndian: h.loadUnaligned(fromByteOffset: 4, as: UInt16.self)) == FlowSegmentFormat.version
                && UInt16(littleEndian: h.loadUnaligned(fromByteOffset: 6, as: UInt16.self)) == UInt16(FlowSegmentFormat.fileHeaderSize)
        }
    }

    struct Validation {
        /// End of the last block whose header and every column CRC check out.
        var validEnd: UInt64
        var blocks: Int
        var records: Int
    }

    /// Reads every block in full and checks its header CRC and all column CRCs, stopping at
    /// the first block that is short, malformed or fails a CRC.
    static func validate(fd: Int32, size: UInt64, path: String) throws -> Validation {
        var result = Validation(validEnd: UInt64(FlowSegmentFormat.fileHeaderSize), blocks: 0, records: 0)
        var capacity = 1 << 20
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var offset = result.validEnd
        while offset + UInt64(FlowSegmentFormat.blockHeaderSize) <= size {
            let fixed = try PosixFile.readFully(fd, into: buffer, count: FlowSegmentFormat.blockHeaderSize, at: offset, path: path)
            guard fixed == FlowSegmentFormat.blockHeaderSize else { break }
            let lengthField = Int(UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
            guard FlowBlockHeader.directoryEnd(UnsafeRawBufferPointer(start: buffer, count: fixed)) != nil,
                lengthField >= FlowSegmentFormat.blockHeaderSize, lengthField <= FlowSegmentFormat.maxBlockLength,
                offset + UInt64(lengthField) <= size
            else { break }
            if lengthField > capacity {
                buffer.deallocate()
                capacity = lengthField
                buffer = .allocate(byteCount: capacity, alignment: 16)
            }
            let got = try PosixFile.readFully(fd, into: buffer, count: lengthField, at: offset, path: path)
            guard got == lengthField else { break }
            let block = UnsafeRawBufferPointer(start: buffer, count: lengthField)
            guard let header = FlowBlockHeader.parse(block), header.blockLength == lengthField else { break }
            var intact = true
            for c in header.columns {
                let bytes = UnsafeRawBufferPointer(rebasing: block[Int(c.offset)..<Int(c.offset + c.length)])
                if CRC32.checksum(bytes) != c.crc {
                    intact = false
                    break
                }
            }
            guard intact else { break }
            offset += UInt64(lengthField)
            result = Validation(validEnd: offset, blocks: result.blocks + 1, records: result.records + header.recordCount)
        }
        return result
    }
}
