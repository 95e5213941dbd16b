import Foundation
import NetsightModel

/// `GET /alerts`: what is wrong now, one row per problem. Symptoms are not rows of their
/// own: each root lists them, folded, as its impact (`suppressed=true` lists them alone).
/// Muted alerts stay listed and say what mutes them. The page reloads every 30 s.
struct AlertsPage {
    /// Every alert the store holds, for the counters above the table.
    var all: [Alert]
    /// The rows, already filtered and ordered (`AlertListFilter`).
    var shown: [Alert]
    /// The query as given, to refill the form and build links.
    var query: [String: String]
    var now: Date

    func render() -> DashboardPage {
        var body = counters()
        body += filterForm()
        if shown.isEmpty {
            body += "<p class=\"muted\">No alerts match.</p>"
        } else {
            body += "<table id=\"alerts\"><thead><tr><th>State</th><th>Severity</th><th>Alert</th><th>Labels</th>"
            body += "<th>Since</th><th>Impact</th><th>Muted / acknowledged</th></tr></thead><tbody>"
            // Roots by id once: a storm lists thousands of symptoms, each naming its root.
            var summaries: [String: String] = [:]
            for alert in all where !alert.impact.isEmpty { summaries[alert.id] = alert.summary }
            for alert in shown { body += row(alert, rootSummaries: summaries) }
            body += "</tbody></table>"
        }
        return DashboardPage(title: "Alerts", section: .alerts, refreshSeconds: 30, body: body)
    }

    private func counters() -> String {
        let firing = all.filter { $0.state == .firing }
        let cards: [(String, Int, String)] = [
            ("firing", firing.filter { !$0.isSuppressed && !$0.isMuted }.count, "firing, not muted"),
            ("pending", all.filter { $0.state == .pending && !$0.isSuppressed }.count, "pending"),
            ("suppressed", firing.filter(\.isSuppressed).count, "firing symptoms (suppressed)"),
            ("muted", firing.filter { $0.isMuted && !$0.isSuppressed }.count, "firing, muted"),
            ("resolved", all.filter { $0.state == .resolved }.count, "recently resolved"),
        ]
        var out = "<div class=\"cards\">"
        for (id, count, label) in cards { out += "<div class=\"card\" id=\"count-\(id)\"><b>\(count)</b>\(label.htmlEscaped)</div>" }
        return out + "</div>"
    }

    private func filterForm() -> String {
        let filter = (query["filter"] ?? "").htmlEscaped
        var out = "<form method=\"get\" action=\"/alerts\"><label>Filter <input type=\"text\" name=\"filter\" value=\"\(filter)\" "
        out += "placeholder='site=\"ldn\", alertname=~\"Interface.*\"'></label> "
        for key in ["state", "rule", "muted", "suppressed"] {
            if let value = query[key] { out += "<input type=\"hidden\" name=\"\(key)\" value=\"\(value.htmlEscaped)\">" }
        }
        out += "<button type=\"submit\">Show</button> "
        if query["suppressed"] == "true" {
            out += "<a href=\"/alerts\">hide symptoms</a>"
        } else {
            out += "<a href=\"/alerts?suppressed=true\">only suppressed symptoms</a>"
        }
        return out + "</form>"
    }

    private func row(_ alert: Alert, rootSummaries: [String: String]) -> String {
        var out = "<tr id=\"alert-\(alert.id.htmlEscaped)\">"
        var state = "<span class=\"\(alert.state.rawValue)\">\(alert.state.rawValue)</span>"
        if alert.flapping { state += " <span class=\"tag warning\">flapping \(Int(alert.flapPercent.rounded()))%</span>" }
        out += "<td>\(state)</td>"
        out += "<td><span class=\"tag \(alert.severity.rawValue)\">\(alert.severity.rawValue)</span></td>"
        var what = "<a href=\"/alerts/\(alert.id.queryEscaped)\">\(alert.rule.htmlEscaped)</a><br>\(alert.summary.htmlEscaped)"
        if let runbook = alert.runbook, runbook.hasPrefix("http://") || runbook.hasPrefix("https://") {
            what += " <a href=\"\(runbook.htmlEscaped)\">runbook</a>"
        }
        out += "<td>\(what)</td>"
        out += "<td class=\"labels\">\(Self.labels(alert.labels))</td>"
        out += "<td>\(since(alert))</td>"
        out += "<td>\(impact(alert, rootSummaries: rootSummaries))</td>"
        out += "<td>\(mutes(alert))</td></tr>"
        return out
    }

    static func labels(_ labels: LabelSet) -> String {
        labels.pairs.filter { !["alertname", "severity"].contains($0.name) }
            .map { "\($0.name.htmlEscaped)=\($0.value.htmlEscaped)" }.joined(separator: "<br>")
    }

    private func since(_ alert: Alert) -> String {
        let start: Date?
        switch alert.state {
        case .resolved: start = alert.resolvedAt
        case .firing: start = alert.firingSince ?? alert.activeSince
        default: start = alert.activeSince
        }
        guard let start else { return "" }
        let prefix = alert.state == .resolved ? "resolved " : ""
        return "<span title=\"\(Self.iso(start))\">\(prefix)\(Self.age(now.timeIntervalSince(start))) ago</span>"
    }

    private func impact(_ alert: Alert, rootSummaries: [String: String]) -> String {
        if let root = alert.rootCause {
            let name = rootSummaries[root] ?? root
            return "symptom of <a href=\"/alerts/\(root.queryEscaped)\">\(name.htmlEscaped)</a>"
        }
        guard !alert.impact.isEmpty else { return "" }
        var out = "<details><summary><b>\(alert.impact.count)</b> dependent alert\(alert.impact.count == 1 ? "" : "s") suppressed</summary><ul>"
        for item in alert.impact {
            out += "<li><a href=\"/alerts/\(item.id.queryEscaped)\">\(item.rule.htmlEscaped)</a> \(item.summary.htmlEscaped)</li>"
        }
        return out + "</ul></details>"
    }

    private func mutes(_ alert: Alert) -> String {
        var parts = alert.mutedBy.map {
            "<a class=\"muted\" href=\"/silences#\($0.kind.rawValue)-\($0.id.queryEscaped)\">\($0.kind.rawValue) \(String($0.id.prefix(8)).htmlEscaped)</a>"
        }
        if let ack = alert.acknowledgement {
            let comment = ack.comment.isEmpty ? "" : ": \(ack.comment.htmlEscaped)"
            parts.append("acknowledged by \(ack.by.htmlEscaped)\(comment)")
        }
        return parts.joined(separator: "<br>")
    }

    /// One style for every date: a page of a storm formats thousands of dates, and this
    /// made a new `ISO8601DateFormatter` for each.
    private static let isoStyle = Date.ISO8601FormatStyle()

    static func iso(_ date: Date) -> String {
        date.formatted(isoStyle)
    }

    /// `45s`, `12m`, `3h 5m`, `2d 4h`: how long, to a glance.
    static func age(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds))
        switch s {
        case ..<60: return "\(s)s"
        case ..<3_600: return "\(s / 60)m"
        case ..<86_400: return "\(s / 3_600)h \(s % 3_600 / 60)m"
        default: return "\(s / 86_400)d \(s % 86_400 / 3_600)h"
        }
    }
}
