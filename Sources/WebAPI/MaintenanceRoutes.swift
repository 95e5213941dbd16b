import Alerting
import Foundation
import Hummingbird
import NetsightModel
import Storage

/// Maintenance windows: alerts they match are muted while they are open (still listed,
/// marked) and never notified as resolved afterwards.
/// - `GET /api/v1/maintenance`: every window, with `open` and the current or next
///   opening (`nextStart`, `nextEnd`);
/// - `POST /api/v1/maintenance` `{"name", "matchers", "schedule", "createdBy", "comment"}`
///   where `schedule` is `{"start", "end"}` (once) or `{"weekdays": [7], "startMinute":
///   120, "durationMinutes": 120, "timeZone": "Europe/London"}` (weekly; 1 = Monday);
/// - `GET` and `DELETE /api/v1/maintenance/{id}`.
struct MaintenanceRoutes {
    let context: APIContext

    func register(on router: Router<BasicRequestContext>) {
        router.get("api/v1/maintenance") { request, _ -> Response in
            _ = try TimeWindow.parameters(request, known: [])
            let metadata = try self.metadata()
            let now = Date(millis: self.context.now())
            let windows = try await Task.detached(priority: .userInitiated) { try metadata.maintenanceWindows() }.value
            return try Response.isoJSON(windows.map { MaintenanceView($0, now: now) })
        }
        router.post("api/v1/maintenance") { request, context -> Response in
            let body = try await request.decode(as: MaintenanceRequest.self, context: context)
            let now = Date(millis: self.context.now())
            let window = try body.window(now: now)
            do throws(AlertValidationError) {
                try MaintenanceValidator.validate(window)
            } catch {
                throw APIError.badRequest(error.description, parameter: error.field)
            }
            let metadata = try self.metadata()
            try await Task.detached(priority: .userInitiated) { try metadata.insertMaintenanceWindow(window) }.value
            return try Response.isoJSON(MaintenanceView(window, now: now))
        }
        router.get("api/v1/maintenance/:id") { _, context -> Response in
            let id = try APIContext.pathParameter(context, "id")
            let metadata = try self.metadata()
            let now = Date(millis: self.context.now())
            guard let w = try await Task.detached(priority: .userInitiated, operation: { try metadata.maintenanceWindow(id: id) }).value else {
                throw Self.unknown(id)
            }
            return try Response.isoJSON(MaintenanceView(w, now: now))
        }
        router.delete("api/v1/maintenance/:id") { _, context -> Response in
            let id = try APIContext.pathParameter(context, "id")
            let metadata = try self.metadata()
            guard try await Task.detached(priority: .userInitiated, operation: { try metadata.deleteMaintenanceWindow(id: id) }).value else {
                throw Self.unknown(id)
            }
            return Response(status: .noContent)
        }
    }

    private func metadata() throws -> MetadataStore { try context.metadataStore(for: "maintenance") }

    static func unknown(_ id: String) -> APIError {
        APIError(status: .notFound, message: "no maintenance window with id \"\(id)\"", parameter: nil)
    }
}

struct MaintenanceView: Encodable {
    var id: String
    var name: String
    var matchers: [LabelMatcher]
    var schedule: MaintenanceSchedule
    var createdBy: String
    var comment: String
    var createdAt: Date
    var open: Bool
    var nextStart: Date?
    var nextEnd: Date?

    init(_ w: MaintenanceWindow, now: Date) {
        id = w.id
        name = w.name
        matchers = w.matchers
        schedule = w.schedule
        createdBy = w.createdBy
        comment = w.comment
        createdAt = w.createdAt
        open = MaintenanceCalendar.isOpen(w.schedule, at: now)
        let next = MaintenanceCalendar.currentOrNextWindow(w.schedule, at: now)
        nextStart = next?.start
        nextEnd = next?.end
    }
}

struct MaintenanceRequest: Decodable {
    struct Schedule: Decodable {
        var start: String?
        var end: String?
        var weekdays: [Int]?
        var startMinute: Int?
        var durationMinutes: Int?
        var timeZone: String?
        var from: String?
        var until: String?
    }

    var name: String?
    var matchers: [LabelMatcher]?
    var schedule: Schedule?
    var createdBy: String?
    var comment: String?

    func window(now: Date) throws -> MaintenanceWindow {
        guard let matchers else { throw APIError.badRequest("matchers: required", parameter: "matchers") }
        guard let s = schedule else { throw APIError.badRequest("schedule: required", parameter: "schedule") }
        let parsed: MaintenanceSchedule
        if let weekdays = s.weekdays {
            guard let startMinute = s.startMinute, let duration = s.durationMinutes else {
                throw APIError.badRequest("schedule: weekly needs startMinute and durationMinutes", parameter: "schedule")
            }
            parsed = .weekly(
                weekdays: weekdays, startMinute: startMinute, durationMinutes: duration, timeZone: s.timeZone ?? "UTC",
                from: try s.from.map { try SilenceRequest.date($0, field: "schedule.from") },
                until: try s.until.map { try SilenceRequest.date($0, field: "schedule.until") })
        } else {
            guard let start = s.start, let end = s.end else {
                throw APIError.badRequest("schedule: give start and end, or weekdays", parameter: "schedule")
            }
            parsed = .once(
                start: try SilenceRequest.date(start, field: "schedule.start"), end: try SilenceRequest.date(end, field: "schedule.end"))
        }
        return MaintenanceWindow(
            id: UUID().uuidString.lowercased(), name: name ?? "", matchers: matchers, schedule: parsed,
            createdBy: createdBy ?? "", comment: comment ?? "", createdAt: now)
    }
}
