import Collectors
import Foundation
import NetsightModel
import NetsightServer
import Storage
import Testing

/// Debian's snmptrap and snmpinform (net-snmp) against `netsight serve` in-process: v1,
/// v2c and v3 traps and informs are stored as events, informs are acknowledged (the tools
/// exit 0 only then), and garbage on the trap port is counted by reason without stopping it.
@Suite(.serialized) struct TrapReceiverTests {
    static let user = (name: "trapper", auth: "trapauthpass", priv: "trapprivpass")

    @Test func netSNMPTrapsAndInformsAreStoredAsEvents() async throws {
        guard let snmptrap = Peers.find("snmptrap"), let snmpinform = Peers.find("snmpinform") else { return }
        let dir = try Peers.temporaryDirectory("traps")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try await RunningServer(dataDirectory: dir + "/data") { c in
            c.trapsListen = .init(host: "127.0.0.1", port: 0)
            c.exporters = [.init(address: IPAddress("127.0.0.1")!, name: "loopback-router")]
            c.traps.users = [
                TrapUser(name: Self.user.name, authProtocol: "SHA", authPassword: Self.user.auth, privProtocol: "AES", privPassword: Self.user.priv),
                TrapUser(name: "authonly", authProtocol: "SHA-256", authPassword: "authonlypass"),
            ]
        }
        let port = try #require(await server.application.trapsBound.wait()).port
        let target = "127.0.0.1:\(port)"
        // net-snmp keeps engine boots and learnt engine IDs here; MIBS= skips MIB loading.
        let env = ["SNMP_PERSISTENT_DIR": dir + "/snmp", "MIBS": ""]
        let v3 = ["-u", Self.user.name, "-l", "authPriv", "-a", "SHA", "-A", Self.user.auth, "-x", "AES", "-X", Self.user.priv]

        try runTool(snmptrap, ["-v2c", "-c", "public", target, "12345", ".1.3.6.1.6.3.1.1.5.3",
                               ".1.3.6.1.2.1.2.2.1.1.2", "i", "2", ".1.3.6.1.2.1.2.2.1.2.2", "s", "eth1",
                               ".1.3.6.1.2.1.2.2.1.7.2", "i", "1", ".1.3.6.1.2.1.2.2.1.8.2", "i", "2"], timeout: 10, environment: env)
        try runTool(snmptrap, ["-v1", "-c", "public", target, ".1.3.6.1.4.1.8072.3.2.10", "127.0.0.1", "0", "0", "100"], timeout: 10, environment: env)
        // snmpinform exits 0 only after our acknowledgement (else it times out and fails).
        // Its 3,000-byte varbind makes the datagram larger than NIO's default 2 KB read.
        let longText = String(repeating: "x", count: 3_000)
        try runTool(snmpinform, ["-v2c", "-c", "public", "-t", "2", "-r", "1", target, "200", ".1.3.6.1.6.3.1.1.5.4",
                                 ".1.3.6.1.2.1.2.2.1.1.3", "i", "3", ".1.3.6.1.2.1.1.1.0", "s", longText],
                    timeout: 15, environment: env)
        try runTool(snmptrap, ["-v3", "-e", "0x80001f8804736e6d70747261702d74657374"] + v3 + [target, "300", ".1.3.6.1.6.3.1.1.5.2"],
                    timeout: 10, environment: env)
        try runTool(snmptrap, ["-v3", "-e", "0x80001f880461757468"] + ["-u", "authonly", "-l", "authNoPriv", "-a", "SHA-256", "-A", "authonlypass"]
                    + [target, "350", ".1.3.6.1.6.3.1.1.5.4", ".1.3.6.1.2.1.2.2.1.1.9", "i", "9"], timeout: 10, environment: env)
        try runTool(snmpinform, ["-v3"] + v3 + ["-t", "2", "-r", "1", target, "400", ".1.3.6.1.6.3.1.1.5.1"], timeout: 15, environment: env)

        let events = try await storedEvents(server, atLeast: 6)
        let byName = Dictionary(events.map { ("\($0.version.rawValue)/\($0.kind.rawValue)/\($0.trapName)", $0) }, uniquingKeysWith: { a, _ in a })
        let down = try #require(byName["v2c/trap/linkDown"], "\(events)")
        #expect(down.security == "public" && down.ifIndex == 2 && down.ifDescr == "eth1")
        #expect(down.ifAdminStatus == 1 && down.ifOperStatus == 2 && down.uptime == 12345)
        #expect(down.deviceName == "loopback-router" && down.source == IPAddress("127.0.0.1"))
        #expect(down.trapOID == "1.3.6.1.6.3.1.1.5.3")
        let cold = try #require(byName["v1/trap/coldStart"], "\(events)")
        #expect(cold.agentAddress == IPAddress("127.0.0.1") && cold.uptime == 100)
        let inform = try #require(byName["v2c/inform/linkUp"], "\(events)")
        #expect(inform.ifIndex == 3 && inform.varBinds.contains(longText))
        let warm = try #require(byName["v3/trap/warmStart"], "\(events)")
        #expect(warm.security == Self.user.name && warm.uptime == 300)
        let authOnly = try #require(byName["v3/trap/linkUp"], "\(events)")
        #expect(authOnly.security == "authonly" && authOnly.ifIndex == 9)
        let v3Inform = try #require(byName["v3/inform/coldStart"], "\(events)")
        #expect(v3Inform.security == Self.user.name && v3Inform.uptime == 400)

        // A wrong password: snmpinform gets our Report and fails fast; nothing is stored.
        #expect(throws: ToolError.self) {
            try runTool(snmpinform, ["-v3", "-u", Self.user.name, "-l", "authPriv", "-a", "SHA", "-A", "wrongpassword", "-x", "AES",
                                     "-X", Self.user.priv, "-t", "1", "-r", "0", target, "500", ".1.3.6.1.6.3.1.1.5.1"],
                        timeout: 10, environment: ["SNMP_PERSISTENT_DIR": dir + "/snmp-wrong", "MIBS": ""])
        }

