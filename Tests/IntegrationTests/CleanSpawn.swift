import Foundation

/// Starts `executable` with posix_spawn, stdin from /dev/null, stdout to `stdoutPath` and
/// stderr to `stderrPath` (or with stdout when nil), and returns its PID.
///
/// The child gets an empty signal mask and default dispositions, as exec_clean.py gives a
/// `PeerProcess`, so SIGTERM reaches it whatever this test process blocks. For the places
/// where Foundation's Process or a python start-up per child does not fit: net-snmp tools
/// next to a running snmpd, and the scenario's sixty namespace daemons.
func spawnClean(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:], stdoutPath: String,
    stderrPath: String? = nil, truncate: Bool = true
) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    let mode = O_WRONLY | O_CREAT | (truncate ? O_TRUNC : O_APPEND)
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, mode, 0o644)
    if let stderrPath {
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, mode, 0o644)
    } else {
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
    }
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
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    guard rc == 0 else { throw ToolError(message: "cannot start \(executable) \(arguments.joined(separator: " ")): errno \(rc)") }
    return pid
}
