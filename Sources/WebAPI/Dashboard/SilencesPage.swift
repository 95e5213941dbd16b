import Alerting
import Foundation
import NetsightModel

/// `GET /silences`: why alerts are muted. The silences (active and pending; `expired=true`
/// adds the expired) with how many current alerts each matches, and the maintenance
/// windows with their schedule, whether they are open now or when they open next, and how
/// many alerts they mute. The alert list links each mute here.
struct SilencesPage {
    var silences: [Silence]
    var windows: [MaintenanceWindow]
    var alerts: [Alert]
    var showExpired: Bool
    var now: Date

    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    func render() -> DashboardPage {
        var body = "<h2>Silences</h2>"
        body += showExpired ? "<p><a href=\"/silences\">hide expired</a></p>" : "<p><a href=\"/silences?expired=true\">show expired</a></p>"
        let listed = silences.filter { showExpired || $0.status(at: now) != .expired }.sorted { ($0.endsAt, $0.id) > ($1.endsAt, $1.id) }
        if listed.isEmpty {
            body += "<p class=\"muted\">No silences.</p>"
        } else {
            body += "<table id=\"silences\"><thead><tr><th>State</th><th>Matchers</th><th>From</th><th>Until</th>"
            body += "<th class=\"n\">Matching alerts</th><th>By</th><th>Comment</th></tr></thead><tbody>"
            for s in listed {
                let until = AlertsPage.iso(s.endsAt) + (s.untilResolved ? " or when all it muted resolved" : "")
                body += "<tr id=\"silence-\(s.id.htmlEscaped)\"><td>\(s.status(at: now).rawValue)</td><td>\(Self.matchers(s.matchers))</td>"
                body += "<td>\(AlertsPage.iso(s.startsAt))</td><td>\(until)</td><td class=\"n\">\(s.matchCount(in: alerts))</td>"
                body += "<td>\(s.createdBy.htmlEscaped)</td><td>\(s.comment.htmlEscaped)</td></tr>"
            }
            body += "</tbody></table>"
        }
        body += "<h2>Maintenance windows</h2>"
        if windows.isEmpty {
            body += "<p class=\"muted\">No maintenance windows.</p>"
        } else {
            body += "<table id=\"maintenance\"><thead><tr><th>Name</th><th>Matchers</th><th>Schedule</th><th>Now</th>"
            body += "<th class=\"n\">Muted alerts</th><th>By</th><th>Comment</th></tr></thead><tbody>"
            for w in windows.sorted(by: { ($0.name, $0.id) < ($1.name, $1.id) }) {
                let muted = alerts.filter { a in a.mutedBy.contains { $0.kind == .maintenance && $0.id == w.id } }.count
                body += "<tr id=\"maintenance-\(w.id.htmlEscaped)\"><td>\(w.name.htmlEscaped)</td><td>\(Self.matchers(w.matchers))</td>"
                body += "<td>\(Self.schedule(w.schedule).htmlEscaped)</td><td>\(state(w.schedule))</td><td class=\"n\">\(muted)</td>"
                body += "<td>\(w.createdBy.htmlEscaped)</td><td>\(w.comment.htmlEscaped)</td></tr>"
            }
            body += "</tbody></table>"
        }
        return DashboardPage(title: "Silences and maintenance", section: .silences, body: body)
    }

    static func matchers(_ matchers: [LabelMatcher]) -> String {
        matchers.map { "<code>\($0.description.htmlEscaped)</code>" }.joined(separator: " ")
    }

    /// `once 2027-01-15T08:00:00Z to 2027-01-15T10:00:00Z`, `weekly Sun 02:00 for 2h 0m (Europe/London)`.
    static func schedule(_ schedule: MaintenanceSchedule) -> String {
        switch schedule {
        case .once(let start, let end):
            return "once \(AlertsPage.iso(start)) to \(AlertsPage.iso(end))"
        case .weekly(let days, let startMinute, let duration, let zone, let from, let until):
            let names = days.compactMap { (1...7).contains($0) ? weekdays[$0 - 1] : nil }.joined(separator: ",")
            var text = "weekly \(names) " + String(format: "%02d:%02d", startMinute / 60, startMinute % 60)
            text += " for \(AlertsPage.age(TimeInterval(duration * 60))) (\(zone))"
            if let from { text += " from \(AlertsPage.iso(from))" }
            if let until { text += " until \(AlertsPage.iso(until))" }
            return text
        }
    }

    private func state(_ schedule: MaintenanceSchedule) -> String {
        guard let window = MaintenanceCalendar.currentOrNextWindow(schedule, at: now) else { return "<span class=\"muted\">over</span>" }
        if window.start <= now { return "<b>open</b> until \(AlertsPage.iso(window.end))" }
        return "opens \(AlertsPage.iso(window.start))"
    }
}
