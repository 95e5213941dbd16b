#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Analytics
import NetsightModel

/// Reads flows from a segment store, possibly while a writer (in this or another process)
/// appends to it.
///
/// Pruning, coarse to fine:
/// 1. by file name: a segment holds flows *received* in its minute M. A flow ends before it
///    is exported, so a segment with `M + 60 s + maxClockSkew <= from` cannot hold a flow
///    that reaches the window; and one with `M - maxFlowDuration > to` cannot hold a flow
///    that started by `to`. Those files are never opened.
/// 2. by block header: blocks whose `[min start, max end]` misses the window are skipped
///    after reading their header only.
/// 3. by column: only the requested columns are read, one `pread` each per block, and each
///    is checked against its CRC.
///
/// A reader stops reading a segment at the first block that is not complete (a writer may
/// be writing it right now: its declared length runs past the file size seen at open) or
/// fails a check (torn by a crash), and goes on with the next segment.
public struct FlowStoreReader: Sendable {
    /// The store's root, e.g. `<dataDir>/flows`.
    public let directory: String
    /// Longest time from a flow's start to its receipt. Bounded by the exporter's active
    /// timeout (commonly 1–30 min) plus export delay; 1 h by default. A flow received later
    /// than this after its start may be missed by windows that end before its segment.
    public let maxFlowDurationMillis: UInt64
    /// Tolerated exporter clock lead (flow end stamped after its receipt); 5 min by default.
    public let maxClockSkewMillis: UInt64

    public init(directory: String, maxFlowDurationMillis: UInt64 = 3_600_000, maxClockSkewMillis: UInt64 = 300_000) {
        self.directory = directory
        self.maxFlowDurationMillis = maxFlowDurationMillis
        self.maxClockSkewMillis = maxClockSkewMillis
    }

    /// Calls `body` with batches of records (one block each) in which only `fields` are
    /// filled; every other field keeps its `FlowRecord()` default.
    ///
    /// Selection is by block: a block is read when its `[min start, max end]` overlaps
    /// `[fromMillis, toMillis]` (both inclusive), so a batch may hold records that do not
    /// overlap the window themselves. Callers that need exact windows must filter on
    /// `startMillis`/`endMillis` (so request those fields too).
    ///
    /// The array passed to `body` is reused for the next block; keeping it is safe (it is
    /// copied on write) but costs a copy.
    /// - Returns: what was read.
    public func scan(
        fromMillis: UInt64, toMillis: UInt64, fields: FlowFieldSet, _ body: ([FlowRecord]) throws -> Void
    ) throws -> FlowScanStats {
        var records: [FlowRecord] = []
        return try scanColumns(fromMillis: fromMillis, toMillis: toMillis, fields: fields) { batch in
            batch.records(fields, into: &records)
            try body(records)
        }
    }

    /// Like `scan`, but hands over each block's columns as they are on disk, without
    /// building records: the fast path for aggregations. Same block-level window semantics.
    public func scanColumns(
        fromMillis: UInt64, toMillis: UInt64, fields: FlowFieldSet, _ body: (FlowColumnBatch) throws -> Void
    ) throws -> FlowScanStats {
        // One worker on this thread, in segment order.
        try scanColumns(fromMillis: fromMillis, toMillis: toMillis, fields: fields, workers: 1, makeState: { () }) { _, batch in
            try body(batch)
        }.stats
    }

    /// A candidate segment: its minute and the names it may have (open or sealed).
    struct Candidate {
        var minuteMillis: UInt64
        var paths: [String]
    }

    /// Segment files that may hold flows overlapping the window, oldest first.
    func segments(fromMillis from: UInt64, toMillis to: UInt64) throws -> [Candidate] {
        let lead = SegmentName.minuteMillis + maxClockSkewMillis
        let latest = to > UInt64.max - maxFlowDurationMillis ? UInt64.max : to + maxFlowDurationMillis
        var result: [Candidate] = []
        for day in try PosixFile.list(directory) {
            guard let dayStart = SegmentName.parseDay(day) else { continue }
            if dayStart + SegmentName.dayMillis + lead <= from { continue }
            if dayStart > latest { continue }
            let dayPath = directory + "/" + day
            // A name may show up twice if the writer seals it while we list: keep one entry.
            var byStem: [String: Candidate] = [:]
            for name in try PosixFile.list(dayPath) {
                guard let p = SegmentName.parseFile(name) else { continue }
                let minute = dayStart + UInt64(p.minuteOfDay) * SegmentName.minuteMillis
                if minute + lead <= from { continue }
                if minute > latest { continue }
                let stem = String(p.minuteOfDay) + "-" + p.writerID
                let open = SegmentName.fileName(minuteMillis: minute, writerID: p.writerID, sealed: false)
                let sealed = SegmentName.fileName(minuteMillis: minute, writerID: p.writerID, sealed: true)
                // Try the name listed first, then the other one in case of a rename since.
                let paths = p.sealed ? [sealed, open] : [open, sealed]
                byStem[stem] = Candidate(minuteMillis: minute, paths: paths.map { dayPath + "/" + $0 })
            }
            result += byStem.values
        }
        return result.sorted { ($0.minuteMillis, $0.paths[0]) < ($1.minuteMillis, $1.paths[0]) }
    }

