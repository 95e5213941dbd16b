import Foundation
import NetsightModel
import Testing

@testable import Storage

/// The two segment checksums, the hardware path against the table, a damaged block in the
/// middle of a segment, and version-1 (CRC-32) files written before CRC-32C.
@Suite struct FlowSegmentChecksumTests {
    @Test func knownAnswers() {
        let check = Array("123456789".utf8)
        check.withUnsafeBytes { b in
            // The catalogue check values of CRC-32 (zlib) and CRC-32C (RFC 3720 B.4).
            #expect(CRC32.ieee.checksum(b) == 0xCBF4_3926)
            #expect(CRC32.castagnoli.checksum(b) == 0xE306_9283)
            #expect(CRC32.updateWithTable(0, b, table: CRC32.castagnoliTable) == 0xE306_9283)
        }
        // RFC 3720 B.4: 32 bytes of zeros and of 0xFF.
        [UInt8](repeating: 0, count: 32).withUnsafeBytes { #expect(CRC32.castagnoli.checksum($0) == 0x8A91_36AA) }
        [UInt8](repeating: 0xFF, count: 32).withUnsafeBytes { #expect(CRC32.castagnoli.checksum($0) == 0x62A8_AB43) }
    }

    @Test func hardwareAgreesWithTableAtEveryLengthAndAlignment() {
        var bytes = [UInt8](repeating: 0, count: 300)
        var x: UInt64 = 0x1234_5678_9ABC_DEF1
        for i in bytes.indices {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes[i] = UInt8(truncatingIfNeeded: x >> 33)
        }
        bytes.withUnsafeBytes { all in
            for start in 0..<9 {
                for length in 0..<(all.count - start) {
                    let b = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                    let table = CRC32.updateWithTable(0, b, table: CRC32.castagnoliTable)
                    #expect(CRC32.castagnoli.checksum(b) == table, "start \(start) length \(length)")
                    // Continuing over a split gives the same value as one pass.
                    let half = length / 2
                    let split = CRC32.castagnoli.update(
                        CRC32.castagnoli.checksum(UnsafeRawBufferPointer(rebasing: b[b.startIndex..<(b.startIndex + half)])),
                        UnsafeRawBufferPointer(rebasing: b[(b.startIndex + half)...]))
                    #expect(split == table)
                    if table != CRC32.castagnoli.checksum(b) || split != table { return }
                }
            }
        }
    }

    /// Three blocks, the middle one damaged in a column: readers return blocks 1 and 3,
    /// and a writer reopening the file keeps all three (it is not a torn tail).
    @Test func damagedMiddleBlockIsSkippedNotTheRest() throws {
        let dir = try TemporaryDirectory()
        let writer = try FlowStoreWriter(directory: dir.path)
        for b in 0..<3 {
            try writer.append((0..<10).map { sampleRecord(b * 10 + $0) }, receivedAtMillis: baseMinute + UInt64(b))
        }
        try writer.close()
        let path = dir.path + "/2026-11-27/1905-0.nsf"
        var bytes = try fileBytes(path)
        let blocks = blockExtents(bytes)
        try #require(blocks.count == 3)
        bytes[blocks[1].offset + blocks[1].length - 3] ^= 0x01
        try writeFileBytes(path, bytes)

        let expected = (0..<10).map { sampleRecord($0) } + (20..<30).map { sampleRecord($0) }
        let (read, stats) = try readAll(dir.path)
        #expect(read == expected)
        #expect(stats.corruptBlocks == 1)
        #expect(stats.stoppedAtBadBlock == 0)

        let reopened = try FlowStoreWriter(directory: dir.path)
        try reopened.append([sampleRecord(99)], receivedAtMillis: baseMinute + 5_000)
        try reopened.close()
        let after = try fileBytes(path)
        #expect(Array(after.prefix(bytes.count)) == bytes)
        let (reread, _) = try readAll(dir.path)
        #expect(reread == expected + [sampleRecord(99)])
    }

    /// A segment of format version 1 (CRC-32, as session-1 builds wrote) reads as before,
    /// and a writer appending to it keeps version 1, so no file mixes checksums.
    @Test func versionOneFilesStillReadAndStayVersionOne() throws {
        let dir = try TemporaryDirectory()
        let writer = try FlowStoreWriter(directory: dir.path)
        try writer.append((0..<10).map { sampleRecord($0) }, receivedAtMillis: baseMinute)
        // Left open, as after a crash, so the next writer appends to this very file.
        let openPath = dir.path + "/2026-11-27/1905-0.nsf.open"
        try writeFileBytes(openPath, downgradeToVersion1(try fileBytes(openPath)))
        _ = writer

        let (read, stats) = try readAll(dir.path)
        #expect(read == (0..<10).map { sampleRecord($0) })
        #expect(stats.corruptBlocks == 0 && stats.stoppedAtBadBlock == 0)

        let segment = try FlowSegmentWriter(path: openPath, minuteMillis: baseMinute)
        #expect(segment.blockCount == 1 && segment.truncatedBytes == 0)
        try segment.append((10..<20).map { sampleRecord($0) })
        let after = try fileBytes(openPath)
        #expect(after[4] == 1 && after[5] == 0)
        let (reread, restats) = try readAll(dir.path)
        #expect(reread == (0..<20).map { sampleRecord($0) })
        #expect(restats.corruptBlocks == 0 && restats.stoppedAtBadBlock == 0)
    }

    @Test func unknownVersionIsRefusedByWritersAndIgnoredByReaders() throws {
        let dir = try TemporaryDirectory()
        let writer = try FlowStoreWriter(directory: dir.path)
        try writer.append((0..<10).map { sampleRecord($0) }, receivedAtMillis: baseMinute)
        try writer.close()
        let path = dir.path + "/2026-11-27/1905-0.nsf"
        var bytes = try fileBytes(path)
        bytes[4] = 9
        try writeFileBytes(path, bytes)
        let (read, _) = try readAll(dir.path)
        #expect(read.isEmpty)
        #expect(throws: StorageError.self) { try FlowSegmentWriter(path: path, minuteMillis: baseMinute) }
    }

    /// Rewrites a version-2 segment as version 1: every CRC recomputed as CRC-32.
    private func downgradeToVersion1(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        bytes[4] = 1
        bytes[5] = 0
        for (offset, length) in blockExtents(bytes) {
            let header = bytes[offset..<(offset + length)].withUnsafeBytes {
                FlowBlockHeader.parse($0, checksum: .castagnoli)!
            }
            for (c, column) in header.columns.enumerated() {
                let start = offset + Int(column.offset)
                let crc = bytes[start..<(start + Int(column.length))].withUnsafeBytes { CRC32.ieee.checksum($0) }
                let at = offset + FlowSegmentFormat.blockHeaderSize + c * FlowSegmentFormat.directoryEntrySize + 12
                for k in 0..<4 { bytes[at + k] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(k))) }
            }
            let dirEnd = FlowSegmentFormat.blockHeaderSize + header.columns.count * FlowSegmentFormat.directoryEntrySize
            var crc = bytes[offset..<(offset + 32)].withUnsafeBytes { CRC32.ieee.checksum($0) }
            crc = bytes[(offset + FlowSegmentFormat.blockHeaderSize)..<(offset + dirEnd)].withUnsafeBytes {
                CRC32.ieee.update(crc, $0)
            }
            for k in 0..<4 { bytes[offset + 32 + k] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(k))) }
        }
        return bytes
    }
}
