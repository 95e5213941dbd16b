import Alerting
import Foundation
import Hummingbird
import NetsightModel
import Storage

/// Silences, in Alertmanager's v2 shape, so scripts (and amtool's JSON) keep working:
/// - `GET /api/v1/silences`, `POST /api/v1/silences` → `{"silenceID": "..."}`,
///   `GET /api/v1/silences/{id}`, `DELETE /api/v1/silences/{id}` (expires it);
/// - the same under Alertmanager's paths: `/api/v2/silences`, `/api/v2/silence/{id}`.
///
/// A bad silence is a 400 naming the field (`endsAt`, `matchers[1].value`).
struct SilenceRoutes {
    let context: APIContext

    func register(on router: Router<BasicRequestContext>) {
        for list in ["api/v1/silences", "api/v2/silences"] {
            router.get(RouterPath(stringLiteral: list)) { request, _ -> Response in
                _ = try TimeWindow.parameters(request, known: [])
                let metadata = try self.metadata()
                let now = Date(millis: self.context.now())
                let silences = try await Task.detached(priority: .userInitiated) { try metadata.silences() }.value
                return try Response.isoJSON(silences.map { SilenceView($0, now: now) })
            }
            router.post(RouterPath(stringLiteral: list)) { request, context -> Response in
                let body = try await request.decode(as: SilenceRequest.self, context: context)
                let now = Date(millis: self.context.now())
                let silence = try body.silence(now: now)
                do throws(AlertValidationError) {
                    try SilenceValidator.validate(silence)
                } catch {
                    throw APIError.badRequest(error.description, parameter: error.field)
                }
                let metadata = try self.metadata()
                let matched = try await Task.detached(priority: .userInitiated) {
                    try metadata.insertSilence(silence)
                    return silence.matchCount(in: try metadata.alerts())
                }.value
                // `matchedAlerts` besides Alertmanager's `silenceID` (clients ignore unknown
                // keys): 0 tells the author the matchers select no current alert.
                return try Response.isoJSON(SilenceCreated(silenceID: silence.id, matchedAlerts: matched))
            }
        }
        for one in ["api/v1/silences/:id", "api/v2/silence/:id"] {
            router.get(RouterPath(stringLiteral: one)) { _, context -> Response in
                let id = try APIContext.pathParameter(context, "id")
                let metadata = try self.metadata()
                let now = Date(millis: self.context.now())
                guard let s = try await Task.detached(priority: .userInitiated, operation: { try metadata.silence(id: id) }).value else {
                    throw Self.unknown(id)
                }
                return try Response.isoJSON(SilenceView(s, now: now))
            }
            router.delete(RouterPath(stringLiteral: one)) { _, context -> Response in
                let id = try APIContext.pathParameter(context, "id")
                let metadata = try self.metadata()
                let now = Date(millis: self.context.now())
                guard let s = try await Task.detached(priority: .userInitiated, operation: { try metadata.expireSilence(id: id, at: now) }).value else {
                    throw Self.unknown(id)
                }
                return try Response.isoJSON(SilenceView(s, now: now))
            }
        }
    }

    private func metadata() throws -> MetadataStore { try context.metadataStore(for: "silence") }

    static func unknown(_ id: String) -> APIError {
        APIError(status: .notFound, message: "no silence with id \"\(id)\"", parameter: nil)
    }
}

/// A silence as Alertmanager answers it: its fields plus `status.state`.
struct SilenceView: Encodable {
    struct Status: Encodable { var state: String }
    var id: String
    var matchers: [LabelMatcher]
    var startsAt: Date
    var endsAt: Date
    var updatedAt: Date
    var createdBy: String
    var comment: String
    var untilResolved: Bool
    var status: Status

    init(_ s: Silence, now: Date) {
        id = s.id
        matchers = s.matchers
        startsAt = s.startsAt
        endsAt = s.endsAt
        updatedAt = s.updatedAt
        createdBy = s.createdBy
        comment = s.comment
        untilResolved = s.untilResolved
        status = Status(state: s.status(at: now).rawValue)
    }
}

/// A silence as posted: Alertmanager's `postableSilence` (times as RFC 3339 text), plus
/// `untilResolved`. An `id` is accepted and ignored: an edit creates a new silence.
struct SilenceRequest: Decodable {
    var matchers: [LabelMatcher]?
    var startsAt: String?
    var endsAt: String?
    var createdBy: String?
    var comment: String?
    var untilResolved: Bool?

    func silence(now: Date) throws -> Silence {
        guard let matchers else { throw APIError.badRequest("matchers: required", parameter: "matchers") }
        guard let endsText = endsAt else { throw APIError.badRequest("endsAt: required", parameter: "endsAt") }
        let ends = try Self.date(endsText, field: "endsAt")
        // A start in the past means "from now", as in Alertmanager.
        let starts = max(try startsAt.map { text throws -> Date in try Self.date(text, field: "startsAt") } ?? now, now)
        return Silence(
            id: UUID().uuidString.lowercased(), matchers: matchers, startsAt: starts, endsAt: ends,
            createdBy: createdBy ?? "", comment: comment ?? "", untilResolved: untilResolved ?? false, updatedAt: now)
    }

    static func date(_ text: String, field: String) throws -> Date {
        guard let date = RFC3339.parse(text) else {
            throw APIError.badRequest("\(field): not an RFC 3339 time: \"\(text)\"", parameter: field)
        }
        return date
    }
}

struct SilenceCreated: Encodable {
    var silenceID: String
    var matchedAlerts: Int
}