    func scanSegment(
        _ segment: Candidate, from: UInt64, to: UInt64, wanted: [Int], buffers: inout ColumnBuffers,
        stats: inout FlowScanStats, _ body: (FlowColumnBatch) throws -> Void
    ) throws {
        var fd: Int32 = -1
        var path = ""
        for p in segment.paths {
            fd = open(p, O_RDONLY | O_CLOEXEC)
            if fd >= 0 {
                path = p
                break
            }
            if errno != ENOENT { throw StorageError.system("open", path: p, errno: errno) }
        }
        // Deleted by retention since listing: nothing to read.
        guard fd >= 0 else { return }
        defer { PosixFile.closeFD(fd) }
        // The size now bounds this scan: blocks appended later are left for the next scan.
        let size = try PosixFile.size(fd, path: path)
        guard size >= UInt64(FlowSegmentFormat.fileHeaderSize),
            let checksum = try FlowSegmentFile.checkFileHeader(fd: fd, path: path)
        else { return }
        stats.segments += 1
        stats.bytesRead += FlowSegmentFormat.fileHeaderSize

        var offset = UInt64(FlowSegmentFormat.fileHeaderSize)
        var columns = [UnsafeRawBufferPointer?](repeating: nil, count: FlowField.allCases.count)
        var tables = [[String]?](repeating: nil, count: FlowField.allCases.count)
        while offset < size {
            let available = Int(min(size - offset, UInt64(buffers.headerCapacity)))
            guard available >= FlowSegmentFormat.blockHeaderSize else {
                stats.stoppedAtBadBlock += 1
                return
            }
            let got = try PosixFile.readFully(fd, into: buffers.header, count: available, at: offset, path: path)
            stats.bytesRead += got
            let headerBytes = UnsafeRawBufferPointer(start: buffers.header, count: got)
            guard let dirEnd = FlowBlockHeader.directoryEnd(headerBytes), dirEnd <= got,
                let header = FlowBlockHeader.parse(headerBytes, checksum: checksum), offset + UInt64(header.blockLength) <= size
            else {
                stats.stoppedAtBadBlock += 1
                return
            }
            defer { offset += UInt64(header.blockLength) }
            if header.maxEndMillis < from || header.minStartMillis > to {
                stats.blocksSkipped += 1
                continue
            }
            for i in columns.indices {
                columns[i] = nil
                tables[i] = nil
            }
            // A column that fails its check condemns its block only: the header (checked
            // by its own CRC) gave the block's length, so the blocks after it are still
            // found and read. Stopping here would hide every later flow of the minute
            // behind one flipped bit.
            var intact = true
            for entry in header.columns {
                let f = Int(entry.fieldID)
                guard f < columns.count, wanted.contains(f) else { continue }
                let length = Int(entry.length)
                let buffer = buffers.column(f, capacity: length)
                let n = try PosixFile.readFully(fd, into: buffer, count: length, at: offset + UInt64(entry.offset), path: path)
                stats.bytesRead += n
                let bytes = UnsafeRawBufferPointer(start: buffer, count: length)
                guard n == length, checksum.checksum(bytes) == entry.crc else {
                    intact = false
                    break
                }
                if entry.encoding == FlowSegmentFormat.Encoding.dictionary.rawValue {
                    guard let table = Self.stringTable(bytes, recordCount: header.recordCount) else {
                        intact = false
                        break
                    }
                    tables[f] = table
                }
                columns[f] = bytes
            }
            guard intact else {
                stats.corruptBlocks += 1
                continue
            }
            stats.blocksRead += 1
            stats.records += header.recordCount
            try body(FlowColumnBatch(
                count: header.recordCount, minStartMillis: header.minStartMillis, maxEndMillis: header.maxEndMillis,
                columns: columns, tables: tables))
        }
    }

    /// Parses the table after `recordCount` indices and checks every index is in range,
    /// so decoding never needs a bounds check.
    static func stringTable(_ bytes: UnsafeRawBufferPointer, recordCount: Int) -> [String]? {
        var at = recordCount * 2
        guard bytes.count >= at + 4 else { return nil }
        let count = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
        at += 4
        guard count >= 1, count <= FlowSegmentFormat.maxRecordsPerBlock + 1 else { return nil }
        var table: [String] = []
        table.reserveCapacity(count)
        for _ in 0..<count {
            guard bytes.count >= at + 4 else { return nil }
            let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
            at += 4
            guard bytes.count >= at + length else { return nil }
            table.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[at..<(at + length)]), as: UTF8.self))
            at += length
        }
        for i in 0..<recordCount {
            let index = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))
            guard Int(index) < count else { return nil }
        }
        return table
    }
}

/// Reused, 16-byte-aligned read buffers: one per column plus one for block headers.
struct ColumnBuffers {
    let headerCapacity = 4096
    let header: UnsafeMutableRawPointer
    private var pointers = [UnsafeMutableRawPointer?](repeating: nil, count: FlowField.allCases.count)
    private var capacities = [Int](repeating: 0, count: FlowField.allCases.count)

    init() {
        header = .allocate(byteCount: 4096, alignment: 16)
    }

    mutating func column(_ index: Int, capacity: Int) -> UnsafeMutableRawPointer {
        if let p = pointers[index], capacities[index] >= capacity { return p }
        pointers[index]?.deallocate()
        let c = max(capacity, 64 << 10)
        let p = UnsafeMutableRawPointer.allocate(byteCount: c, alignment: 16)
        pointers[index] = p
        capacities[index] = c
        return p
    }

    func free() {
        header.deallocate()
        for p in pointers { p?.deallocate() }
    }
}
