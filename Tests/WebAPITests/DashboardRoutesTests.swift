import Foundation
import Hummingbird
import HummingbirdTesting
import NetsightModel
import Prometheus
import Storage
import Testing

@testable import WebAPI

/// The dashboard pages over a real store: what each shows, what it folds, how it escapes,
/// and the 400/404 pages. (Rendering in a browser: `DashboardChromiumTests`.)
@Suite struct DashboardRoutesTests {
    static let now: UInt64 = 1_800_000_000_000
    static let t = Date(timeIntervalSince1970: 1_800_000_000)

    static func alert(
        _ id: String, _ state: AlertState = .firing, labels: [String: String], summary: String, rootCause: String? = nil,
        impact: [AlertImpact] = [], muted: Bool = false
    ) -> Alert {
        Alert(
            id: id, rule: labels["alertname"] ?? "R", metric: "device_up", labels: LabelSet(labels), severity: .critical, state: state,
            value: 0, summary: summary, activeSince: t - 600, firingSince: t - 540, resolvedAt: state == .resolved ? t - 60 : nil,
            lastEvaluatedAt: t, rootCause: rootCause, impact: impact,
            mutedBy: muted ? [AlertMute(kind: .maintenance, id: "mw-0123456789")] : [])
    }

    static let alerts: [Alert] = [
        alert("core", labels: ["alertname": "DeviceDown", "device": "core-1", "site": "dc1"], summary: "core-1 does not answer SNMP",
              impact: [AlertImpact(id: "sw1", rule: "DeviceDown", labels: ["device": "sw-1"], summary: "sw-1 does not answer SNMP"),
                       AlertImpact(id: "sw2", rule: "DeviceDown", labels: ["device": "sw-2"], summary: "sw-2 does not answer SNMP")]),
        alert("sw1", labels: ["alertname": "DeviceDown", "device": "sw-1", "site": "dc1"], summary: "sw-1 does not answer SNMP", rootCause: "core"),
        alert("sw2", labels: ["alertname": "DeviceDown", "device": "sw-2", "site": "dc1"], summary: "sw-2 does not answer SNMP", rootCause: "core"),
        alert("sgp", labels: ["alertname": "InterfaceDown", "device": "r-sgp", "ifname": "<b>svc0</b>", "site": "sgp"],
              summary: "r-sgp <b>svc0</b> is down", muted: true),
        alert("old", .resolved, labels: ["alertname": "InterfaceDown", "device": "r-fra", "site": "fra"], summary: "r-fra flap0 is down"),
    ]

    static func withApp(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let dir = NSTemporaryDirectory() + "netsight-dashboard-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let metadata = try MetadataStore(path: dir + "/netsight.sqlite")
        try metadata.replaceAlerts(alerts)
        var events: [AlertEvent] = []
        for a in alerts { events.append(AlertEvent(time: t - 540, alertID: a.id, rule: a.rule, kind: .raised)) }
        events.append(AlertEvent(time: t - 500, alertID: "core", rule: "DeviceDown", kind: .notified, receiver: "ops"))
        events.append(AlertEvent(time: t - 400, alertID: "old", rule: "InterfaceDown", kind: .flappingStarted))
        try metadata.appendAlertEvents(events)
        let sgp = [LabelMatcher(name: "site", value: "sgp")]
        try metadata.insertSilence(
            Silence(id: "s-active", matchers: sgp, startsAt: t - 3_600, endsAt: t + 3_600, createdBy: "ann", comment: "fibre <works>",
                    untilResolved: true, updatedAt: t - 3_600))
        try metadata.insertSilence(
            Silence(id: "s-old", matchers: sgp, startsAt: t - 7_200, endsAt: t - 3_600, createdBy: "bob", comment: "done", updatedAt: t - 7_200))
        try metadata.insertSilence(
            Silence(id: "s-later", matchers: [LabelMatcher(name: "site", value: "par")], startsAt: t + 86_400, endsAt: t + 90_000,
                    createdBy: "cy", comment: "tomorrow", updatedAt: t))
        // 2027-01-15 is a Friday: the window is open 07:00-09:00 UTC.
        try metadata.insertMaintenanceWindow(
            MaintenanceWindow(
                id: "mw-0123456789", name: "sgp patching", matchers: sgp,
                schedule: .weekly(weekdays: [5], startMinute: 420, durationMinutes: 120, timeZone: "UTC", from: nil, until: nil),
                createdBy: "ann", comment: "monthly", createdAt: t - 86_400))
        let context = APIContext(
            flows: FlowQueryEngine(directory: dir + "/flows"), registry: PrometheusCollectorRegistry(), metadata: metadata,
            now: { now })
        try await Application(router: HTTPServer.router(context: context)).test(.router) { try await body($0) }
    }

