import Foundation

extension IncidentTopology {
    /// How long start-up and restore wait for agents, listeners and LLDP before failing:
    /// all of it takes about two seconds here; the margin is for a loaded two-core machine.
    static let readyTimeout = 20.0

    func deviceDirectory(_ device: Device) -> String { "\(directory)/\(device.name)" }
    func agentXSocket(_ device: Device) -> String { "\(deviceDirectory(device))/agentx.sock" }
    func lldpSocket(_ device: Device) -> String { "\(deviceDirectory(device))/lldpd.sock" }

    /// snmpd's configuration: v2c read-only on the device address only, sysName = the
    /// device name (all namespaces share the host's UTS name), master AgentX on a socket
    /// of its own for that device's lldpd.
    func snmpdConfig(_ device: Device) -> String {
        """
        agentAddress udp:\(device.snmpAddress)
        rocommunity \(Self.community)
        sysName \(device.name)
        sysLocation \(device.site)
        master agentx
        agentXSocket \(agentXSocket(device))
        view \(Self.cacheView) included \(Self.nsCacheTable)
        rwcommunity \(cacheCommunity) \(Self.range) -V \(Self.cacheView)

        """
    }

    /// NET-SNMP-AGENT-MIB's nsCacheTable, and in it the ifTable's cache timeout.
    static let nsCacheTable = ".1.3.6.1.4.1.8072.1.5"
    static let ifTableCacheTimeout = ".1.3.6.1.4.1.8072.1.5.3.1.2.1.3.6.1.2.1.2.2"
    static let cacheView = "cacheonly"
    /// A write community that can change nothing but cache timeouts.
    var cacheCommunity: String { "cache-\(prefix)" }

    /// Makes each snmpd re-read its interface table when it is more than a second old,
    /// down from 3 s: with 3 s an interface down for less than that (a flap) could be
    /// missed entirely, and a fault would show up to 3 s late. Set over SNMP because
    /// snmpd.conf has no directive for it (the timeout is not kept across restarts).
    func shortenInterfaceCache(_ targets: [Device]) throws {
        try ParallelWork.run(targets) { device in
            try runNetSNMP(
                self.snmpset,
                ["-On", "-v2c", "-c", self.cacheCommunity, "-t", "1", "-r", "2", device.snmpAddress, Self.ifTableCacheTimeout, "i", "1"],
                timeout: 10, environment: self.clientEnvironment)
        }
    }

    /// lldpd's start-up commands (run by lldpcli): the advertised system name is the device
    /// name without changing the UTS name (so lldpd never resolves a name that is not in
    /// /etc/hosts), the management address is the SNMP address, and frames go out every
    /// `lldpInterval` seconds.
    func lldpdConfig(_ device: Device) -> String {
        """
        configure system hostname \(device.name)
        configure system ip management pattern \(device.address)
        configure lldp tx-interval \(Self.lldpInterval)
        configure lldp tx-hold \(Self.lldpHold)

        """
    }

    /// Starts snmpd on each device (in parallel), waits for their AgentX sockets, then starts
    /// lldpd, which would otherwise wait for its AgentX reconnect timer.
    func startAgents(of targets: [Device]) throws {
        var snmpds: [String: NamespaceDaemon] = [:]
        for device in targets {
            let dir = deviceDirectory(device)
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try snmpdConfig(device).write(toFile: "\(dir)/snmpd.conf", atomically: true, encoding: .utf8)
            try lldpdConfig(device).write(toFile: "\(dir)/lldpd.conf", atomically: true, encoding: .utf8)
            unlink(agentXSocket(device))
            unlink(lldpSocket(device))
            snmpds[device.name] = try NamespaceDaemon(
                ip: ip, namespace: namespace(of: device),
                [snmpd, "-f", "-C", "-c", "\(dir)/snmpd.conf", "-Lf", "\(dir)/snmpd.log"],
                environment: ["SNMP_PERSISTENT_DIR": "\(dir)/snmpd-state", "MIBS": ""], logPath: "\(dir)/snmpd.out")
        }
        withState { s in s.snmpds.merge(snmpds) { $1 } }
        try waitFor("AgentX sockets of \(targets.count) snmpd") {
            for device in targets where !FileManager.default.fileExists(atPath: agentXSocket(device)) {
                if snmpds[device.name]?.hasExited == true {
                    throw ToolError(message: "snmpd of \(device.name) exited: \(snmpds[device.name]?.log ?? "")")
                }
                return false
            }
            return true
        }
        var lldpds: [String: NamespaceDaemon] = [:]
        for device in targets {
            let dir = deviceDirectory(device)
            // r-sgp links to no other device: its lldpd runs with no ports, like a router
            // whose LLDP is on but whose neighbours are elsewhere.
            let interfaces = device.lldpInterfaces.isEmpty ? ["none"] : device.lldpInterfaces
            lldpds[device.name] = try NamespaceDaemon(
                ip: ip, namespace: namespace(of: device),
                [
                    lldpd, "-d", "-x", "-X", agentXSocket(device), "-u", lldpSocket(device), "-L", lldpcli,
                    "-I", interfaces.joined(separator: ","), "-O", "\(dir)/lldpd.conf",
                ],
                logPath: "\(dir)/lldpd.log")
        }
        withState { s in s.lldpds.merge(lldpds) { $1 } }
    }

