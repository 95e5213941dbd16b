#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NetsightModel

/// Writes flows into minute segments below one directory:
/// `<directory>/YYYY-MM-DD/HHMM-<writerID>.nsf` (UTC, by receive time).
///
/// The segment being written is named `….nsf.open`; when the writer moves to another minute
/// (or closes) it fsyncs the file and renames it to `….nsf`, which marks it complete. At
/// init the writer seals any `.open` segment it left behind after a crash, cutting a torn
/// tail first. If flows for an already sealed minute arrive again (restart within the same
/// minute, clock stepped back), the writer renames that segment back to `.open`, checks it
/// and appends.
///
/// Not thread-safe: `@unchecked Sendable` only so it can be moved into the one task that owns
/// it; never call it from two tasks at once. Two processes must use different writer IDs;
/// an exclusive lock file (`.writer-<writerID>.lock`) makes a second writer with the same ID
/// fail at init instead of corrupting segments.
public final class FlowStoreWriter: @unchecked Sendable {
    /// The most records one block holds; an `append` of at most this many writes exactly one
    /// block, so a caller that retries failed appends never writes a block twice.
    public static let maxRecordsPerBlock = FlowSegmentFormat.maxRecordsPerBlock

    /// The store's root, e.g. `<dataDir>/flows`.
    public let directory: String
    public let writerID: String

    private var current: FlowSegmentWriter?
    private var lockFD: Int32
    private let encoder = FlowBlockEncoder()

    /// Opens the store for writing: creates `directory`, takes the writer lock and seals
    /// segments this writer left open.
    /// - Parameters:
    ///   - directory: the store's root (created with parents if missing).
    ///   - writerID: distinguishes writers sharing a directory; 1–64 of `[A-Za-z0-9_-]`.
    /// - Throws: `StorageError` naming the directory when it cannot be created or written.
    public init(directory: String, writerID: String = "0") throws {
        guard SegmentName.isValidWriterID(writerID) else { throw StorageError.invalidWriterID(writerID) }
        self.directory = directory
        self.writerID = writerID
        try PosixFile.makeDirectories(directory)
        if access(directory, W_OK | X_OK) != 0 {
            throw StorageError.system("write to", path: directory, errno: errno)
        }
        let lockPath = directory + "/.writer-" + writerID + ".lock"
        lockFD = try PosixFile.openFile(lockPath, flags: O_RDWR | O_CREAT)
        if flock(lockFD, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            PosixFile.closeFD(lockFD)
            throw StorageError.system("lock (another writer with ID \(writerID) is running?)", path: lockPath, errno: e)
        }
        do {
            try recoverOpenSegments()
        } catch {
            PosixFile.closeFD(lockFD)
            throw error
        }
    }

    deinit {
        try? current?.close()
        if lockFD >= 0 { PosixFile.closeFD(lockFD) }
    }

    /// Path of the segment being written, if any.
    public var currentSegmentPath: String? { current?.path }

    /// Appends `records` as one block (more if over `maxRecordsPerBlock`, 65,536) to the
    /// segment of the minute holding `receivedAtMillis`, switching segments when it changes.
    /// The block reaches the kernel with a single write, so a crash of this process after
    /// `append` returns loses nothing; a power loss loses what `flush` has not synced.
    public func append(_ records: [FlowRecord], receivedAtMillis: UInt64) throws {
        guard !records.isEmpty else { return }
        let minute = receivedAtMillis - receivedAtMillis % SegmentName.minuteMillis
        if current?.minuteMillis != minute {
            try openSegment(minute: minute)
        }
        try records.withUnsafeBufferPointer { try current!.append($0) }
    }

    /// fsyncs the current segment.
    public func flush() throws {
        try current?.flush()
    }

    /// Seals the current segment and releases the writer lock. The writer cannot be used after.
    public func close() throws {
        defer {
            if lockFD >= 0 {
                PosixFile.closeFD(lockFD)
                lockFD = -1
            }
        }
        try sealCurrent()
    }

    /// Deletes every segment (of any writer) whose minute ended at or before `olderThanMillis`,
    /// i.e. whose flows were all received before it, then removes emptied day folders. The
    /// segment this writer has open is kept.
    /// - Returns: the number of segment files deleted.
    public func deleteSegments(olderThanMillis cutoff: UInt64) throws -> Int {
        var deleted = 0
        for day in try PosixFile.list(directory).sorted() {
            guard let dayStart = SegmentName.parseDay(day), dayStart < cutoff else { continue }
            let dayPath = directory + "/" + day
            for name in try PosixFile.list(dayPath) {
                guard let parsed = SegmentName.parseFile(name) else { continue }
                let minute = dayStart + UInt64(parsed.minuteOfDay) * SegmentName.minuteMillis
                guard minute + SegmentName.minuteMillis <= cutoff else { continue }
                let path = dayPath + "/" + name
                if path == current?.path { continue }
                if unlink(path) != 0 {
                    if errno == ENOENT { continue }
                    throw StorageError.system("delete", path: path, errno: errno)
                }
                deleted += 1
            }
            // Fails with ENOTEMPTY while anything (a newer segment, a foreign file) remains.
            if rmdir(dayPath) != 0 && errno != ENOTEMPTY && errno != EEXIST && errno != ENOENT {
                throw StorageError.system("remove directory", path: dayPath, errno: errno)
            }
        }
        return deleted
    }

    private func sealCurrent() throws {
        guard let segment = current else { return }
        current = nil
        let sealed = SegmentName.path(root: directory, minuteMillis: segment.minuteMillis, writerID: writerID, sealed: true)
        try segment.seal(to: sealed)
    }

    private func openSegment(minute: UInt64) throws {
        try sealCurrent()
        let dayPath = directory + "/" + SegmentName.dayDirectory(minute)
        try PosixFile.makeDirectories(dayPath)
        let openPath = SegmentName.path(root: directory, minuteMillis: minute, writerID: writerID, sealed: false)
        let sealedPath = SegmentName.path(root: directory, minuteMillis: minute, writerID: writerID, sealed: true)
        if PosixFile.exists(sealedPath) && !PosixFile.exists(openPath) {
            guard rename(sealedPath, openPath) == 0 else {
                throw StorageError.system("rename to \(openPath)", path: sealedPath, errno: errno)
            }
        }
        current = try FlowSegmentWriter(path: openPath, minuteMillis: minute, encoder: encoder)
        // Make the new directory entry durable along with the first flush.
        try PosixFile.syncDirectory(dayPath)
    }

    /// Seals every `.open` segment of this writer ID (left by a crash), cutting torn tails.
    private func recoverOpenSegments() throws {
        for day in try PosixFile.list(directory) {
            guard let dayStart = SegmentName.parseDay(day) else { continue }
            let dayPath = directory + "/" + day
            for name in try PosixFile.list(dayPath) {
                guard let parsed = SegmentName.parseFile(name), !parsed.sealed, parsed.writerID == writerID else { continue }
                let minute = dayStart + UInt64(parsed.minuteOfDay) * SegmentName.minuteMillis
                let segment = try FlowSegmentWriter(path: dayPath + "/" + name, minuteMillis: minute, encoder: encoder)
                try segment.seal(to: SegmentName.path(root: directory, minuteMillis: minute, writerID: writerID, sealed: true))
            }
        }
    }
}
