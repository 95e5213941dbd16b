import Alerting
import Foundation
import HTTPTypes
import Hummingbird
import NetsightModel
import Storage

/// The dashboard's pages, rendered on the server from the same store and filters as the
/// JSON API (`AlertRoutes`), so the page and `curl` always agree:
/// - `GET /`: to the alerts;
/// - `GET /alerts`: the alert list (`state`, `rule`, `muted`, `suppressed`, `filter` as in
///   the API; symptoms are folded under their root unless `suppressed` is given);
/// - `GET /alerts/report`: the noise report (`last`, default 7d; `from`, `to`, `tz`);
/// - `GET /alerts/{id}`: one alert and its history (`last`, default 7d);
/// - `GET /silences`: silences and maintenance windows, what they mute (`expired=true`).
/// A bad parameter is a 400 page that names it, in the API's words.
struct DashboardRoutes {
    let context: APIContext

    func register(on router: Router<BasicRequestContext>) {
        router.get("") { _, _ -> Response in
            Response(status: .found, headers: [.location: "/alerts"])
        }
        router.get("alerts") { request, _ -> Response in
            try await Self.page {
                var query = try TimeWindow.parameters(request, known: ["state", "rule", "muted", "suppressed", "filter"])
                let asked = query
                if query["suppressed"] == nil { query["suppressed"] = "false" }
                let filter = try AlertListFilter(query)
                let metadata = try self.context.metadataStore(for: "alert")
                let alerts = try await Task.detached(priority: .userInitiated) { try metadata.alerts() }.value
                let now = Date(millis: self.context.now())
                return AlertsPage(all: alerts, shown: filter.apply(alerts), query: asked, now: now).render()
            }
        }
        router.get("silences") { request, _ -> Response in
            try await Self.page {
                let query = try TimeWindow.parameters(request, known: ["expired"])
                let expired = try query["expired"].map { try AlertListFilter.bool($0, "expired") } ?? false
                let metadata = try self.context.metadataStore(for: "alert")
                let (silences, windows, alerts) = try await Task.detached(priority: .userInitiated) {
                    (try metadata.silences(), try metadata.maintenanceWindows(), try metadata.alerts())
                }.value
                let now = Date(millis: self.context.now())
                return SilencesPage(silences: silences, windows: windows, alerts: alerts, showExpired: expired, now: now).render()
            }
        }
        router.get("alerts/report") { request, _ -> Response in
            try await Self.page {
                let (from, to, query) = try self.context.window(request, defaultLast: "7d", known: ["tz"])
                let zoneName = query["tz"] ?? "UTC"
                guard let zone = TimeZone(identifier: zoneName) else {
                    throw APIError.badRequest("unknown time zone \"\(zoneName)\" (an IANA name such as Europe/London)", parameter: "tz")
                }
                let metadata = try self.context.metadataStore(for: "alert")
                let (events, alerts) = try await Task.detached(priority: .userInitiated) {
                    (try metadata.alertEvents(from: from, to: to), try metadata.alerts())
                }.value
                let report = NoiseReport.build(events: events, from: from, to: to, timeZone: zone)
                let byID = Dictionary(alerts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                return NoiseReportPage(report: report, last: query["from"] == nil ? query["last"] : "", alerts: byID).render()
            }
        }
        router.get("alerts/:id") { request, context -> Response in
            try await Self.page {
                let id = try APIContext.pathParameter(context, "id")
                let (from, to, query) = try self.context.window(request, defaultLast: "7d")
                let metadata = try self.context.metadataStore(for: "alert")
                let found = try await Task.detached(priority: .userInitiated) { () throws -> (Alert, Alert?, [AlertEvent])? in
                    guard let alert = try metadata.alert(id: id) else { return nil }
                    let root = try alert.rootCause.flatMap { try metadata.alert(id: $0) }
                    return (alert, root, try metadata.alertEvents(from: from, to: to, alertID: id, limit: 1_000))
                }.value
                guard let (alert, root, history) = found else { throw AlertRoutes.unknownAlert(id) }
                return AlertPage(alert: alert, root: root, history: history, historySpan: query["last"] ?? "7d").render()
            }
        }
    }

    /// Renders `build`'s page as HTML, or the error page with the error's status.
    static func page(_ build: () async throws -> DashboardPage) async throws -> Response {
        do {
            return html(try await build(), status: .ok)
        } catch let error as APIError {
            return html(DashboardPage.error(error.message, parameter: error.parameter), status: error.status)
        }
    }

    static func html(_ page: DashboardPage, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: page.render())))
    }
}
