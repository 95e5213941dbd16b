import Foundation
import NetsightModel
import NetsightServer
import Pollers
import SNMPCodec
import Storage
import Testing

/// `netsight serve` polling Debian's snmpd (v2c, v3 authPriv, and v2c through a relay that
/// drops every other request) next to devices that fail (nothing listening, wrong
/// community, wrong v3 password): the healthy ones are
/// polled on time with interface tables and rates, the broken ones show an error naming
/// them, everything is visible in `/api/v1/devices`, `/metrics` and `netsight devices`,
/// and flows from the polled address get interface names.
@Suite(.serialized) struct DevicePollingEndToEndTests {
    static let interval = Duration.seconds(2)

    static func target(
        _ agent: SNMPAgentPeer, port: Int? = nil, community: String = SNMPAgentPeer.community, user: USMUser? = nil, retries: Int = 1
    ) -> SNMPTarget {
        SNMPTarget(
            host: "127.0.0.1", port: port ?? agent.port, version: user == nil ? .v2c : .v3, community: community, user: user,
            timeout: .milliseconds(300), retries: retries)
    }

    @Test func healthyDevicesArePolledOnTimeNextToBrokenOnes() async throws {
        guard let agent = try SNMPAgentPeer() else { return }
        defer { agent.stop() }
        let dir = try Peers.temporaryDirectory("polling")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let privUser = try USMUser(
            name: "privsha", authentication: .sha1, authPassword: SNMPAgentPeer.authPassword, privacy: .aes128,
            privPassword: SNMPAgentPeer.privPassword)
        let wrongUser = try USMUser(
            name: "privsha", authentication: .sha1, authPassword: "not-the-password", privacy: .aes128,
            privPassword: SNMPAgentPeer.privPassword)
        let silentPort = Peers.freeUDPPort()
        // An agent that loses every other request: retries get it through, on time.
        let python = try #require(Peers.python)
        let relayPort = Peers.freeUDPPort()
        let relay = try PeerProcess(
            python, [Peers.script("peers/udp_relay.py"), "\(relayPort)", "\(agent.port)", "--drop-every", "2"], logDirectory: dir)
        defer { relay.stop() }
        let server = try await RunningServer(dataDirectory: dir + "/data") { c in
            c.devices = [
                DevicePollSpec(name: "core-v2c", target: Self.target(agent), site: "ldn", interval: Self.interval),
                DevicePollSpec(name: "core-v3", target: Self.target(agent, user: privUser), site: "ldn", parent: "core-v2c", interval: Self.interval),
                DevicePollSpec(name: "flaky", target: Self.target(agent, port: relayPort, retries: 3), site: "ldn", interval: Self.interval),
                DevicePollSpec(name: "dead", target: Self.target(agent, port: silentPort), site: "nyc", interval: Self.interval),
                DevicePollSpec(name: "wrong-community", target: Self.target(agent, community: "nope"), interval: Self.interval),
                DevicePollSpec(name: "wrong-password", target: Self.target(agent, user: wrongUser), interval: Self.interval),
            ]
        }
        // Three cycles: the second gives the first rates.
        try await Task.sleep(for: .seconds(6.5))

        let (status, body) = try await httpGet(port: server.httpPort, path: "/api/v1/devices")
        #expect(status == 200)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]])
        let byName = Dictionary(list.compactMap { d in (d["name"] as? String).map { ($0, d) } }, uniquingKeysWith: { a, _ in a })
        #expect(Set(byName.keys) == ["core-v2c", "core-v3", "flaky", "dead", "wrong-community", "wrong-password"], "\(body)")
        let now = Date().timeIntervalSince1970 * 1000
        for name in ["core-v2c", "core-v3", "flaky"] {
            let d = try #require(byName[name])
            #expect(d["up"] as? Bool == true, "\(name): \(d)")
            #expect(d["error"] == nil)
            #expect((d["interfaceCount"] as? Int ?? 0) >= 1)
            #expect(d["sysName"] as? String == ProcessInfo.processInfo.hostName || (d["sysName"] as? String)?.isEmpty == false)
            // On time: the last poll started within one interval (plus slack) of now.
            let last = try #require(d["lastPollMillis"] as? Double)
            #expect(now - last < 2_000 + 1_500, "\(name) last polled \(now - last) ms ago")
            // The flaky one waits one 300 ms timeout per lost request.
            let budget: Double = name == "flaky" ? 1_900 : 1_000
            #expect((d["durationMillis"] as? Double ?? 9_999) < budget, "\(name) poll took \(d["durationMillis"] ?? "?") ms")
        }
        #expect(byName["core-v3"]?["parent"] as? String == "core-v2c")
        let dead = try #require(byName["dead"])
        #expect(dead["up"] as? Bool == false)
        #expect(dead["error"] as? String == "dead: timeout after 2 tries to 127.0.0.1:\(silentPort)")
        #expect((dead["consecutiveFailures"] as? Int ?? 0) >= 2)
        #expect((byName["wrong-community"]?["error"] as? String)?.hasPrefix("wrong-community: timeout after 2 tries") == true)
        #expect(byName["wrong-password"]?["error"] as? String == "wrong-password: authentication failed for user privsha on \(agent.address)")

        // Interfaces with rates: loopback counts its own SNMP traffic, so it moves.
        let (_, detailBody) = try await httpGet(port: server.httpPort, path: "/api/v1/devices/core-v2c")
        let detail = try #require(try JSONSerialization.jsonObject(with: Data(detailBody.utf8)) as? [String: Any])
        let interfaces = try #require(detail["interfaces"] as? [[String: Any]])
        let lo = try #require(interfaces.first { $0["name"] as? String == "lo" }, "\(detailBody)")
        let loIndex = try #require(lo["ifIndex"] as? Int)
        #expect(lo["operStatus"] as? Int == 1 && lo["adminStatus"] as? Int == 1)
        let rates = try #require(lo["rates"] as? [String: Any], "no rates on lo after three polls: \(lo)")
        #expect((rates["inBitsPerSecond"] as? Double ?? 0) > 0, "\(rates)")
        #expect((rates["intervalMillis"] as? Double ?? 0) >= 1_500)

        // The same rates through the series route, and the status in /metrics.
        let (seriesStatus, seriesBody) = try await httpGet(port: server.httpPort, path: "/api/v1/devices/core-v2c/interfaces/lo/rates?last=5m")
        #expect(seriesStatus == 200 && seriesBody.contains("inBitsPerSecond"))
        let metrics = try await MetricsSnapshot.fetch(httpPort: server.httpPort)
        #expect(metrics[#"netsight_snmp_device_up{device="core-v2c",site="ldn"}"#] == 1)
        #expect(metrics[#"netsight_snmp_device_up{device="dead",site="nyc"}"#] == 0)
        #expect(metrics[#"netsight_snmp_polls_total{device="core-v3",result="ok"}"#] >= 3)
        #expect(metrics[#"netsight_snmp_polls_total{device="dead",result="error"}"#] >= 2)

        // Flows from the polled address name its interfaces. (The CLI runs through
        // posix_spawn: Foundation's Process hangs here while snmpd is a child, see
        // runSNMPTool.)
        try Self.sendFlow(inIf: UInt32(loIndex), port: server.netflowPort)
        _ = try await e2eStoredFlows(server, atLeast: 1)
        try await server.stop()

        let top = try runNetSNMP(Peers.netsightBinary, ["flows", "top", "--data-dir", dir + "/data", "--by", "exporter,inif", "--last", "1h"])
        #expect(top.contains("lo (\(loIndex))"), "\(top)")
        let devices = try runNetSNMP(Peers.netsightBinary, ["devices", "--data-dir", dir + "/data"])
        #expect(devices.contains("core-v2c") && devices.contains("dead"), "\(devices)")
        #expect(devices.contains("timeout after 2 tries to 127.0.0.1:\(silentPort)"), "\(devices)")
    }

    /// One IPFIX flow from 127.0.0.1 entering at `inIf`.
    static func sendFlow(inIf: UInt32, port: Int) throws {
        typealias F = E2EIPFIXExporter.Field
        let template = [
            F(id: 8, length: 4), F(id: 12, length: 4), F(id: 1, length: 8), F(id: 2, length: 8), F(id: 10, length: 4),
            F(id: 14, length: 4), F(id: 152, length: 8), F(id: 153, length: 8),
        ]
        let now = UInt64(Date().timeIntervalSince1970 * 1000)
        var exporter = E2EIPFIXExporter(domain: 1, exportSeconds: UInt32(now / 1000))
        let message = exporter.message(
            [E2EIPFIXExporter.templateSet(id: 256, fields: template),
             E2EIPFIXExporter.dataSet(id: 256, template: template, records: [[0x0A00_0001, 0xC000_0201, 1500, 3, UInt64(inIf), 7, now - 2_000, now - 1_000]])],
            dataRecords: 1)
        try e2eSend([message], to: port)
    }
}
