import Foundation
import NetsightModel
import NetsightServer
import Testing

/// `netsight serve` delivers a real alert (a probe to a refused port) to real HTTP
/// receivers: Alertmanager's webhook JSON with the idempotency key in a header, a receiver
/// answering 500 retried until it recovers, one that hangs not delaying the others, and a
/// notification still undelivered at shutdown delivered after the restart, once.
@Suite(.serialized) struct WebhookDeliveryEndToEndTests {
    static func configure(_ c: inout NetsightConfiguration, sink: WebhookSink, syslog: RsyslogPeer, closed: Int) {
        c.alerting.evaluationInterval = .seconds(1)
        c.alerting.rules = (try? AlertRuleFiles.defaults()) ?? []
        c.alerting.externalURL = "http://netsight.test:8080"
        func receiver(_ name: String, timeout: Duration = .seconds(2)) -> ReceiverSpec {
            ReceiverSpec(
                name: name, kind: .webhook(url: sink.url("/\(name)"), headers: ["X-Token": "s3cret"]),
                initialBackoff: .milliseconds(300), maxBackoff: .seconds(1), giveUpAfter: .seconds(120), timeout: timeout)
        }
        let log = ReceiverSpec(
            name: "log", kind: .syslog(
                address: "127.0.0.1:\(syslog.tcpPort)", transport: .tcp, facility: 16, appName: SyslogReceiverRsyslogTests.appName))
        c.alerting.receivers = [receiver("ops"), receiver("flaky"), receiver("hung", timeout: .seconds(1)), receiver("late"), log]
        c.alerting.routes = [AlertRouteSpec(
            receivers: ["ops", "flaky", "hung", "late", "log"], groupWait: .seconds(1), groupInterval: .seconds(5),
            repeatInterval: .seconds(3_600))]
        c.probes = [
            ProbeSpec(
                id: "web-down", target: "127.0.0.1:\(closed)", options: .tcp, labels: ["site": "ldn"], interval: .seconds(1),
                count: 1, timeout: .milliseconds(300)),
        ]
    }

