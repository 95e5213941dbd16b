#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file checks of a segment, used when a writer reopens one.
enum FlowSegmentFile {
    /// The checksum the file's blocks use, when the first 16 bytes are a segment header
    /// of a version this code reads; nil otherwise.
    static func checkFileHeader(fd: Int32, path: String) throws -> CRC32? {
        var header = [UInt8](repeating: 0, count: FlowSegmentFormat.fileHeaderSize)
        let n = try header.withUnsafeMutableBytes {
            try PosixFile.readFully(fd, into: $0.baseAddress!, count: $0.count, at: 0, path: path)
        }
        guard n == FlowSegmentFormat.fileHeaderSize else { return nil }
        return header.withUnsafeBytes { h -> CRC32? in
            guard UInt32(littleEndian: h.loadUnaligned(fromByteOffset: 0, as: UInt32.self)) == FlowSegmentFormat.fileMagic,
                UInt16(littleEndian: h.loadUnaligned(fromByteOffset: 6, as: UInt16.self)) == UInt16(FlowSegmentFormat.fileHeaderSize)
            else { return nil }
            return FlowSegmentFormat.checksum(version: UInt16(littleEndian: h.loadUnaligned(fromByteOffset: 4, as: UInt16.self)))
        }
    }

    struct Validation {
        /// End of the last block whose header and every column CRC check out.
        var validEnd: UInt64
        /// Intact blocks before `validEnd`, and their records.
        var blocks: Int
        var records: Int
        /// Blocks before `validEnd` with a sound header but a column failing its CRC: kept,
        /// since intact blocks follow them (readers skip them), so this is damage in the
        /// middle of the file, not a torn tail.
        var corruptBlocks = 0
    }

    /// Reads every block in full and checks its header CRC and all column CRCs. Walks
    /// from header to header until one is short or malformed; `validEnd` is the end of the
    /// last intact block, so a torn tail (a crash mid-write) is cut while a damaged block
    /// in the middle does not take the good blocks after it down with it.
    static func validate(fd: Int32, size: UInt64, path: String, checksum: CRC32) throws -> Validation {
        var result = Validation(validEnd: UInt64(FlowSegmentFormat.fileHeaderSize), blocks: 0, records: 0)
        var capacity = 1 << 20
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var offset = result.validEnd
        var pendingCorrupt = 0
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
            guard let header = FlowBlockHeader.parse(block, checksum: checksum), header.blockLength == lengthField else { break }
            var intact = true
            for c in header.columns {
                let bytes = UnsafeRawBufferPointer(rebasing: block[Int(c.offset)..<Int(c.offset + c.length)])
                if checksum.checksum(bytes) != c.crc {
                    intact = false
                    break
                }
            }
            offset += UInt64(lengthField)
            if intact {
                result.validEnd = offset
                result.blocks += 1
                result.records += header.recordCount
                result.corruptBlocks += pendingCorrupt
                pendingCorrupt = 0
            } else {
                pendingCorrupt += 1
            }
        }
        return result
    }
}
