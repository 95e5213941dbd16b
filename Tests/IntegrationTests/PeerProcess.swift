import Foundation
import Testing

/// A real peer program (softflowd, nfcapd, tshark, ...) started by a test and always
/// stopped by it. Output goes to files in the test's directory so a failure can show it.
final class PeerProcess: @unchecked Sendable {
    let name: String
    let process = Process()
    let logPath: String

    /// Starts `executable` with `arguments`. The log file collects stdout and stderr.
    init(_ executable: String, _ arguments: [String], logDirectory: String, environment: [String: String]? = nil) throws {
        name = (executable as NSString).lastPathComponent
        logPath = "\(logDirectory)/\(name)-\(UUID().uuidString.prefix(6)).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = FileHandle(forWritingAtPath: logPath)!
        // Started through exec_clean.py so the peer gets default signal handling whatever
        // this test process has blocked or ignored (else SIGTERM may never reach it).
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Peers.script("peers/exec_clean.py"), executable] + arguments
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        try process.run()
    }

    var isRunning: Bool { !hasExited }

    /// Whether the child has exited. Foundation's `isRunning` alone is not enough: with
    /// several children (snmpd plus a relay), it was seen to stay true after the child had
    /// exited, and `waitUntilExit` then never returned. A zombie (exited, not yet reaped)
    /// counts as exited; it is left for Foundation to reap, so tests that read the
    /// termination status still get it.
    private var hasExited: Bool {
        if !process.isRunning { return true }
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    /// Sends `signal` and waits up to `timeout` seconds, then kills.
    func stop(signal: Int32 = SIGTERM, timeout: Double = 5) {
        guard !hasExited else { return }
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while !hasExited && Date() < deadline { usleep(20_000) }
        if !hasExited {
            kill(process.processIdentifier, SIGKILL)
            while !hasExited { usleep(20_000) }
        }
        awaitFoundation()
    }

    /// Waits for the process to exit by itself, up to `timeout` seconds. When it has,
    /// Foundation has also reaped it (so `terminationStatus` may be read), unless Foundation
    /// missed the exit altogether (see `hasExited`).
    @discardableResult
    func wait(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !hasExited && Date() < deadline { usleep(20_000) }
        guard hasExited else { return false }
        awaitFoundation()
        return true
    }

    /// After an exit seen in /proc, gives Foundation up to two seconds to reap the child:
    /// reading `terminationStatus` before it has is a crash.
    private func awaitFoundation() {
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(10_000) }
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    deinit { stop(signal: SIGKILL, timeout: 1) }
}

/// Runs a program to completion and returns its standard output; throws with its stderr
/// when it fails.
@discardableResult
func runTool(_ executable: String, _ arguments: [String], timeout: Double = 60, environment: [String: String]? = nil) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    if let environment { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    // Read while it runs so a large output cannot fill the pipe and stall it.
    let outData = Locked(Data())
    let errData = Locked(Data())
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        outData.value = out.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    group.enter()
    DispatchQueue.global().async {
        errData.value = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let deadline = Date().addingTimeInterval(timeout)
    while p.isRunning && Date() < deadline { usleep(10_000) }
    if p.isRunning {
        p.terminate()
        throw ToolError(message: "\(executable) \(arguments.joined(separator: " ")) timed out after \(timeout) s")
    }
    group.wait()
    let stdout = String(decoding: outData.value, as: UTF8.self)
    guard p.terminationStatus == 0 else {
        throw ToolError(
            message: "\(executable) \(arguments.joined(separator: " ")) exited \(p.terminationStatus): "
                + String(decoding: errData.value, as: UTF8.self))
    }
    return stdout
}

struct ToolError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var _value: T
    init(_ value: T) { _value = value }
    var value: T {
        get { lock.withLock { _value } }
        set { lock.withLock { _value = newValue } }
    }
}

extension PeerProcess {
    /// The port a peer script announces with a `ready PORT` line once it listens (the
    /// scripts in scripts/peers/ bind port 0 and say which port they got); nil when it
    /// exits or says nothing within `timeout` seconds.
    func readyPort(timeout: Double = 10) -> Int? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline && isRunning {
            let found = log.split(separator: "\n").lazy.compactMap { line -> Int? in
                line.hasPrefix("ready ") ? Int(line.dropFirst(6)) : nil
            }.first
            if let found { return found }
            usleep(20_000)
        }
        return nil
    }
}