    static func get(_ client: any TestClientProtocol, _ uri: String, status: HTTPResponse.Status = .ok) async throws -> String {
        try await client.execute(uri: uri, method: .get) { response in
            #expect(response.status == status, "\(uri): \(String(buffer: response.body))")
            if status == .ok || status.code >= 400 { #expect(response.headers[.contentType] == "text/html; charset=utf-8") }
            return String(buffer: response.body)
        }
    }

    static func rowIDs(_ html: String) -> [String] {
        html.components(separatedBy: "<tr id=\"alert-").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func alertListFoldsSymptomsUnderTheirRoot() async throws {
        try await Self.withApp { client in
            let html = try await Self.get(client, "/alerts")
            #expect(Self.rowIDs(html) == ["core", "sgp", "old"])
            #expect(html.contains("<b>2</b> dependent alerts suppressed"))
            #expect(html.contains("sw-2 does not answer SNMP</li>"))
            #expect(html.contains("id=\"count-firing\"><b>1</b>"), "core only: sgp is muted")
            #expect(html.contains("id=\"count-suppressed\"><b>2</b>") && html.contains("id=\"count-muted\"><b>1</b>"))
            #expect(html.contains("maintenance mw-01234</a>"))
            #expect(html.contains("<span title=\"2027-01-15T07:51:00Z\">9m ago</span>"), "firing since t - 540 s")
            #expect(html.contains("<meta http-equiv=\"refresh\" content=\"30\">"))

            let symptoms = try await Self.get(client, "/alerts?suppressed=true")
            #expect(Self.rowIDs(symptoms) == ["sw1", "sw2"])
            #expect(symptoms.contains("symptom of <a href=\"/alerts/core\">core-1 does not answer SNMP</a>"))

            let filtered = try await Self.get(client, "/alerts?filter=site%3D%22sgp%22")
            #expect(Self.rowIDs(filtered) == ["sgp"])
            #expect(filtered.contains("value=\"site=&quot;sgp&quot;\""), "the form keeps the filter, escaped")
        }
    }

    @Test func textFromTheNetworkIsEscaped() async throws {
        try await Self.withApp { client in
            let html = try await Self.get(client, "/alerts")
            #expect(!html.contains("<b>svc0</b>"))
            #expect(html.contains("ifname=&lt;b&gt;svc0&lt;/b&gt;") && html.contains("r-sgp &lt;b&gt;svc0&lt;/b&gt; is down"))
        }
    }

    @Test func alertPageShowsImpactAndHistory() async throws {
        try await Self.withApp { client in
            let html = try await Self.get(client, "/alerts/core?last=1d")
            #expect(html.contains("<title>DeviceDown · Netsight</title>"))
            #expect(html.contains("Impact: 2 dependent alerts suppressed"))
            #expect(html.contains("<td>notified</td><td>ops</td>") && html.contains("<td>raised</td>"))
            #expect(html.contains("History (last 1d)"))
            let symptom = try await Self.get(client, "/alerts/sw1")
            #expect(symptom.contains("<th>Symptom of</th><td><a href=\"/alerts/core\">core-1 does not answer SNMP</a>"))
            let missing = try await Self.get(client, "/alerts/nope", status: .notFound)
            #expect(missing.contains("no alert with id &quot;nope&quot;"))
        }
    }

    @Test func noiseReportCountsAndCharts() async throws {
        try await Self.withApp { client in
            let html = try await Self.get(client, "/alerts/report?last=1d")
            #expect(html.contains("id=\"total-raised\"><b>5</b>") && html.contains("id=\"total-notifications\"><b>1</b>"))
            #expect(html.contains("id=\"total-compression\"><b>80.0%</b>"))
            #expect(html.contains("<td>DeviceDown</td><td class=\"n\">3</td><td class=\"n\">1</td><td class=\"n\">66.7%</td>"))
            #expect(html.contains("<b>1d</b>") && html.contains("<a href=\"/alerts/report?last=7d\">7d</a>"))
            #expect(html.contains("<svg id=\"chart\"") && html.contains("<title>2027-01-15: 5 raised</title>"))
            let flappiest = try #require(html.components(separatedBy: "<table id=\"flappiest\">").dropFirst().first)
            #expect(flappiest.contains("r-fra flap0 is down"), "named from the stored alert")
        }
    }

    @Test(arguments: [
        ("/alerts/report?last=soon", "<code>last</code>: not a duration: &quot;soon&quot;"),
        ("/alerts/report?tz=Mars/Base", "<code>tz</code>: unknown time zone"),
        ("/alerts?state=burning", "<code>state</code>: unknown state &quot;burning&quot;"),
        ("/alerts?colour=red", "<code>colour</code>"),
        ("/alerts?filter=site%3D~%22(%22", "<code>filter</code>"),
    ])
    func badParametersAre400PagesNamingThem(uri: String, message: String) async throws {
        try await Self.withApp { client in
            let html = try await Self.get(client, uri, status: .badRequest)
            #expect(html.contains(message), "\(html)")
        }
    }

    @Test func silencesPageShowsWhatMutesWhat() async throws {
        try await Self.withApp { client in
            let html = try await Self.get(client, "/silences")
            let silences = try #require(html.components(separatedBy: "<table id=\"silences\">").dropFirst().first)
            #expect(Self.ids(silences, prefix: "silence-") == ["s-later", "s-active"], "expired ones hidden, latest end first")
            #expect(silences.contains("<td>active</td><td><code>site=&quot;sgp&quot;</code></td>"))
            #expect(silences.contains("or when all it muted resolved</td><td class=\"n\">1</td>"), "s-active matches the sgp alert")
            #expect(silences.contains("fibre &lt;works&gt;"))
            let windows = try #require(html.components(separatedBy: "<table id=\"maintenance\">").dropFirst().first)
            #expect(windows.contains("weekly Fri 07:00 for 2h 0m (UTC)"), "\(windows)")
            #expect(windows.contains("<b>open</b> until 2027-01-15T09:00:00Z</td><td class=\"n\">1</td>"), "\(windows)")
            let all = try await Self.get(client, "/silences?expired=true")
            #expect(Self.ids(all, prefix: "silence-") == ["s-later", "s-active", "s-old"])
            // The alert list links the mute to its row here.
            let alerts = try await Self.get(client, "/alerts")
            #expect(alerts.contains("href=\"/silences#maintenance-mw-0123456789\">maintenance mw-01234</a>"))
            _ = try await Self.get(client, "/silences?expired=maybe", status: .badRequest)
        }
    }

    static func ids(_ html: String, prefix: String) -> [String] {
        html.components(separatedBy: "<tr id=\"\(prefix)").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func rootRedirectsToTheAlerts() async throws {
        try await Self.withApp { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .found && response.headers[.location] == "/alerts")
            }
        }
    }
}