    /// A TCP listener (python's http.server) on port 8080 of each probed switch.
    func startListeners() throws {
        var listeners: [NamespaceDaemon] = []
        for (device, _) in probeTargets {
            let dir = deviceDirectory(device)
            try FileManager.default.createDirectory(atPath: "\(dir)/www", withIntermediateDirectories: true)
            listeners.append(
                try NamespaceDaemon(
                    ip: ip, namespace: namespace(of: device),
                    [python, "-u", "-m", "http.server", "--bind", device.address, "--directory", "\(dir)/www", "\(Self.probePort)"],
                    logPath: "\(dir)/listener.log"))
        }
        withState { $0.listeners += listeners }
        let targets = probeTargets.map(\.device)
        try waitFor("TCP listeners on \(targets.count) switches") {
            for (device, listener) in zip(targets, listeners) {
                if listener.hasExited { throw ToolError(message: "listener on \(device.name) exited: \(listener.log)") }
                if !listener.log.contains("Serving HTTP") { return false }
            }
            return true
        }
    }

    /// Waits until each device's snmpd answers a sysName get with the device's name.
    func waitUntilServing(_ targets: [Device]) throws {
        var pending = targets
        try waitFor("SNMP answers from \(targets.count) devices (waiting for \(pending.map(\.name)))") {
            let answers = try ParallelWork.map(pending) { device in try self.sysName(of: device, timeout: 0.5) }
            pending = zip(pending, answers).filter { $0.0.name != $0.1 }.map(\.0)
            return pending.isEmpty
        }
    }

    /// The device's sysName over SNMP from the host, or nil on a timeout.
    func sysName(of device: Device, timeout: Double = 0.5) throws -> String? {
        let r = try runSNMPTool(
            snmpget,
            ["-On", "-v2c", "-c", Self.community, "-t", "\(timeout)", "-r", "0", device.snmpAddress, ".1.3.6.1.2.1.1.5.0"],
            timeout: timeout + 5, environment: clientEnvironment)
        guard r.status == 0, let quote = r.out.firstIndex(of: "\"") else { return nil }
        return String(r.out[r.out.index(after: quote)...].prefix { $0 != "\"" })
    }

    /// The system names of the core's LLDP neighbours, from its lldpd.
    func coreNeighbourNames() throws -> Set<String> {
        let out = try runNetSNMP(lldpcli, ["-u", lldpSocket(core), "-f", "keyvalue", "show", "neighbors"])
        return Set(
            out.split(separator: "\n").compactMap { line -> String? in
                guard let eq = line.firstIndex(of: "="), line[..<eq].hasSuffix(".chassis.name") else { return nil }
                return String(line[line.index(after: eq)...])
            })
    }

    /// Waits until the core's lldpd knows every switch and remote router.
    func waitForCoreNeighbours() throws {
        let expected = Set(core.lldpInterfaces)
        var seen: Set<String> = []
        try waitFor("LLDP neighbours of core-1 (missing \(expected.subtracting(seen).sorted()))") {
            seen = try coreNeighbourNames()
            return seen.isSuperset(of: expected)
        }
    }

    /// Polls `condition` every 50 ms until it holds or `readyTimeout` passes.
    func waitFor(_ what: @autoclosure () -> String, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(Self.readyTimeout)
        while true {
            if try condition() { return }
            if Date() > deadline { throw ToolError(message: "timed out after \(Self.readyTimeout) s waiting for \(what())") }
            usleep(50_000)
        }
    }
}

/// Runs blocking work (child processes) for each item at once, on a thread each, and
/// waits for all.
enum ParallelWork {
    /// The results in `items` order; rethrows the first error after every item has finished.
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ body: @escaping @Sendable (T) throws -> R) throws -> [R] {
        let results = ResultSlots<R>(count: items.count)
        let group = DispatchGroup()
        // A thread each, not GCD's global queue: the work blocks on child processes, and
        // GCD's bounded pool stalled when it filled up with such blocked work.
        for (index, item) in items.enumerated() {
            group.enter()
            Thread {
                results.set(index, Result { try body(item) })
                group.leave()
            }.start()
        }
        group.wait()
        return try results.values()
    }

    static func run<T: Sendable>(_ items: [T], _ body: @escaping @Sendable (T) throws -> Void) throws {
        _ = try map(items, body)
    }
}

/// The slots `ParallelWork.map` fills from several threads.
private final class ResultSlots<R: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<R, any Error>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: Result<R, any Error>) { lock.withLock { slots[index] = result } }
    func values() throws -> [R] { try lock.withLock { try slots.map { try $0!.get() } } }
}
