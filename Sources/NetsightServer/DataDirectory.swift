import Foundation

/// The data directory's layout, checked for writability at start-up: an unwritable
/// directory must stop `serve` with a message naming it, not fail on the first flush.
public struct DataDirectory: Sendable {
    public let path: String
    public var flowsDirectory: String { path + "/flows" }
    public var metadataPath: String { path + "/netsight.sqlite" }

    public init(path: String) throws {
        self.path = path
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: path + "/flows", withIntermediateDirectories: true)
        } catch {
            throw DataDirectoryError(path: path, problem: "cannot create it: \(Self.cause(creating: path + "/flows", error))")
        }
        let probe = path + "/.write-test-\(getpid())"
        guard fm.createFile(atPath: probe, contents: Data([1])) else {
            throw DataDirectoryError(path: path, problem: "it is not writable")
        }
        try? fm.removeItem(atPath: probe)
    }

    /// Why `path` could not be created, in words: Foundation's own message for this is
    /// "The operation could not be completed", which tells the engineer nothing.
    static func cause(creating path: String, _ error: any Error) -> String {
        var prefix = ""
        for part in path.split(separator: "/") {
            prefix += (prefix.isEmpty && !path.hasPrefix("/") ? "" : "/") + part
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: prefix, isDirectory: &isDir) else { break }
            if !isDir.boolValue { return "\(prefix) is not a directory" }
        }
        if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain,
            let text = strerror(Int32(posix.code))
        {
            return String(cString: text)
        }
        return (error as NSError).localizedDescription
    }

    /// The data directory named by `--data-dir`, else the configuration, for query commands
    /// that must not create anything.
    public static func existing(path: String) throws -> DataDirectory.ReadOnly {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path + "/flows", isDirectory: &isDir), isDir.boolValue else {
            throw DataDirectoryError(path: path, problem: "no flow store here (run `netsight serve` first, or pass --data-dir)")
        }
        return ReadOnly(path: path)
    }

    public struct ReadOnly: Sendable {
        public let path: String
        public var flowsDirectory: String { path + "/flows" }
        public var metadataPath: String { path + "/netsight.sqlite" }
    }
}

public struct DataDirectoryError: Error, CustomStringConvertible {
    public let path: String
    public let problem: String
    public var description: String { "data directory \(path): \(problem)" }
}
