import Foundation
import NetsightModel
import NetsightServer
import Testing

/// `netsight serve` with its default rules: a probe to a refused port fires `ProbeFailing`
/// through the whole pipeline (probe → store → snapshot → rules → store), which the API
/// and the CLI show; an acknowledgement, a silence from the CLI and a restart all hold.
@Suite(.serialized) struct AlertingEndToEndTests {
    static func json(_ body: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(body.utf8)) }

    static func alerts(_ port: Int) async throws -> [[String: Any]] {
        let (status, body) = try await httpGet(port: port, path: "/api/v1/alerts")
        #expect(status == 200)
        return try #require(try json(body) as? [[String: Any]])
    }

    static func configure(_ c: inout NetsightConfiguration, listener: Int, closed: Int) {
        c.alerting.evaluationInterval = .seconds(1)
        // What `parse` loads for an empty configuration: the shipped rules.
        c.alerting.rules = (try? AlertRuleFiles.defaults()) ?? []
        c.probes = [
            ProbeSpec(
                id: "web-ok", target: "127.0.0.1:\(listener)", options: .tcp, labels: ["site": "ldn"], interval: .seconds(1),
                count: 1, timeout: .milliseconds(300)),
            ProbeSpec(
                id: "web-down", target: "127.0.0.1:\(closed)", options: .tcp, labels: ["site": "ldn"], interval: .seconds(1),
                count: 1, timeout: .milliseconds(300)),
        ]
    }

    @Test func refusedProbeFiresIsAcknowledgedSilencedAndSurvivesARestart() async throws {
        let dir = try Peers.temporaryDirectory("alerting-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let listener = try LoopbackTCPListener()
        let closed = try LoopbackTCPListener()
        let closedPort = closed.port
        closed.close()
        var server = try await RunningServer(dataDirectory: dir + "/data") {
            Self.configure(&$0, listener: listener.port, closed: closedPort)
        }
        try await Task.sleep(for: .seconds(4))

        var list = try await Self.alerts(server.httpPort)
        let failing = list.filter { $0["rule"] as? String == "ProbeFailing" }
        #expect(failing.count == 1, "only the refused probe fails: \(list)")
        let alert = try #require(failing.first)
        #expect(alert["state"] as? String == "firing")
        #expect((alert["labels"] as? [String: String])?["probe"] == "web-down")
        #expect(alert["summary"] as? String == "probe web-down to 127.0.0.1:\(closedPort) fails")
        let id = try #require(alert["id"] as? String)

        // The CLI reads the same store.
        let cli = try runCapturing(Peers.netsightBinary, ["alerts", "list", "--data-dir", dir + "/data"])
        #expect(cli.status == 0 && cli.stdout.contains("\(id)  FIRING  major  ProbeFailing"), "\(cli.stdout)")

        // Acknowledge through the API; silence from the CLI.
        let ack = try runCapturing(
            "/usr/bin/curl", ["-s", "-X", "POST", "-d", #"{"by":"ann","comment":"looking"}"#, "http://127.0.0.1:\(server.httpPort)/api/v1/alerts/\(id)/ack"])
        #expect(ack.stdout.contains(#""by":"ann""#), "\(ack.stdout)")
        let silence = try runCapturing(
            Peers.netsightBinary, ["silence", "add", #"probe="web-down""#, "--for", "1h", "-c", "known", "--data-dir", dir + "/data"])
        #expect(silence.status == 0, "\(silence.stderr)")
        let silenceID = silence.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try await Task.sleep(for: .seconds(2.5))
        list = try await Self.alerts(server.httpPort)
        let muted = try #require(list.first { $0["id"] as? String == id })
        #expect((muted["mutedBy"] as? [[String: String]])?.first == ["kind": "silence", "id": silenceID])
        #expect((muted["acknowledgement"] as? [String: Any])?["by"] as? String == "ann")

        // A restart continues the alert: still firing, same start, no second "raised".
        let firingSince = muted["firingSince"] as? String
        try await server.stop()
        server = try await RunningServer(dataDirectory: dir + "/data") {
            Self.configure(&$0, listener: listener.port, closed: closedPort)
        }
        try await Task.sleep(for: .seconds(2.5))
        list = try await Self.alerts(server.httpPort)
        let after = try #require(list.first { $0["id"] as? String == id })
        #expect(after["state"] as? String == "firing" && after["firingSince"] as? String == firingSince)
        let (status, body) = try await httpGet(port: server.httpPort, path: "/api/v1/alerts/\(id)")
        #expect(status == 200)
        let history = try #require((try Self.json(body) as? [String: Any])?["history"] as? [[String: Any]])
        #expect(history.filter { $0["kind"] as? String == "raised" }.count == 1, "\(history)")
        try await server.stop()
    }
}
