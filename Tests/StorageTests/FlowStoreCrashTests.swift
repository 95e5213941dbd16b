import Foundation
import NetsightModel
import Testing

@testable import Storage

@Suite struct FlowStoreCrashTests {
    /// Writes three blocks of 10 records into minute 19:05 and returns the segment path.
    private func threeBlocks(_ dir: TemporaryDirectory, seal: Bool = true) throws -> String {
        let writer = try FlowStoreWriter(directory: dir.path)
        for b in 0..<3 {
            try writer.append((0..<10).map { sampleRecord(b * 10 + $0) }, receivedAtMillis: baseMinute + UInt64(b))
        }
        if seal { try writer.close() }
        return dir.path + "/2026-11-27/1905-0.nsf" + (seal ? "" : ".open")
    }

    enum Damage {
        case truncateInsideLastBlock
        case truncateInsideLastHeader
        case flipHeaderByte
        case flipColumnByte
    }

    @Test(arguments: [Damage.truncateInsideLastBlock, .truncateInsideLastHeader, .flipHeaderByte, .flipColumnByte])
    func damagedTailIsSkippedByReadersAndCutByWriter(_ damage: Damage) throws {
        let dir = try TemporaryDirectory()
        let path = try threeBlocks(dir)
        var bytes = try fileBytes(path)
        let blocks = blockExtents(bytes)
        #expect(blocks.count == 3)
        let last = blocks[2]
        switch damage {
        case .truncateInsideLastBlock: bytes.removeLast(last.length / 2)
        case .truncateInsideLastHeader: bytes.removeLast(last.length - 20)
        case .flipHeaderByte: bytes[last.offset + 17] ^= 0x40  // inside min start
        case .flipColumnByte: bytes[last.offset + last.length - 3] ^= 0x01  // inside the dstSite table
        }
        try writeFileBytes(path, bytes)

        // A reader keeps the first two blocks. A bad column in a sound block is skipped
        // (the header says where the next block starts); a bad header ends the segment.
        let (read, stats) = try readAll(dir.path)
        #expect(read == (0..<20).map { sampleRecord($0) })
        #expect(stats.stoppedAtBadBlock == (damage == .flipColumnByte ? 0 : 1))
        #expect(stats.corruptBlocks == (damage == .flipColumnByte ? 1 : 0))

        // Reopening the minute cuts the tail back to the end of block 2, then appends.
        let writer = try FlowStoreWriter(directory: dir.path)
        try writer.append([sampleRecord(99)], receivedAtMillis: baseMinute + 5_000)
        try writer.close()
        let after = try fileBytes(path)
        #expect(blockExtents(after).map(\.offset) == [blocks[0].offset, blocks[1].offset, last.offset])
        let (reread, restats) = try readAll(dir.path)
        #expect(reread == (0..<20).map { sampleRecord($0) } + [sampleRecord(99)])
        #expect(restats.stoppedAtBadBlock == 0)
    }

    @Test func segmentLeftOpenByACrashIsRepairedAndSealedAtInit() throws {
        let dir = try TemporaryDirectory()
        do {
            // Released without close(): the segment stays ".open", as after kill -9.
            _ = try threeBlocks(dir, seal: false)
        }
        let openPath = dir.path + "/2026-11-27/1905-0.nsf.open"
        var bytes = try fileBytes(openPath)
        bytes.removeLast(7)
        try writeFileBytes(openPath, bytes)

        let writer = try FlowStoreWriter(directory: dir.path)
        #expect(try dir.segmentFiles(dir.path) == ["2026-11-27/1905-0.nsf"])
        let sealed = try fileBytes(dir.path + "/2026-11-27/1905-0.nsf")
        #expect(blockExtents(sealed).count == 2)
        #expect(sealed.count == blockExtents(sealed)[1].offset + blockExtents(sealed)[1].length)
        try writer.close()
    }

    @Test func fileTornInsideItsHeaderIsRestarted() throws {
        let dir = try TemporaryDirectory()
        let dayPath = dir.path + "/2026-11-27"
        try FileManager.default.createDirectory(atPath: dayPath, withIntermediateDirectories: true)
        try writeFileBytes(dayPath + "/1905-0.nsf.open", [0x4E, 0x53, 0x46])
        // Readers ignore it...
        #expect(try readAll(dir.path).1.segments == 0)
        // ...and the writer starts it over.
        let writer = try FlowStoreWriter(directory: dir.path)
        try writer.append([sampleRecord(1)], receivedAtMillis: baseMinute)
        try writer.close()
        #expect(try readAll(dir.path).0 == [sampleRecord(1)])
    }

    @Test func foreignFileIsNotOverwritten() throws {
        let dir = try TemporaryDirectory()
        let dayPath = dir.path + "/2026-11-27"
        try FileManager.default.createDirectory(atPath: dayPath, withIntermediateDirectories: true)
        try writeFileBytes(dayPath + "/1905-0.nsf", Array("not a flow segment at all".utf8))
        let writer = try FlowStoreWriter(directory: dir.path)
        #expect {
            try writer.append([sampleRecord(1)], receivedAtMillis: baseMinute)
        } throws: { error in
            (error as? StorageError)?.path == dayPath + "/1905-0.nsf.open"
        }
    }

    @Test func readerSeesOnlyWholeBlocksWhileWriterAppends() async throws {
        let dir = try TemporaryDirectory()
        let writer = try FlowStoreWriter(directory: dir.path)
        let blocks = 200, perBlock = 500
        let root = dir.path
        let task = Task.detached {
            for b in 0..<blocks {
                // Keep everything in one minute so the reader keeps hitting the open file.
                try writer.append((0..<perBlock).map { sampleRecord(b * perBlock + $0) }, receivedAtMillis: baseMinute)
            }
        }
        var scans = 0
        var lastCount = 0
        while true {
            var count = 0
            var consistent = true
            _ = try FlowStoreReader(directory: root).scan(fromMillis: 0, toMillis: .max, fields: FlowFieldSet([.startMillis, .endMillis])) {
                for r in $0 where r.endMillis != r.startMillis + 500 || r.startMillis < baseMinute { consistent = false }
                count += $0.count
            }
            #expect(consistent)
            #expect(count % perBlock == 0)
            #expect(count >= lastCount)
            lastCount = count
            scans += 1
            if count == blocks * perBlock || scans > 100_000 { break }
            await Task.yield()
        }
        try await task.value
        try writer.close()
        #expect(try readAll(root).0.count == blocks * perBlock)
    }
}
