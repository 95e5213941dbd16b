import Analytics
import NetsightModel

/// Constants and layout rules of the flow segment file format (docs/flow-segment-format.md
/// documents it byte by byte). Everything is little-endian except IP addresses, which are
/// stored as their 16 bytes in network order.
enum FlowSegmentFormat {
    /// "NSF1" as bytes `4E 53 46 31`, read as a little-endian `UInt32`.
    static let fileMagic: UInt32 = 0x3146_534E
    /// "NSB1" as bytes `4E 53 42 31`, read as a little-endian `UInt32`.
    static let blockMagic: UInt32 = 0x3142_534E
    /// The version new files get. 1: CRC-32 (IEEE); 2: CRC-32C. Otherwise identical, so a
    /// reader handles both and a writer appending to an old open file keeps its version.
    static let version: UInt16 = 2

    /// The checksum of a format version, nil for versions this code does not know.
    static func checksum(version: UInt16) -> CRC32? {
        switch version {
        case 1: .ieee
        case 2: .castagnoli
        default: nil
        }
    }
    /// magic(4) version(2) headerSize(2) minuteMillis(8).
    static let fileHeaderSize = 16
    /// magic(4) blockLength(4) recordCount(4) columnCount(2) flags(2) minStart(8)
    /// maxEnd(8) headerCRC(4) reserved(4).
    static let blockHeaderSize = 40
    /// fieldID(1) encoding(1) valueWidth(2) offset(4) length(4) crc(4).
    static let directoryEntrySize = 16
    /// Records per block at most. Dictionary indices are `UInt16`, so a block can never
    /// hold more than 65,536 distinct strings; capping records at that keeps every index
    /// in range, and bounds the writer's buffer (~10 MB) and a reader's per-block work.
    static let maxRecordsPerBlock = 65_536
    /// A block larger than this is treated as corrupt rather than allocated.
    static let maxBlockLength = 256 << 20

    /// How a column's bytes are laid out.
    enum Encoding: UInt8 {
        /// `recordCount` fixed-width values back to back.
        case plain = 0
        /// `recordCount` `UInt16` indices, then a string table: `UInt32` count, then per
        /// string a `UInt32` byte length and its UTF-8 bytes.
        case dictionary = 1
    }

    /// Bytes per value of a plain column; 2 (the index width) for dictionary columns.
    /// One definition with the in-memory column view, so the two cannot disagree.
    static func valueWidth(_ field: FlowField) -> Int { FlowColumnBatch.plainWidth(field) }

    static func encoding(_ field: FlowField) -> Encoding {
        FlowColumnBatch.isDictionary(field) ? .dictionary : .plain
    }

    /// Bytes of all plain columns for one record (the dictionary indices excluded).
    static let plainBytesPerRecord: Int = FlowField.allCases
        .filter { encoding($0) == .plain }
        .reduce(0) { $0 + valueWidth($1) }

    /// File name suffix of a closed (sealed) segment.
    static let sealedSuffix = ".nsf"
    /// File name suffix of the segment a writer is appending to right now.
    static let openSuffix = ".nsf.open"
}

/// One column directory entry of a block header.
struct FlowColumnEntry: Sendable {
    var fieldID: UInt8
    var encoding: UInt8
    var valueWidth: UInt16
    /// From the start of the block.
    var offset: UInt32
    var length: UInt32
    var crc: UInt32
}

/// A parsed and checked block header with its column directory.
struct FlowBlockHeader: Sendable {
    var blockLength: Int
    var recordCount: Int
    var minStartMillis: UInt64
    var maxEndMillis: UInt64
    var columns: [FlowColumnEntry]

    /// Parses the header at the start of `bytes` (which must hold at least the header and
    /// directory; check `directoryEnd` first). Returns nil for anything inconsistent: bad
    /// magic, bad header CRC, columns outside the block, a plain column of the wrong size.
    static func parse(_ bytes: UnsafeRawBufferPointer, checksum: CRC32) -> FlowBlockHeader? {
        guard bytes.count >= FlowSegmentFormat.blockHeaderSize else { return nil }
        func u32(_ o: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: o, as: UInt32.self)) }
        func u64(_ o: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: o, as: UInt64.self)) }
        guard u32(0) == FlowSegmentFormat.blockMagic else { return nil }
        let blockLength = Int(u32(4))
        let recordCount = Int(u32(8))
        let columnCount = Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 12, as: UInt16.self)))
        let dirEnd = FlowSegmentFormat.blockHeaderSize + columnCount * FlowSegmentFormat.directoryEntrySize
        guard bytes.count >= dirEnd, blockLength >= dirEnd, blockLength <= FlowSegmentFormat.maxBlockLength,
            recordCount <= FlowSegmentFormat.maxRecordsPerBlock
        else { return nil }
        var crc = checksum.update(0, UnsafeRawBufferPointer(rebasing: bytes[0..<32]))
        crc = checksum.update(crc, UnsafeRawBufferPointer(rebasing: bytes[FlowSegmentFormat.blockHeaderSize..<dirEnd]))
        guard crc == u32(32) else { return nil }
        var columns: [FlowColumnEntry] = []
        columns.reserveCapacity(columnCount)
        for c in 0..<columnCount {
            let o = FlowSegmentFormat.blockHeaderSize + c * FlowSegmentFormat.directoryEntrySize
            let e = FlowColumnEntry(
                fieldID: bytes[o], encoding: bytes[o + 1],
                valueWidth: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: o + 2, as: UInt16.self)),
                offset: u32(o + 4), length: u32(o + 8), crc: u32(o + 12))
            guard Int(e.offset) >= dirEnd, Int(e.offset) + Int(e.length) <= blockLength else { return nil }
            if let field = FlowField(rawValue: e.fieldID) {
                // A known column must have the layout this reader expects, or decoding it
                // would read past its end.
                guard e.encoding == FlowSegmentFormat.encoding(field).rawValue,
                    Int(e.valueWidth) == FlowSegmentFormat.valueWidth(field)
                else { return nil }
                if e.encoding == FlowSegmentFormat.Encoding.plain.rawValue {
                    guard Int(e.length) == recordCount * Int(e.valueWidth) else { return nil }
                } else {
                    guard Int(e.length) >= recordCount * 2 + 4 else { return nil }
                }
            }
            columns.append(e)
        }
        return FlowBlockHeader(
            blockLength: blockLength, recordCount: recordCount,
            minStartMillis: u64(16), maxEndMillis: u64(24), columns: columns)
    }

    /// Bytes from the block start to the end of the column directory, from the fixed header
    /// alone (so a reader knows how much to read before `parse`).
    static func directoryEnd(_ fixedHeader: UnsafeRawBufferPointer) -> Int? {
        guard fixedHeader.count >= FlowSegmentFormat.blockHeaderSize,
            UInt32(littleEndian: fixedHeader.loadUnaligned(as: UInt32.self)) == FlowSegmentFormat.blockMagic
        else { return nil }
        let columnCount = Int(UInt16(littleEndian: fixedHeader.loadUnaligned(fromByteOffset: 12, as: UInt16.self)))
        return FlowSegmentFormat.blockHeaderSize + columnCount * FlowSegmentFormat.directoryEntrySize
    }
}
