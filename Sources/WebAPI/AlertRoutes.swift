import Alerting
import Foundation
import Hummingbird
import NetsightModel
import Storage

/// The alerts as `netsight serve` last evaluated them, for the dashboard and scripts:
/// - `GET /api/v1/alerts`: pending, firing and recently resolved alerts (muted and
///   suppressed ones included, marked), most severe first; `state`, `rule`, `muted`,
///   `suppressed` and `filter` (amtool matcher text like `site="ldn"`) narrow it;
/// - `GET /api/v1/alerts/{id}`: one alert and its history (`last`, default 1d);
/// - `POST /api/v1/alerts/{id}/ack` `{"by": "...", "comment": "..."}`: someone took it;
///   it keeps firing but is not repeated;
/// - `GET /api/v1/alerts/report`: the noise report (`last`, default 7d; `tz`).
struct AlertRoutes {
    let context: APIContext

    func register(on router: Router<BasicRequestContext>) {
        router.get("api/v1/alerts") { request, _ -> Response in
            let query = try TimeWindow.parameters(request, known: ["state", "rule", "muted", "suppressed", "filter"])
            let filter = try AlertListFilter(query)
            let metadata = try self.metadata()
            let alerts = try await Task.detached(priority: .userInitiated) { try metadata.alerts() }.value
            return try Response.isoJSON(filter.apply(alerts))
        }
        router.get("api/v1/alerts/report") { request, _ -> Response in
            let (from, to, query) = try self.context.window(request, defaultLast: "7d", known: ["tz"])
            let zoneName = query["tz"] ?? "UTC"
            guard let zone = TimeZone(identifier: zoneName) else {
                throw APIError.badRequest("unknown time zone \"\(zoneName)\" (an IANA name such as Europe/London)", parameter: "tz")
            }
            let metadata = try self.metadata()
            let events = try await Task.detached(priority: .userInitiated) { try metadata.alertEvents(from: from, to: to) }.value
            return try Response.isoJSON(NoiseReport.build(events: events, from: from, to: to, timeZone: zone))
        }
        router.get("api/v1/alerts/:id") { request, context -> Response in
            let id = try APIContext.pathParameter(context, "id")
            let (from, to, _) = try self.context.window(request, defaultLast: "1d")
            let metadata = try self.metadata()
            let detail = try await Task.detached(priority: .userInitiated) { () throws -> AlertDetail? in
                guard let alert = try metadata.alert(id: id) else { return nil }
                return AlertDetail(alert: alert, history: try metadata.alertEvents(from: from, to: to, alertID: id, limit: 1_000))
            }.value
            guard let detail else { throw Self.unknownAlert(id) }
            return try Response.isoJSON(detail)
        }
        router.post("api/v1/alerts/:id/ack") { request, context -> Response in
            let id = try APIContext.pathParameter(context, "id")
            let body = try await request.decode(as: AckRequest.self, context: context)
            guard let by = body.by, !by.isEmpty else {
                throw APIError.badRequest("by: who acknowledges is required", parameter: "by")
            }
            let metadata = try self.metadata()
            let now = Date(millis: self.context.now())
            let updated = try await Task.detached(priority: .userInitiated) {
                try metadata.acknowledge(id: id, by: by, comment: body.comment ?? "", at: now)
            }.value
            guard let updated else { throw Self.unknownAlert(id) }
            return try Response.isoJSON(updated)
        }
    }

    private func metadata() throws -> MetadataStore { try context.metadataStore(for: "alert") }

    static func unknownAlert(_ id: String) -> APIError {
        APIError(status: .notFound, message: "no alert with id \"\(id)\" is pending, firing or recently resolved", parameter: nil)
    }
}

struct AckRequest: Decodable {
    var by: String?
    var comment: String?
}

struct AlertDetail: Encodable {
    var alert: Alert
    var history: [AlertEvent]
}

/// The `GET /api/v1/alerts` query.
struct AlertListFilter {
    var states: Set<AlertState>?
    var rule: String?
    var muted: Bool?
    var suppressed: Bool?
    var matchers: [CompiledMatcher] = []

    init(_ query: [String: String]) throws {
        if let text = query["state"] {
            var states: Set<AlertState> = []
            for part in text.split(separator: ",") {
                guard let s = AlertState(rawValue: String(part)) else {
                    throw APIError.badRequest("unknown state \"\(part)\" (pending, firing, resolved)", parameter: "state")
                }
                states.insert(s)
            }
            self.states = states
        }
        rule = query["rule"]
        muted = try query["muted"].map { try Self.bool($0, "muted") }
        suppressed = try query["suppressed"].map { try Self.bool($0, "suppressed") }
        if let text = query["filter"] {
            do throws(MatcherError) {
                matchers = try LabelMatcher.parseList(text).map { m throws(MatcherError) in try CompiledMatcher(m) }
            } catch {
                throw APIError.badRequest(error.message, parameter: "filter")
            }
        }
    }

    static func bool(_ text: String, _ name: String) throws -> Bool {
        switch text {
        case "true", "1": return true
        case "false", "0": return false
        default: throw APIError.badRequest("expected true or false, found \"\(text)\"", parameter: name)
        }
    }

    /// Matching alerts, firing before pending before resolved, worst severity first.
    func apply(_ alerts: [Alert]) -> [Alert] {
        func rank(_ s: AlertState) -> Int { s == .firing ? 0 : s == .pending ? 1 : 2 }
        return alerts.filter { a in
            (states?.contains(a.state) ?? true) && (rule.map { $0 == a.rule } ?? true)
                && (muted.map { $0 == a.isMuted } ?? true) && (suppressed.map { $0 == a.isSuppressed } ?? true)
                && CompiledMatcher.all(matchers, match: a.labels)
        }.sorted { ($0.severity, rank($1.state), $1.id) > ($1.severity, rank($0.state), $0.id) }
    }
}
