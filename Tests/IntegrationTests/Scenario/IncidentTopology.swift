import Foundation
import Testing

/// The real network issue 5's incident scenario drives: site `dc1` with a core router
/// (`core-1`) and twenty switches behind it, four remote-site routers each with a link to
/// the core, an unrelated router at `sgp` with a breakable `svc0`, and a flapping `flap0`
/// on `r-fra`. Every device is a network namespace running Debian's snmpd (v2c community
/// `public` on its address, port 161) with lldpd feeding LLDP-MIB into it over AgentX, so
/// netsight polls real agents and learns a real topology; the first eight switches also
/// listen on TCP 8080 as probe targets.
///
/// Faults are real: `failCore()` stops the core's agents and downs all its interfaces (the
/// switches become unreachable, the remote routers' `to-core` goes oper-down);
/// `breakUnrelated()` and `flap(times:period:)` toggle the far end of a veth.
///
/// Safety (PEERS.md): everything is in 10.211.100.0/22, reached only through the host-side
/// veths this class creates; `start()` checks every device address with `ip route get`
/// before any packet is sent, and an `unreachable 10.211.100.0/22` route catches anything
/// whose specific route is gone, so nothing in the range can follow the default route.
/// One topology runs per machine at a time (a lock file); a topology left behind by a
/// killed test process is removed by the next `start()`.
///
/// Always `defer { topology.stop() }`: it is idempotent and also runs on deinit.
final class IncidentTopology: @unchecked Sendable {
    static let switchCount = 20
    /// How many switches (the first ones) listen on `probePort`.
    static let probedSwitchCount = 8
    static let probePort = 8080
    static let snmpPort = 161
    static let community = "public"
    /// The router-side interface towards the core on every remote router and switch.
    static let coreFacingInterface = "to-core"
    /// On `r-sgp`: the unrelated fault.
    static let unrelatedInterface = "svc0"
    static let unrelatedStubInterface = "sgp-svc0"
    /// On `r-fra`: the flapping interface.
    static let flappingInterface = "flap0"
    static let flappingStubInterface = "fra-flap0"
    /// The range the scenario owns.
    static let range = "10.211.100.0/22"
    /// How often lldpd sends, in seconds, and how many intervals a neighbour lives: a
    /// neighbour lost with the core is gone from LLDP-MIB within 10 s, and one missed
    /// frame on a busy machine does not drop it.
    static let lldpInterval = 1
    static let lldpHold = 10

    static let lockPath = "/tmp/netsight-incident-topology.lock"

    let plan: Plan
    /// The test's files: per-device configs, sockets, logs.
    let directory: String
    let ip: String
    let snmpd: String
    let lldpd: String
    let lldpcli: String
    let snmpget: String
    let snmpset: String
    let python: String

    private let lock = NSLock()
    private var _state = State()
    /// Runs `body` on the mutable state under the lock.
    func withState<T>(_ body: (inout State) throws -> T) rethrows -> T {
        try lock.withLock { try body(&_state) }
    }
    struct State {
        var ownsLock = false
        var created = false
        var snmpds: [String: NamespaceDaemon] = [:]
        var lldpds: [String: NamespaceDaemon] = [:]
        var listeners: [NamespaceDaemon] = []
        var startPhases = ""
    }

    /// How long each step of the last `start()` took, e.g. "network 0.4 s, ...".
    var startPhases: String { withState { $0.startPhases } }

    /// Finds the peers. Nil (a skip, or a recorded failure under `CI=true`) when one of
    /// iproute2, snmpd, snmp (snmpget), lldpd or python3 is missing.
    init?() throws {
        guard let ip = Peers.find("ip"), let snmpd = Peers.find("snmpd"), let lldpd = Peers.find("lldpd"),
            let lldpcli = Peers.find("lldpcli"), let snmpget = Peers.find("snmpget"), let snmpset = Peers.find("snmpset"),
            let python = Peers.python
        else { return nil }
        self.ip = ip
        self.snmpd = snmpd
        self.lldpd = lldpd
        self.lldpcli = lldpcli
        self.snmpget = snmpget
        self.snmpset = snmpset
        self.python = python
        // "i" + 4 hex digits: "i3f2a-core-1" is 12 characters, under the 15 of IFNAMSIZ
        // that namespace-named host veths ("i3f2aldn") must also fit.
        let tag = String(UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(4))
        plan = Plan(prefix: "i\(tag)", switchCount: Self.switchCount)
        directory = try Peers.temporaryDirectory("topology-\(tag)")
    }

    var prefix: String { plan.prefix }
    var devices: [Device] { plan.devices }
    var core: Device { plan.devices[0] }
    var switches: [Device] { plan.devices.filter { $0.role == .accessSwitch } }
    /// ldn, nyc, tyo, fra: each has `to-core`.
    var remoteRouters: [Device] { plan.devices.filter { $0.role == .remoteRouter } }
    /// r-sgp, with `svc0`.
    var unrelatedRouter: Device { plan.devices.first { $0.role == .unrelatedRouter }! }
    /// r-fra, with `flap0`.
    var flappingRouter: Device { device("r-fra")! }
    func device(_ name: String) -> Device? { plan.devices.first { $0.name == name } }
    func namespace(of device: Device) -> String { plan.namespace(device.name) }

