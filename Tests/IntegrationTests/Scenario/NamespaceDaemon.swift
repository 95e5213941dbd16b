import Foundation

/// A long-running program (snmpd, lldpd, a TCP listener) started inside a network
/// namespace through `ip netns exec`, stopped by its PID.
///
/// `spawnClean` rather than `PeerProcess`: the scenario starts about sixty of these, and
/// PeerProcess's python wrapper would cost a python start-up each (seconds on two cores).
/// `ip netns exec` execs the program without forking, so the PID is the daemon's own.
final class NamespaceDaemon: @unchecked Sendable {
    let name: String
    let pid: pid_t
    let logPath: String
    private let lock = NSLock()
    private var exited = false

    /// Starts `arguments` (program first) in namespace `namespace`; stdout and stderr go to
    /// `logPath`.
    init(ip: String, namespace: String, _ arguments: [String], environment: [String: String] = [:], logPath: String) throws {
        name = "\(namespace)/\((arguments[0] as NSString).lastPathComponent)"
        self.logPath = logPath
        pid = try spawnClean(ip, ["netns", "exec", namespace] + arguments, environment: environment, stdoutPath: logPath, truncate: false)
    }

    /// Whether it has exited (reaping it if so).
    var hasExited: Bool {
        lock.withLock {
            if exited { return true }
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid || r < 0 { exited = true }
            return exited
        }
    }

    /// Sends SIGTERM without waiting.
    func terminate() {
        if !hasExited { kill(pid, SIGTERM) }
    }

    /// SIGTERM, then SIGKILL after `timeout` seconds; returns once it has been reaped.
    func stop(timeout: Double = 3) {
        guard !hasExited else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(timeout)
        while !hasExited && Date() < deadline { usleep(5_000) }
        if !hasExited {
            kill(pid, SIGKILL)
            while !hasExited { usleep(5_000) }
        }
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    deinit { stop(timeout: 1) }
}
