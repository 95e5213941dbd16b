import Foundation
import Testing

/// Finds the real peers the tests run. Under CI (`CI=true`) a missing peer is a test
/// failure; elsewhere the test says it skipped and why, so a developer without the
/// Debian packages can still run the rest.
enum Peers {
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The path of `program`, or nil (recording a failure under CI) when it is missing.
    static func find(_ program: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        for dir in ["/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin"] {
            let path = "\(dir)/\(program)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        if isCI {
            Issue.record("peer \(program) is not installed (scripts/install-deps.sh --test installs it)", sourceLocation: sourceLocation)
        } else {
            print("skipping: peer \(program) is not installed; run scripts/install-deps.sh --test")
        }
        return nil
    }

    /// Debian's python3, which has scapy (the pyenv one on PATH may not).
    static var python: String? { find("python3") }

    /// A script in the repository's scripts/ folder.
    static func script(_ relative: String) -> String {
        repositoryRoot + "/scripts/" + relative
    }

    static var repositoryRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }

    /// The `netsight` binary built next to the test bundle.
    static var netsightBinary: String {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var candidates = [dir.appendingPathComponent("netsight").path]
        // Test bundles may sit one level deeper (…/debug/X.xctest/…).
        candidates.append(dir.deletingLastPathComponent().appendingPathComponent("netsight").path)
        candidates.append(repositoryRoot + "/.build/debug/netsight")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    /// A fresh directory for one test, removed by the caller.
    static func temporaryDirectory(_ label: String) throws -> String {
        let path = NSTemporaryDirectory() + "netsight-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A UDP port free on 127.0.0.1 right now (the kernel's choice for port 0).
    static func freeUDPPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