    @Test func deliversRetriesSurvivesAHangAndARestart() async throws {
        guard let sink = try WebhookSink.start(), let syslog = try RsyslogPeer.start() else { return }
        defer { sink.stop() }
        defer { syslog.stop() }
        let dir = try Peers.temporaryDirectory("webhook-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let closed = try LoopbackTCPListener()
        let closedPort = closed.port
        closed.close()
        try await sink.setStatus(path: "/flaky", status: 500)
        try await sink.setHang(path: "/hung")
        try await sink.setStatus(path: "/late", status: 503)

        var server = try await RunningServer(dataDirectory: dir + "/data") {
            Self.configure(&$0, sink: sink, syslog: syslog, closed: closedPort)
        }
        let ops = try await sink.waitForPosts(path: "/ops", count: 1, timeout: 15)
        let first = try #require(ops.first)
        let body = try #require(first.body, "not Alertmanager's webhook JSON: \(first.text)")
        #expect(body.version == "4" && body.status == "firing" && body.receiver == "ops")
        #expect(body.alerts.count == 1)
        let alert = try #require(body.alerts.first)
        #expect(alert.labels["alertname"] == "ProbeFailing" && alert.labels["probe"] == "web-down")
        #expect(alert.annotations["summary"] == "probe web-down to 127.0.0.1:\(closedPort) fails")
        #expect(alert.endsAt == "0001-01-01T00:00:00Z" && alert.status == "firing")
        #expect(first.idempotencyKeyHeader == body.idempotencyKey && body.idempotencyKey?.isEmpty == false)
        #expect(first.header("X-Token") == "s3cret" && first.header("Content-Type") == "application/json")

        // The 500s are retried with backoff, same key each time; after recovery, delivered.
        _ = try await sink.waitForPosts(path: "/flaky", count: 2, timeout: 10)
        try await sink.reset(path: "/flaky")
        let flaky = try await waitUntil(timeout: 10) { try sink.received("/flaky").contains { $0.status == 200 } }
        #expect(flaky)
        let flakyPosts = try sink.received("/flaky")
        // One key per notification and receiver: every retry carries the same one.
        let flakyKeys = Set(flakyPosts.map(\.idempotencyKeyHeader))
        #expect(flakyKeys.count == 1 && flakyKeys != [body.idempotencyKey], "\(flakyKeys)")
        #expect(flakyPosts.filter { $0.status == 200 }.count == 1)

        // The hanging receiver did not hold the others back: ops was served at its first try.
        #expect(ops.count == 1)
        let (_, metrics) = try await httpGet(port: server.httpPort, path: "/metrics")
        #expect(metrics.contains(#"netsight_alert_delivery_attempts_total{receiver="flaky",result="retry"}"#), "\(metrics)")
        #expect(metrics.contains(#"netsight_alert_notifications_total{receiver="ops",outcome="delivered"} 1"#))
        #expect(metrics.contains(#"netsight_alerts{state="firing",severity="major",muted_or_suppressed="no"} 1"#), "\(metrics)")
        #expect(metrics.contains(#"netsight_alerts{state="pending",severity="major",muted_or_suppressed="no"} 0"#))
        #expect(metrics.contains("netsight_alert_evaluation_duration_seconds "))

        // The syslog receiver: rsyslog parsed one RFC 5424 message for the alert.
        let logged = try await waitUntil(timeout: 10) {
            ((try? String(contentsOfFile: syslog.outputPath, encoding: .utf8)) ?? "").contains("ProbeFailing")
        }
        #expect(logged, "rsyslog got nothing: \(syslog.log)")
        let line = ((try? String(contentsOfFile: syslog.outputPath, encoding: .utf8)) ?? "").split(separator: "\n").first ?? ""
        #expect(line.contains(#""pri":"131""#) && line.contains(#""msgid":"firing""#), "\(line)")
        #expect(line.contains("probe web-down to 127.0.0.1:\(closedPort) fails"), "\(line)")

        // The alert's history says who was told.
        let (_, listBody) = try await httpGet(port: server.httpPort, path: "/api/v1/alerts?rule=ProbeFailing")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(listBody.utf8)) as? [[String: Any]])
        let id = try #require(list.first?["id"] as? String)
        let (_, detail) = try await httpGet(port: server.httpPort, path: "/api/v1/alerts/\(id)")
        let history = try #require((try JSONSerialization.jsonObject(with: Data(detail.utf8)) as? [String: Any])?["history"] as? [[String: Any]])
        let notified = Set(history.filter { $0["kind"] as? String == "notified" }.compactMap { $0["receiver"] as? String })
        #expect(notified == ["ops", "flaky", "log"], "\(history)")

        // "late" is still failing at shutdown; its notification waits in the store.
        try await server.stop()
        let lateBefore = try sink.received("/late")
        #expect(lateBefore.count >= 1 && lateBefore.allSatisfy { $0.status == 503 })
        let lateKey = try #require(lateBefore.first?.idempotencyKeyHeader)
        try await sink.reset(path: "/late")
        try await sink.reset(path: "/hung")
        server = try await RunningServer(dataDirectory: dir + "/data") {
            Self.configure(&$0, sink: sink, syslog: syslog, closed: closedPort)
        }
        let late = try await waitUntil(timeout: 10) { try sink.received("/late").contains { $0.status == 200 } }
        #expect(late, "the pending notification was not delivered after the restart")
        try await Task.sleep(for: .seconds(2))
        #expect(try sink.received("/late").filter { $0.status == 200 }.map(\.idempotencyKeyHeader) == [lateKey])
        // Nobody is told twice: the restart neither re-notifies ops nor flaky.
        #expect(try sink.received("/ops").count == 1)
        #expect(try sink.received("/flaky").filter { $0.status == 200 }.count == 1)
        try await server.stop()
    }
}

/// Polls `condition` every 100 ms until it holds or `timeout` seconds pass.
func waitUntil(timeout: Double, _ condition: () throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        try await Task.sleep(for: .milliseconds(100))
    }
    return try condition()
}
