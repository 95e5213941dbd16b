import Foundation
import NetsightModel
import NetsightServer
import Testing

/// The dashboard in a real browser: `netsight serve` with its default rules fires
/// `ProbeFailing` for a probe to a refused port and notifies a real webhook; headless
/// Chromium loads the alert list, the alert's page and the noise report, and what it
/// renders (its DOM after parsing) must show the alert, its history and the report's
/// counts, with label text from the network shown as text, never run as markup.
@Suite(.serialized) struct DashboardChromiumTests {
    static let hostile = "<script>document.title='owned'</script>"

    /// The DOM Chromium built from `path`, serialised.
    static func dom(_ chromium: String, port: Int, path: String, profile: String) throws -> String {
        let run = try runCapturing(
            chromium,
            ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)", "--dump-dom", "http://127.0.0.1:\(port)\(path)"],
            timeout: 60)
        #expect(run.status == 0, "chromium \(path): \(run.stderr.suffix(500))")
        return run.stdout
    }

    /// The text of the element with `id`'s first `<b>` (the dashboard's counters).
    static func counter(_ dom: String, _ id: String) -> Int? {
        guard let start = dom.range(of: "id=\"\(id)\"") else { return nil }
        let rest = dom[start.upperBound...]
        guard let b = rest.range(of: "<b>"), let e = rest.range(of: "</b>", range: b.upperBound..<rest.endIndex) else { return nil }
        return Int(rest[b.upperBound..<e.lowerBound].replacingOccurrences(of: "%", with: ""))
    }

    @Test func alertsAlertAndNoiseReportRenderInChromium() async throws {
        guard let chromium = Peers.find("chromium"), let sink = try WebhookSink.start() else { return }
        defer { sink.stop() }
        let dir = try Peers.temporaryDirectory("dashboard")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let closed = try LoopbackTCPListener()
        let closedPort = closed.port
        closed.close()
        let server = try await RunningServer(dataDirectory: dir + "/data") { c in
            c.alerting.evaluationInterval = .seconds(1)
            c.alerting.rules = (try? AlertRuleFiles.defaults()) ?? []
            c.alerting.receivers = [ReceiverSpec(name: "ops", kind: .webhook(url: sink.url("/ops"), headers: [:]))]
            c.alerting.routes = [AlertRouteSpec(receivers: ["ops"], groupWait: .seconds(1), groupInterval: .seconds(5))]
            c.probes = [
                ProbeSpec(
                    id: "web-down", target: "127.0.0.1:\(closedPort)", options: .tcp, labels: ["site": "ldn", "note": Self.hostile],
                    interval: .seconds(1), count: 1, timeout: .milliseconds(300))
            ]
        }
        let notified = try await waitUntil(timeout: 30) { try sink.received("/ops").contains { $0.status == 200 } }
        #expect(notified, "the webhook never got the ProbeFailing notification")
        try await Task.sleep(for: .seconds(1.5))  // the delivery's `notified` event is written after the POST

        // The alert list: one firing row for the probe, counted above the table.
        let list = try Self.dom(chromium, port: server.httpPort, path: "/alerts", profile: dir + "/chromium")
        #expect(list.contains("<title>Alerts · Netsight</title>"), "\(list.prefix(400))")
        let rows = list.components(separatedBy: "<tr id=\"alert-").dropFirst()
        #expect(rows.count == 1, "\(list)")
        let row = try #require(rows.first)
        let id = String(row.prefix { $0 != "\"" })
        #expect(row.contains("ProbeFailing") && row.contains("probe web-down to 127.0.0.1:\(closedPort) fails"), "\(row)")
        #expect(row.contains("<span class=\"firing\">firing</span>"), "\(row)")
        #expect(Self.counter(list, "count-firing") == 1, "\(list)")
        // The label's markup is text: escaped in the DOM, no script element, title intact.
        #expect(row.contains("note=&lt;script&gt;document.title='owned'&lt;/script&gt;"), "\(row)")
        #expect(!list.contains("<script>") && !list.contains("owned</title>"))

        // The alert's own page: its history says where it was notified.
        let page = try Self.dom(chromium, port: server.httpPort, path: "/alerts/\(id)", profile: dir + "/chromium")
        #expect(page.contains("<title>ProbeFailing · Netsight</title>"), "\(page.prefix(400))")
        let history = try #require(page.components(separatedBy: "<table id=\"history\">").dropFirst().first, "\(page)")
        #expect(history.contains("<td>raised</td>") && history.contains("<td>notified</td><td>ops</td>"), "\(history)")

        // The noise report: raised and notified counted, compression shown per rule.
        let report = try Self.dom(chromium, port: server.httpPort, path: "/alerts/report?last=1d", profile: dir + "/chromium")
        #expect(report.contains("<title>Alert noise · Netsight</title>"))
        #expect(Self.counter(report, "total-raised") == 1, "\(report)")
        #expect(Self.counter(report, "total-notifications") == 1, "\(report)")
        let rules = try #require(report.components(separatedBy: "<table id=\"rules\">").dropFirst().first, "\(report)")
        #expect(rules.contains("<td>ProbeFailing</td><td class=\"n\">1</td><td class=\"n\">1</td>"), "\(rules)")
        #expect(report.contains("<svg id=\"chart\""), "the per-day chart")

        // A silence posted through the API shows on its page with the alert it matches.
        let body = #"{"matchers":[{"name":"probe","value":"web-down","isRegex":false}],"startsAt":"2020-01-01T00:00:00Z","# +
            #""endsAt":"2100-01-01T00:00:00Z","createdBy":"ann","comment":"known"}"#
        let posted = try runCapturing("/usr/bin/curl", ["-s", "-X", "POST", "-d", body, "http://127.0.0.1:\(server.httpPort)/api/v2/silences"])
        #expect(posted.stdout.contains("\"matchedAlerts\":1"), "\(posted.stdout)")
        let silences = try Self.dom(chromium, port: server.httpPort, path: "/silences", profile: dir + "/chromium")
        let silenceRow = try #require(silences.components(separatedBy: "<tr id=\"silence-").dropFirst().first, "\(silences)")
        #expect(silenceRow.contains("<td>active</td>") && silenceRow.contains("<td class=\"n\">1</td><td>ann</td><td>known</td>"), "\(silenceRow)")

        // A bad parameter is a 400 page naming it; an unknown alert a 404 page.
        let bad = try runCapturing("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(server.httpPort)/alerts/report?last=soon"])
        #expect(bad.stdout == "400")
        let badPage = try Self.dom(chromium, port: server.httpPort, path: "/alerts/report?last=soon", profile: dir + "/chromium")
        #expect(badPage.contains("<code>last</code>: not a duration: \"soon\""), "\(badPage)")
        let missing = try runCapturing("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(server.httpPort)/alerts/nope"])
        #expect(missing.stdout == "404")
        try await server.stop()
    }
}