    /// The TCP probe targets: (switch, "ADDR:8080"), the first `probedSwitchCount` switches.
    var probeTargets: [(device: Device, target: String)] {
        switches.prefix(Self.probedSwitchCount).map { ($0, "\($0.address):\(Self.probePort)") }
    }

    /// Environment for net-snmp clients (their persistent files stay in the test's directory).
    var clientEnvironment: [String: String] { ["SNMP_PERSISTENT_DIR": "\(directory)/client", "MIBS": ""] }

    // MARK: Lifecycle

    /// Builds the namespaces and links, starts every agent, and returns once every device
    /// answers SNMP, every probe target listens and the core has learnt all its LLDP
    /// neighbours. Cleans up after itself when it throws.
    func start() throws {
        do {
            try takeLock()
            withState { $0.created = true }
            var phases = PhaseTimer()
            let hostBatch = plan.hostBatch + ["route add unreachable \(Self.range)"]
            try runBatch(hostBatch, namespace: nil, name: "host")
            for ns in plan.namespaces { try runBatch(plan.namespaceBatch(ns), namespace: ns, name: ns) }
            try runIP(["netns", "exec", plan.namespace(Plan.coreName), "sysctl", "-qw", "net.ipv4.ip_forward=1"])
            try runIP(["route", "replace"] + plan.switchRoute.split(separator: " ").map(String.init))
            try requireRoutes()
            phases.lap("network")
            try startAgents(of: devices)
            phases.lap("snmpd+lldpd started")
            try startListeners()
            phases.lap("listeners")
            try waitUntilServing(devices)
            try shortenInterfaceCache(devices)
            phases.lap("snmp answers")
            try waitForCoreNeighbours()
            phases.lap("lldp")
            withState { $0.startPhases = phases.text }
        } catch {
            stop()
            throw error
        }
    }

    /// Throws unless every device address (and probe target) routes through the host veth
    /// the plan says it must: the check before any packet is sent.
    func requireRoutes() throws {
        for device in devices {
            let words = try runIP(["route", "get", device.address]).split(whereSeparator: \.isWhitespace)
            let dev = words.firstIndex(of: "dev").flatMap { $0 + 1 < words.count ? String(words[$0 + 1]) : nil }
            let expected = plan.hostInterface(for: device)
            guard dev == expected else {
                throw ToolError(message: "\(device.name) \(device.address) routes via \(dev ?? "nothing"), not \(expected): refusing to send")
            }
        }
    }

    /// The core dies: its snmpd and lldpd stop and every interface goes down, so the
    /// switches are cut off from the host and the remote routers see `to-core` lose carrier.
    /// The host routes stay (marked linkdown), so packets to the switches are dropped in the
    /// dead veth, never routed elsewhere.
    func failCore() throws {
        let (snmp, lldp) = withState { s in (s.snmpds.removeValue(forKey: Plan.coreName), s.lldpds.removeValue(forKey: Plan.coreName)) }
        lldp?.stop()
        snmp?.stop()
        try runBatch(plan.coreInterfaces.map { "link set \($0) down" }, namespace: plan.namespace(Plan.coreName), name: "core-down")
    }

    /// Brings the core back: interfaces up (their connected routes return with them), the
    /// host route re-checked, snmpd and lldpd restarted; returns when the core answers SNMP
    /// and has learnt its LLDP neighbours again and every switch answers.
    func restoreCore() throws {
        try runBatch(plan.coreInterfaces.map { "link set \($0) up" }, namespace: plan.namespace(Plan.coreName), name: "core-up")
        try runIP(["route", "replace"] + plan.switchRoute.split(separator: " ").map(String.init))
        try requireRoutes()
        try startAgents(of: [core])
        try waitUntilServing([core] + switches)
        try shortenInterfaceCache([core])
        try waitForCoreNeighbours()
    }

    /// The unrelated fault: the far end of r-sgp's `svc0` goes down, so `svc0` is oper-down.
    func breakUnrelated() throws {
        try setStub(Self.unrelatedStubInterface, up: false)
    }

    func repairUnrelated() throws {
        try setStub(Self.unrelatedStubInterface, up: true)
    }

    /// Flaps r-fra's `flap0` `times` times: down for half a `period`, up for the other
    /// half. Cancelling stops it early with the interface up again.
    func flap(times: Int, period: Duration) async throws {
        do {
            for _ in 0..<times {
                try setStub(Self.flappingStubInterface, up: false)
                try await Task.sleep(for: period / 2)
                try setStub(Self.flappingStubInterface, up: true)
                try await Task.sleep(for: period / 2)
            }
        } catch {
            try? setStub(Self.flappingStubInterface, up: true)
            throw error
        }
    }

