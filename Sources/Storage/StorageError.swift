#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A storage failure that names the file or directory involved and, for OS calls, the
/// operating-system error, so an operator can act on the message alone.
///
/// A struct wrapping a private enum (as Hummingbird's `PersistError` does) so cases can be
/// added later without breaking callers that switch on them.
public struct StorageError: Error, CustomStringConvertible, Equatable {
    private enum Kind: Equatable {
        case system(operation: String, path: String, errno: Int32)
        case invalidWriterID(String)
        case notASegment(path: String, reason: String)
        case database(path: String, message: String)
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// An OS call (`open`, `mkdir`, `write`, ...) failed on `path` with `errno`.
    public static func system(_ operation: String, path: String, errno: Int32) -> StorageError {
        StorageError(.system(operation: operation, path: path, errno: errno))
    }

    /// The writer ID is used in file names, so it is limited to `[A-Za-z0-9_-]` (1–64 chars).
    public static func invalidWriterID(_ id: String) -> StorageError {
        StorageError(.invalidWriterID(id))
    }

    /// A file that should be a flow segment does not start with the segment header.
    public static func notASegment(path: String, reason: String) -> StorageError {
        StorageError(.notASegment(path: path, reason: reason))
    }

    /// The SQLite metadata store at `path` failed; `message` is SQLite's own text.
    public static func database(path: String, message: String) -> StorageError {
        StorageError(.database(path: path, message: message))
    }

    /// The file or directory the error is about, when there is one.
    public var path: String? {
        switch kind {
        case .system(_, let path, _), .notASegment(let path, _), .database(let path, _): path
        case .invalidWriterID: nil
        }
    }

    /// The OS error number for failed system calls, else nil.
    public var errno: Int32? {
        if case .system(_, _, let e) = kind { return e }
        return nil
    }

    public var description: String {
        switch kind {
        case .system(let op, let path, let e):
            let text = String(cString: strerror(e))
            return "\(op) \(path): \(text) (errno \(e))"
        case .invalidWriterID(let id):
            return "invalid flow writer ID \"\(id)\": use 1-64 characters from [A-Za-z0-9_-]"
        case .notASegment(let path, let reason):
            return "\(path) is not a flow segment: \(reason)"
        case .database(let path, let message):
            return "metadata store \(path): \(message)"
        }
    }
}
