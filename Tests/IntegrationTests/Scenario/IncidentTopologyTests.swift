import Foundation
import NetsightServer
import Testing

/// The scenario network behaves as the incident test needs: every agent answers with its
/// own name, the core's LLDP-MIB (served by snmpd from lldpd over AgentX) names all 24
/// neighbours, the core's failure cuts off exactly the switches and downs the remote
/// routers' `to-core`, restore brings it all back, and the unrelated fault and the flap
/// show in the routers' ifOperStatus. Also that the generated configuration parses.
@Suite(.serialized) struct IncidentTopologyTests {
    static let lldpRemoteSysName = ".1.0.8802.1.1.2.1.4.1.1.9"
    static let ifDescr = ".1.3.6.1.2.1.2.2.1.2"
    static let ifOperStatus = ".1.3.6.1.2.1.2.2.1.8"

    @Test func topologyFailsAndRecoversForReal() async throws {
        guard let topology = try IncidentTopology(), let walk = Peers.find("snmpbulkwalk"), let get = Peers.find("snmpget") else { return }
        defer { topology.stop() }
        let clock = ContinuousClock()

        let startTime = try clock.measure { try topology.start() }
        #expect(topology.devices.count == 26)

        // The configuration it writes is one netsight accepts, with the dependency tree.
        let config = try NetsightConfiguration.parse(
            yaml: topology.devicesYAML(interval: .seconds(2), timeout: .milliseconds(500), retries: 1)
                + topology.probesYAML(interval: .seconds(1)),
            file: "scenario.yaml")
        #expect(config.devices.count == 26)
        #expect(config.devices.filter { $0.parents == ["core-1"] }.map(\.name) == topology.switches.map(\.name))
        #expect(config.devices.first { $0.name == "r-ldn" }?.site == "ldn")
        #expect(config.devices.first { $0.name == "r-ldn" }?.parents == [])
        #expect(config.probes.count == 8)
        #expect(config.probes.first?.labels == ["device": "sw-01", "site": "dc1"])
        #expect(config.probes.first?.target == "10.211.101.2:8080")

        // Every agent answers with its own name.
        let names = try ParallelWork.map(topology.devices) { try topology.sysName(of: $0) }
        #expect(names == topology.devices.map(\.name))

        // The core's LLDP-MIB lists every switch and remote router by name.
        let remoteNames = try SNMPWalkEntry.parse(snmp(walk, topology, topology.core, Self.lldpRemoteSysName))
            .map { $0.value.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        #expect(Set(remoteNames) == Set(topology.switches.map(\.name) + ["r-ldn", "r-nyc", "r-tyo", "r-fra"]), "\(remoteNames)")
        #expect(remoteNames.count == 24)

        let ldn = try #require(topology.device("r-ldn"))
        let toCore = try ifIndex(walk, topology, ldn, IncidentTopology.coreFacingInterface)
        #expect(try operStatus(get, topology, ldn, toCore) == 1)
        for (_, target) in topology.probeTargets { #expect(tcpConnects(target), "\(target) should listen") }

        // The core dies: switches and their probe targets go silent, r-ldn stays but sees
        // to-core go down.
        let failTime = try clock.measure { try topology.failCore() }
        let silent = try ParallelWork.map([topology.core] + topology.switches) { try topology.sysName(of: $0, timeout: 0.5) }
        #expect(silent.allSatisfy { $0 == nil }, "\(silent)")
        #expect(try topology.sysName(of: ldn) == "r-ldn")
        #expect(try await eventually { [2, 7].contains(try operStatus(get, topology, ldn, toCore)) }, "to-core still up after the core died")
        for (_, target) in topology.probeTargets { #expect(!tcpConnects(target), "\(target) answered with the core down") }

        // Restore: all answer again, to-core up, probe targets reachable.
        let restoreTime = try clock.measure { try topology.restoreCore() }
        let back = try ParallelWork.map(topology.devices) { try topology.sysName(of: $0) }
        #expect(back == topology.devices.map(\.name))
        #expect(try await eventually { try operStatus(get, topology, ldn, toCore) == 1 })
        for (_, target) in topology.probeTargets { #expect(tcpConnects(target)) }

        // The unrelated fault: r-sgp's svc0 goes down and comes back.
        let sgp = topology.unrelatedRouter
        let svc0 = try ifIndex(walk, topology, sgp, IncidentTopology.unrelatedInterface)
        #expect(try operStatus(get, topology, sgp, svc0) == 1)
        try topology.breakUnrelated()
        #expect(try await eventually { [2, 7].contains(try operStatus(get, topology, sgp, svc0)) })
        try topology.repairUnrelated()
        #expect(try await eventually { try operStatus(get, topology, sgp, svc0) == 1 })

        // The flap: r-fra's flap0 is seen both down and up while it flaps, then up.
        let fra = topology.flappingRouter
        let flap0 = try ifIndex(walk, topology, fra, IncidentTopology.flappingInterface)
        let flapping = Task { try await topology.flap(times: 2, period: .seconds(3)) }
        var seen: [Int] = []
        while seen.count < 40 {
            seen.append(try operStatus(get, topology, fra, flap0))
            try await Task.sleep(for: .milliseconds(200))
            if seen.contains(where: { $0 != 1 }) && seen.last == 1 && seen.count > 12 { break }
        }
        try await flapping.value
        let transitions = zip(seen, seen.dropFirst()).filter { ($0 == 1) != ($1 == 1) }.count
        #expect(transitions >= 2, "flap0 statuses seen: \(seen)")
        // Cancelled mid-flap, it leaves the interface up.
        let cancelled = Task { try await topology.flap(times: 100, period: .seconds(2)) }
        try await Task.sleep(for: .milliseconds(500))
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(try await eventually { try operStatus(get, topology, fra, flap0) == 1 })

        print("incident topology: start \(startTime) (\(topology.startPhases)), failCore \(failTime), restoreCore \(restoreTime)")
    }

    /// `snmpbulkwalk -On` of `oid` on `device`.
    func snmp(_ walk: String, _ topology: IncidentTopology, _ device: IncidentTopology.Device, _ oid: String) throws -> String {
        try runNetSNMP(
            walk, ["-On", "-v2c", "-c", IncidentTopology.community, "-t", "1", "-r", "1", device.snmpAddress, oid],
            timeout: 10, environment: topology.clientEnvironment)
    }

    /// The ifIndex whose ifDescr is `name`.
    func ifIndex(_ walk: String, _ topology: IncidentTopology, _ device: IncidentTopology.Device, _ name: String) throws -> String {
        let entry = SNMPWalkEntry.parse(try snmp(walk, topology, device, Self.ifDescr)).first { $0.value == "\"\(name)\"" }
        return try #require(entry?.oid.split(separator: ".").last.map(String.init), "no \(name) on \(device.name)")
    }

    func operStatus(_ get: String, _ topology: IncidentTopology, _ device: IncidentTopology.Device, _ index: String) throws -> Int {
        let out = try runNetSNMP(
            get, ["-On", "-v2c", "-c", IncidentTopology.community, "-t", "1", "-r", "1", device.snmpAddress, "\(Self.ifOperStatus).\(index)"],
            timeout: 10, environment: topology.clientEnvironment)
        return Int(out.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? -1
    }

    /// Whether `condition` holds within 6 s (snmpd caches the interface table for a few
    /// seconds).
    func eventually(_ condition: () throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(6)
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try condition()
    }

    /// A TCP connect to "ADDR:PORT" that succeeds within 500 ms.
    func tcpConnects(_ target: String) -> Bool {
        let parts = target.split(separator: ":")
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(parts[1])!.bigEndian
        addr.sin_addr.s_addr = inet_addr(String(parts[0]))
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if rc == 0 { return true }
        guard errno == EINPROGRESS else { return false }
        var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&pfd, 1, 500) == 1 else { return false }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
        return error == 0
    }
}
