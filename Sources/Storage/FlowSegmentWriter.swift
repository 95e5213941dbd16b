#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NetsightModel

/// Appends blocks to one segment file.
///
/// Opening an existing file checks every block (header and column CRCs) and cuts a torn or
/// corrupt tail, so a writer that died mid-block (kill -9, power loss) resumes on a clean
/// block boundary and readers never see the broken bytes followed by good ones.
///
/// Not thread-safe: one writer per file, owned by one task.
public final class FlowSegmentWriter {
    /// The file being appended to.
    public private(set) var path: String
    /// Start of the minute this segment holds (by receive time).
    public let minuteMillis: UInt64
    /// Blocks in the file, including those found at open.
    public private(set) var blockCount = 0
    /// Records in the file, including those found at open.
    public private(set) var recordCount = 0
    /// Bytes cut from a torn tail when the file was opened (0 for a clean or new file).
    public let truncatedBytes: UInt64

    private var fd: Int32
    private var end: UInt64
    private let encoder: FlowBlockEncoder
    /// The checksum of the file's format version: new files get the current version, an
    /// existing file keeps its own, so one file never mixes two.
    private let checksum: CRC32

    /// Opens `path` for appending, creating it with a file header if absent and otherwise
    /// validating it and cutting a torn tail.
    /// - Parameters:
    ///   - path: the segment file.
    ///   - minuteMillis: the minute written in a new file's header.
    public convenience init(path: String, minuteMillis: UInt64) throws {
        try self.init(path: path, minuteMillis: minuteMillis, encoder: FlowBlockEncoder())
    }

    init(path: String, minuteMillis: UInt64, encoder: FlowBlockEncoder) throws {
        self.path = path
        self.minuteMillis = minuteMillis
        self.encoder = encoder
        let fd = try PosixFile.openFile(path, flags: O_RDWR | O_CREAT)
        do {
            let size = try PosixFile.size(fd, path: path)
            var existing: CRC32?
            if size >= UInt64(FlowSegmentFormat.fileHeaderSize) {
                existing = try FlowSegmentFile.checkFileHeader(fd: fd, path: path)
                if existing == nil {
                    throw StorageError.notASegment(path: path, reason: "bad file header or unknown format version")
                }
            }
            checksum = existing ?? FlowSegmentFormat.checksum(version: FlowSegmentFormat.version)!
            if let existing {
                let scan = try FlowSegmentFile.validate(fd: fd, size: size, path: path, checksum: existing)
                blockCount = scan.blocks
                recordCount = scan.records
                end = scan.validEnd
                truncatedBytes = size - scan.validEnd
                if truncatedBytes > 0 {
                    guard ftruncate(fd, off_t(scan.validEnd)) == 0 else {
                        throw StorageError.system("truncate", path: path, errno: errno)
                    }
                    try PosixFile.sync(fd, path: path)
                }
            } else {
                // New, or torn inside its 16-byte file header: start over.
                truncatedBytes = size
                guard ftruncate(fd, 0) == 0 else { throw StorageError.system("truncate", path: path, errno: errno) }
                var header = [UInt8](repeating: 0, count: FlowSegmentFormat.fileHeaderSize)
                header.withUnsafeMutableBytes { h in
                    h.storeBytes(of: FlowSegmentFormat.fileMagic.littleEndian, toByteOffset: 0, as: UInt32.self)
                    h.storeBytes(of: FlowSegmentFormat.version.littleEndian, toByteOffset: 4, as: UInt16.self)
                    h.storeBytes(of: UInt16(FlowSegmentFormat.fileHeaderSize).littleEndian, toByteOffset: 6, as: UInt16.self)
                    h.storeBytes(of: minuteMillis.littleEndian, toByteOffset: 8, as: UInt64.self)
                }
                try header.withUnsafeBytes { try PosixFile.pwriteAll(fd, $0, at: 0, path: path) }
                end = UInt64(FlowSegmentFormat.fileHeaderSize)
            }
        } catch {
            PosixFile.closeFD(fd)
            throw error
        }
        self.fd = fd
    }

    deinit {
        if fd >= 0 { PosixFile.closeFD(fd) }
    }

    /// Appends `records` as one block per `maxRecordsPerBlock` records, each with one write.
    public func append(_ records: [FlowRecord]) throws {
        try records.withUnsafeBufferPointer { try append($0) }
    }

    func append(_ records: UnsafeBufferPointer<FlowRecord>) throws {
        guard fd >= 0 else { throw StorageError.system("write", path: path, errno: EBADF) }
        var start = 0
        while start < records.count {
            let stop = min(records.count, start + FlowSegmentFormat.maxRecordsPerBlock)
            let block = encoder.encode(UnsafeBufferPointer(rebasing: records[start..<stop]), checksum: checksum)
            do {
                try PosixFile.pwriteAll(fd, block, at: end, path: path)
            } catch {
                // Leave no partial block behind a later good one: cut back to the last
                // boundary (best effort; a reopen would cut it anyway).
                _ = ftruncate(fd, off_t(end))
                throw error
            }
            end += UInt64(block.count)
            blockCount += 1
            recordCount += stop - start
            start = stop
        }
    }

    /// Forces written blocks to disk (`fsync`): what survives a power loss. A process crash
    /// alone loses nothing already passed to `append`.
    public func flush() throws {
        guard fd >= 0 else { return }
        try PosixFile.sync(fd, path: path)
    }

    /// fsyncs and closes the file. Further appends throw.
    public func close() throws {
        guard fd >= 0 else { return }
        defer {
            PosixFile.closeFD(fd)
            fd = -1
        }
        try PosixFile.sync(fd, path: path)
    }

    /// Closes the file and renames it to `sealedPath`, then fsyncs the directory so the
    /// rename is durable. A sealed segment is complete and is not written again unless the
    /// same writer reopens its minute.
    func seal(to sealedPath: String) throws {
        try close()
        guard rename(path, sealedPath) == 0 else {
            throw StorageError.system("rename to \(sealedPath)", path: path, errno: errno)
        }
        path = sealedPath
        if let slash = sealedPath.lastIndex(of: "/") {
            try PosixFile.syncDirectory(String(sealedPath[..<slash]))
        }
    }
}