        let metrics = try await MetricsSnapshot.fetch(httpPort: server.httpPort)
        #expect(metrics["netsight_trap_events_total{version=\"v3\",kind=\"inform\"}"] == 1)
        #expect(metrics["netsight_trap_errors_total{reason=\"wrong_digest\"}"] >= 1)
        #expect(metrics["netsight_trap_replies_total{kind=\"response\"}"] == 2)
        try await server.stop()
    }

    @Test func garbageIsCountedByReasonWhileTrapsStillArrive() async throws {
        guard let snmptrap = Peers.find("snmptrap") else { return }
        let dir = try Peers.temporaryDirectory("traps-garbage")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try await RunningServer(dataDirectory: dir + "/data") { c in
            c.trapsListen = .init(host: "127.0.0.1", port: 0)
        }
        let port = try #require(await server.application.trapsBound.wait()).port
        let garbage: [[UInt8]] = [
            [0x30, 0x82, 0xFF, 0xFF, 0x02],  // length past the datagram
            Array("hello, trap port".utf8),  // not BER at all
            [0x30, 0x03, 0x02, 0x01, 0x02],  // msgVersion 2 (SNMPv2u)
            [0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00],  // indefinite length
        ]
        for _ in 0..<5 { try e2eSend(garbage, to: port) }
        let env = ["SNMP_PERSISTENT_DIR": dir + "/snmp", "MIBS": ""]
        try runTool(snmptrap, ["-v2c", "-c", "public", "127.0.0.1:\(port)", "1", ".1.3.6.1.6.3.1.1.5.3"], timeout: 10, environment: env)
        for _ in 0..<5 { try e2eSend(garbage, to: port) }
        try runTool(snmptrap, ["-v2c", "-c", "public", "127.0.0.1:\(port)", "2", ".1.3.6.1.6.3.1.1.5.4"], timeout: 10, environment: env)

        let events = try await storedEvents(server, atLeast: 2)
        #expect(events.map(\.trapName).sorted() == ["linkDown", "linkUp"])
        let metrics = try await MetricsSnapshot.fetch(httpPort: server.httpPort)
        let errors = metrics.values.filter { $0.key.hasPrefix("netsight_trap_errors_total{") && $0.value > 0 }
        print("trap errors by reason: \(errors)")
        #expect(errors.values.reduce(0, +) == 40)
        #expect(metrics["netsight_trap_errors_total{reason=\"truncated\"}"] >= 10)
        #expect(metrics["netsight_trap_errors_total{reason=\"bad_version\"}"] == 10)
        #expect(metrics["netsight_trap_datagrams_total"] == 42)
        try await server.stop()
    }

    /// A trap address that cannot be bound (not local here, like 162 without privilege)
    /// is logged; flows and HTTP run on and shutdown stays clean.
    @Test func unbindableTrapPortDoesNotStopTheServer() async throws {
        let dir = try Peers.temporaryDirectory("traps-nobind")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try await RunningServer(dataDirectory: dir + "/data") { c in
            c.trapsListen = .init(host: "192.0.2.55", port: 1162)  // TEST-NET-1: never a local address; nothing is sent
        }
        #expect(await server.application.trapsBound.wait() == nil)
        let metrics = try await MetricsSnapshot.fetch(httpPort: server.httpPort)
        #expect(metrics["netsight_trap_datagrams_total"] == 0)
        try await server.stop()
    }

    /// Events in the store once it holds `count` of them (written every 200 ms).
    func storedEvents(_ server: RunningServer, atLeast count: Int, timeout: Double = 10) async throws -> [SNMPEvent] {
        let store = try MetadataStore(path: server.dataDirectory + "/netsight.sqlite")
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let events = try store.events(fromMillis: 0, toMillis: UInt64(Int64.max), limit: 1000)
            if events.count >= count || Date() > deadline { return events }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