    /// Removes everything: processes, namespaces (and so every veth), host routes, the lock
    /// and the directory. Idempotent; safe after a failed start.
    func stop() {
        let s = withState { s -> State in
            let copy = s
            s.snmpds = [:]
            s.lldpds = [:]
            s.listeners = []
            return copy
        }
        // Signal all first, then reap each: they shut down side by side.
        let daemons = Array(s.lldpds.values) + s.listeners + Array(s.snmpds.values)
        for daemon in daemons { daemon.terminate() }
        for daemon in daemons { daemon.stop() }
        if s.created { Self.removeNetwork(ip: ip, prefix: prefix) }
        if s.ownsLock { unlink(Self.lockPath) }
        withState { $0.created = false; $0.ownsLock = false }
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }

    /// Elapsed time per step, for the start-up report.
    struct PhaseTimer {
        private var last = ContinuousClock.now
        private(set) var text = ""
        mutating func lap(_ name: String) {
            let now = ContinuousClock.now
            let seconds = Double((now - last).components.attoseconds) / 1e18 + Double((now - last).components.seconds)
            text += (text.isEmpty ? "" : ", ") + "\(name) \(String(format: "%.2f", seconds)) s"
            last = now
        }
    }

    // MARK: Helpers

    private func setStub(_ interface: String, up: Bool) throws {
        try runIP(["-n", plan.stubNamespace, "link", "set", interface, up ? "up" : "down"])
    }

    /// Runs `ip [-n NS] -batch FILE`: one process for many changes.
    func runBatch(_ lines: [String], namespace: String?, name: String) throws {
        let path = "\(directory)/\(name).ipbatch"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try runIP((namespace.map { ["-n", $0] } ?? []) + ["-batch", path])
    }

    /// Runs `ip` to completion. Through posix_spawn (`runSNMPTool`), not Foundation's
    /// Process: a few milliseconds each, where Process calls made from several threads at
    /// once took seconds here.
    @discardableResult
    func runIP(_ arguments: [String]) throws -> String {
        try Self.runIP(ip, arguments)
    }

    @discardableResult
    static func runIP(_ ip: String, _ arguments: [String]) throws -> String {
        try runNetSNMP(ip, arguments, timeout: 30)
    }

    /// Takes the machine-wide lock, first removing a topology whose owner has died.
    private func takeLock() throws {
        for _ in 0..<2 {
            let fd = open(Self.lockPath, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if fd >= 0 {
                let text = "\(getpid()) \(prefix) \(directory)\n"
                _ = text.withCString { write(fd, $0, strlen($0)) }
                close(fd)
                withState { $0.ownsLock = true }
                let existing = try runIP(["-4", "addr", "show", "to", Self.range])
                guard existing.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw ToolError(message: "\(Self.range) is already on this host: \(existing)")
                }
                return
            }
            let owner = (try? String(contentsOfFile: Self.lockPath, encoding: .utf8))?.split(separator: " ") ?? []
            if let pid = owner.first.flatMap({ pid_t($0) }), kill(pid, 0) == 0 {
                throw ToolError(message: "another incident topology (pid \(pid), prefix \(owner.dropFirst().first ?? "?")) is running")
            }
            if owner.count == 3 {
                Self.removeNetwork(ip: ip, prefix: String(owner[1]))
                let staleDirectory = owner[2].trimmingCharacters(in: .whitespacesAndNewlines)
                if staleDirectory.hasPrefix(NSTemporaryDirectory() + "netsight-topology-") {
                    try? FileManager.default.removeItem(atPath: staleDirectory)
                }
            }
            unlink(Self.lockPath)
        }
        throw ToolError(message: "cannot take \(Self.lockPath)")
    }

    /// Kills whatever runs in the prefix's namespaces, deletes them (their veths go with
    /// them) and the host routes into the range.
    private static func removeNetwork(ip: String, prefix: String) {
        let names = ((try? runIP(ip, ["netns", "list"])) ?? "").split(separator: "\n")
            .compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { $0.hasPrefix("\(prefix)-") }
        for ns in names {
            let pids = ((try? runIP(ip, ["netns", "pids", ns])) ?? "").split(whereSeparator: \.isWhitespace).compactMap { pid_t($0) }
            for pid in pids { kill(pid, SIGKILL) }
        }
        let path = NSTemporaryDirectory() + "netsight-topology-cleanup-\(prefix).ipbatch"
        try? (names.map { "netns del \($0)" }.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        if !names.isEmpty { _ = try? runIP(ip, ["-force", "-batch", path]) }
        unlink(path)
        // Host ends of the management veths normally vanish with their namespaces.
        let links = ((try? runIP(ip, ["-o", "link", "show"])) ?? "").split(separator: "\n")
            .compactMap { $0.split(separator: ":").dropFirst().first?.trimmingCharacters(in: .whitespaces) }
            .map { String($0.split(separator: "@")[0]) }
            .filter { $0.hasPrefix(prefix) }
        for link in links { _ = try? runIP(ip, ["link", "del", link]) }
        _ = try? runIP(ip, ["route", "del", "10.211.101.0/24"])
        _ = try? runIP(ip, ["route", "del", "unreachable", range])
    }
}
