import Foundation
import NetsightModel
import NetsightServer
import Pollers
import SNMPCodec
import Storage
import Testing

/// `netsight serve` polling several snmpsim devices at once (one community each), with
/// counters that grow at known rates: the poller builds each device's interface table,
/// LLDP neighbours and health, and its rates match the recordings' rates, across a 32-bit
/// counter wrap (a v1 device, so only 32-bit counters) and across agent restarts
/// (sysUpTime and every counter falling back to 0 together).
@Suite(.serialized) struct SnmpsimPollerTests {
    /// 32-bit octet counters of the first device wrap this long after snmpsimd starts.
    static let wrapAfter = 14
    /// The last device "restarts" every this many seconds.
    static let restartPeriod = 8

    @Test func pollerBuildsTablesAndRatesSurviveWrapAndRestart() async throws {
        guard let sim = try SnmpsimPeer(
            devices: 3, interfaces: 4, isStatic: false, prefix: "ns",
            extraArguments: ["--wrap-devices", "1", "--wrap-after", "\(Self.wrapAfter)",
                             "--restart-devices", "1", "--restart-period", "\(Self.restartPeriod)"])
        else { return }
        defer { sim.stop() }
        let started = Date()
        let (wrapping, plain, restarting) = (sim.communities[0], sim.communities[1], sim.communities[2])
        let ifInOctets1 = ".1.3.6.1.2.1.2.2.1.10.1"
        // The wrap must happen while we poll, not before.
        let before = try Self.counter32(sim, community: wrapping, oid: ifInOctets1)
        #expect(before > 1 << 31, "ifInOctets.1 of \(wrapping) already wrapped (\(before)): snmpsimd was slow to start")

        let dir = try Peers.temporaryDirectory("snmpsim-poll")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func spec(_ community: String, _ version: SNMPVersion) -> DevicePollSpec {
            DevicePollSpec(
                name: community,
                target: SNMPTarget(host: "127.0.0.1", port: sim.port, version: version, community: community, timeout: .seconds(1), retries: 2),
                site: "lab", interval: .seconds(2))
        }
        let server = try await RunningServer(dataDirectory: dir + "/data") { c in
            c.devices = [spec(wrapping, .v1), spec(plain, .v2c), spec(restarting, .v2c)]
        }
        // Poll until the wrap and two restarts are behind us.
        let end = started.addingTimeInterval(Double(Self.wrapAfter + 6))
        try await Task.sleep(for: .seconds(max(8, end.timeIntervalSinceNow)))
        try await server.stop()
        let after = try Self.counter32(sim, community: wrapping, oid: ifInOctets1)
        #expect(after < 1 << 31, "ifInOctets.1 of \(wrapping) did not wrap during the test (\(after))")

        let store = try MetadataStore(path: DataDirectory(path: dir + "/data").metadataPath)
        let devices = try store.devices()
        #expect(devices.map(\.status.device).sorted() == sim.communities)
        for community in sim.communities {
            let expected = try #require(sim.device(community)?["interfaces"] as? [[String: Any]])
            let device = try #require(devices.first { $0.status.device == community })
            #expect(device.status.error == nil, "\(community): \(device.status.error ?? "")")
            #expect(device.system?.sysName == "\(community).lab.example")
            #expect((device.health?.cpuPercents ?? []).allSatisfy { (20...60).contains($0) } && device.health?.cpuPercents.isEmpty == false)

            // The interface table, as recorded.
            let interfaces = try store.interfaces(device: community)
            #expect(interfaces.map(\.info.name) == expected.map { $0["ifName"] as? String ?? "?" })
            #expect(interfaces.map(\.info.alias) == expected.map { $0["ifAlias"] as? String ?? "?" })
            #expect(interfaces.allSatisfy { $0.info.operStatus == 1 && $0.info.speedBitsPerSecond == 1_000_000_000 })

            // Every rate the poller gave is the recorded rate; none is absurd.
            for e in expected {
                let name = try #require(e["ifName"] as? String)
                let want = try #require(e["in_bits_per_s"] as? Double)
                let samples = try store.interfaceRates(device: community, ifName: name, fromMillis: 0, toMillis: .max)
                let rates = samples.compactMap(\.inBitsPerSecond)
                #expect(samples.count >= 5, "\(community) \(name): \(samples.count) polls")
                for r in rates {
                    #expect(abs(r - want) <= 0.15 * want, "\(community) \(name): \(r) bit/s, recorded \(want)")
                }
                if community == restarting {
                    #expect(rates.count < samples.count, "\(community) \(name): a restart must leave a gap, not a rate")
                    #expect(rates.count >= 2)
                } else {
                    #expect(rates.count >= samples.count - 1, "\(community) \(name): only the first poll may lack a rate")
                }
            }
        }
        // LLDP: the ring of neighbours the recordings describe.
        let neighbours = try store.neighbours(device: wrapping)
        #expect(neighbours.contains { $0.neighbour.localPortNumber == 1 && $0.neighbour.remoteSystemName == "\(plain).lab.example" }, "\(neighbours)")
    }

    /// One Counter32 through net-snmp's snmpget.
    static func counter32(_ sim: SnmpsimPeer, community: String, oid: String) throws -> UInt64 {
        let out = try runNetSNMP(
            sim.snmpget, ["-On", "-v2c", "-c", community, "-t", "1", "-r", "1", sim.address, oid], environment: sim.clientEnvironment)
        guard let text = out.split(separator: ":").last?.trimmingCharacters(in: .whitespacesAndNewlines), let value = UInt64(text) else {
            throw ToolError(message: "no Counter32 in \(out)")
        }
        return value
    }
}
