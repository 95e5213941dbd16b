import Foundation

/// A long-running program (snmpd, lldpd, a TCP listener) started inside a network
/// namespace through `ip netns exec`, stopped by its PID.
///
/// posix_spawn rather than `PeerProcess`: the scenario starts about sixty of these, and
/// PeerProcess's python wrapper would cost a python start-up each (seconds on two cores).
/// The child still gets what the wrapper gives: an empty signal mask and default
/// dispositions, so SIGTERM reaches it. `ip netns exec` execs the program without forking,
/// so the PID is the daemon's own.
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
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let env = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        let argv: [UnsafeMutablePointer<CChar>?] = ([ip, "netns", "exec", namespace] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let rc = posix_spawn(&child, ip, &actions, &attributes, argv, envp)
        guard rc == 0 else { throw ToolError(message: "cannot start \(arguments.joined(separator: " ")) in \(namespace): errno \(rc)") }
        pid = child
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
