import Foundation
import Testing

/// Debian's snmpd on 127.0.0.1 and a free high port, with a v2c community and v3 users
/// at every level, for the SNMP comparison tests. Stopped by PID.
final class SNMPAgentPeer: @unchecked Sendable {
    static let community = "netsight-ro"
    /// (user, -a, -x or nil): authNoPriv SHA, authPriv SHA/AES, authPriv MD5/DES.
    static let users: [(name: String, auth: String, priv: String?)] = [
        ("authsha", "SHA", nil), ("privsha", "SHA", "AES"), ("privmd5", "MD5", "DES"),
    ]
    static let authPassword = "auth-pass-123"
    static let privPassword = "priv-pass-456"

    let port: Int
    let directory: String
    let process: PeerProcess
    let snmpbulkwalk: String
    let snmpget: String

    init?() throws {
        guard let snmpd = Peers.find("snmpd"), let walk = Peers.find("snmpbulkwalk"), let get = Peers.find("snmpget") else {
            return nil
        }
        snmpbulkwalk = walk
        snmpget = get
        directory = try Peers.temporaryDirectory("snmpd")
        port = Peers.freeUDPPort()
        var config = """
            agentAddress udp:127.0.0.1:\(port),udp6:[::1]:\(port)
            rocommunity \(SNMPAgentPeer.community) 127.0.0.1
            rocommunity6 \(SNMPAgentPeer.community) ::1
            load 12 10 5

            """
        for user in SNMPAgentPeer.users {
            let priv = user.priv.map { " \($0) \"\(SNMPAgentPeer.privPassword)\"" } ?? ""
            config += "createUser \(user.name) \(user.auth) \"\(SNMPAgentPeer.authPassword)\"\(priv)\n"
            config += "rouser \(user.name) \(user.priv == nil ? "auth" : "priv")\n"
        }
        try config.write(toFile: "\(directory)/snmpd.conf", atomically: true, encoding: .utf8)
        process = try PeerProcess(
            snmpd, ["-f", "-C", "-c", "\(directory)/snmpd.conf", "-Lf", "\(directory)/snmpd.log"],
            logDirectory: directory,
            environment: ["SNMP_PERSISTENT_DIR": "\(directory)/agent", "MIBS": ""])
        // Ready when it answers.
        let deadline = Date().addingTimeInterval(10)
        var lastError = ""
        while Date() < deadline {
            do {
                let out = try runNetSNMP(
                    get, ["-On", "-v2c", "-c", SNMPAgentPeer.community, "-t", "0.3", "-r", "0", "127.0.0.1:\(port)", ".1.3.6.1.2.1.1.5.0"],
                    timeout: 5, environment: Self.clientEnvironment(directory))
                if out.contains(" = ") { return }
                lastError = out
            } catch {
                lastError = "\(error)"
            }
            usleep(100_000)
        }
        process.stop()
        Issue.record("snmpd did not answer on 127.0.0.1:\(port): \(lastError) \(process.log) \((try? String(contentsOfFile: "\(directory)/snmpd.log", encoding: .utf8)) ?? "")")
        try? FileManager.default.removeItem(atPath: directory)
        return nil
    }

    static func clientEnvironment(_ directory: String) -> [String: String] {
        ["SNMP_PERSISTENT_DIR": "\(directory)/client", "MIBS": ""]
    }

    var clientEnvironment: [String: String] { Self.clientEnvironment(directory) }

    var address: String { "127.0.0.1:\(port)" }
    /// The same agent over IPv6 loopback, in net-snmp's syntax.
    var address6: String { "udp6:[::1]:\(port)" }

    /// Credentials as net-snmp options (the same for both tools).
    static func credentials(user: (name: String, auth: String, priv: String?)?) -> [String] {
        guard let user else { return ["-v", "2c", "-c", community] }
        var args = ["-v", "3", "-u", user.name, "-l", user.priv == nil ? "authNoPriv" : "authPriv", "-a", user.auth, "-A", authPassword]
        if let priv = user.priv { args += ["-x", priv, "-X", privPassword] }
        return args
    }

    func stop() {
        process.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Runs a program to completion: exit status, stdout, stderr, seconds taken.
///
/// `spawnClean` and waitpid rather than Foundation's Process: with snmpd running as a
/// PeerProcess, Process.isRunning never turned false for the net-snmp tools here.
func runSNMPTool(_ executable: String, _ arguments: [String], timeout: Double = 60, environment: [String: String]? = nil) throws -> (status: Int32, out: String, err: String, seconds: Double) {
    let base = NSTemporaryDirectory() + "netsight-snmptool-\(UUID().uuidString.prefix(8))"
    defer {
        unlink(base + ".out")
        unlink(base + ".err")
    }
    let started = Date()
    let pid = try spawnClean(executable, arguments, environment: environment ?? [:], stdoutPath: base + ".out", stderrPath: base + ".err")
    var status: Int32 = 0
    while true {
        let r = waitpid(pid, &status, WNOHANG)
        if r == pid { break }
        if r < 0 { throw ToolError(message: "waitpid failed for \(executable): errno \(errno)") }
        if Date().timeIntervalSince(started) > timeout {
            kill(pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
            throw ToolError(message: "\(executable) \(arguments.joined(separator: " ")) timed out after \(timeout) s")
        }
        usleep(5_000)
    }
    let seconds = Date().timeIntervalSince(started)
    let out = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
    let err = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
    let exitStatus: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return (exitStatus, out, err, seconds)
}

/// `runSNMPTool` that returns stdout and throws with stderr when the exit status is not 0.
@discardableResult
func runNetSNMP(_ tool: String, _ arguments: [String], timeout: Double = 60, environment: [String: String]? = nil) throws -> String {
    let r = try runSNMPTool(tool, arguments, timeout: timeout, environment: environment)
    guard r.status == 0 else {
        throw ToolError(message: "\(tool) \(arguments.joined(separator: " ")) exited \(r.status): \(r.err)")
    }
    return r.out
}

/// One `-On` entry: OID, type label and value text (a Hex-STRING's continuation lines
/// joined back on).
struct SNMPWalkEntry: Equatable, CustomStringConvertible {
    var oid: String
    var type: String
    var value: String

    var description: String { "\(oid) = \(type.isEmpty ? "" : type + ": ")\(value)" }

    /// Types whose values change between two walks of a live agent.
    var isVolatileType: Bool { ["Counter32", "Counter64", "Timeticks"].contains(type) }
    var isNumericType: Bool { ["Counter32", "Counter64", "Timeticks", "INTEGER", "Gauge32"].contains(type) }

    static func parse(_ output: String) -> [SNMPWalkEntry] {
        var entries: [SNMPWalkEntry] = []
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("."), let eq = line.range(of: " = ") {
                let oid = String(line[..<eq.lowerBound])
                let rest = line[eq.upperBound...]
                // "TYPE: value", or a bare value ("" for an empty string, the exception texts).
                if let colon = rest.range(of: ": "), !rest[..<colon.lowerBound].contains(" "), !rest.hasPrefix("\"") {
                    entries.append(SNMPWalkEntry(oid: oid, type: String(rest[..<colon.lowerBound]), value: String(rest[colon.upperBound...])))
                } else {
                    entries.append(SNMPWalkEntry(oid: oid, type: "", value: String(rest)))
                }
            } else if !line.isEmpty, !entries.isEmpty {
                entries[entries.count - 1].value += "\n" + line
            }
        }
        return entries
    }
}
