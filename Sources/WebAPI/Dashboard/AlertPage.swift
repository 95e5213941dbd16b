import Foundation
import NetsightModel

/// `GET /alerts/{id}`: one alert, everything known about it: labels, state and since when,
/// the root it is a symptom of or the symptoms it carries (all of them, where a message
/// lists at most 100), what mutes it, and its history (raised, notified where, resolved).
struct AlertPage {
    var alert: Alert
    var root: Alert?
    var history: [AlertEvent]
    var historySpan: String

    func render() -> DashboardPage {
        var body = "<p><span class=\"\(alert.state.rawValue)\">\(alert.state.rawValue)</span> "
        body += "<span class=\"tag \(alert.severity.rawValue)\">\(alert.severity.rawValue)</span> "
        body += "\(alert.summary.htmlEscaped)</p><table id=\"facts\"><tbody>"
        func fact(_ name: String, _ html: String) { body += "<tr><th>\(name)</th><td>\(html)</td></tr>" }
        fact("Rule", alert.rule.htmlEscaped)
        fact("Labels", AlertsPage.labels(alert.labels))
        fact("Value", String(format: "%g", alert.value))
        if let d = alert.activeSince { fact("Active since", AlertsPage.iso(d)) }
        if let d = alert.firingSince { fact("Firing since", AlertsPage.iso(d)) }
        if let d = alert.resolvedAt { fact("Resolved at", AlertsPage.iso(d)) }
        if alert.flapping { fact("Flapping", "\(Int(alert.flapPercent.rounded()))% weighted state change") }
        if let runbook = alert.runbook { fact("Runbook", "<a href=\"\(runbook.htmlEscaped)\">\(runbook.htmlEscaped)</a>") }
        if let id = alert.rootCause {
            fact("Symptom of", "<a href=\"/alerts/\(id.queryEscaped)\">\((root?.summary ?? id).htmlEscaped)</a>")
        }
        for mute in alert.mutedBy { fact("Muted by", "\(mute.kind.rawValue) \(mute.id.htmlEscaped)") }
        if let ack = alert.acknowledgement {
            fact("Acknowledged", "by \(ack.by.htmlEscaped) at \(AlertsPage.iso(ack.at))\(ack.comment.isEmpty ? "" : ": " + ack.comment.htmlEscaped)")
        }
        body += "</tbody></table>"
        if !alert.impact.isEmpty {
            body += "<h2>Impact: \(alert.impact.count) dependent alert\(alert.impact.count == 1 ? "" : "s") suppressed</h2>"
            body += "<table id=\"impact\"><thead><tr><th>Rule</th><th>Summary</th><th>Labels</th></tr></thead><tbody>"
            for item in alert.impact {
                body += "<tr><td><a href=\"/alerts/\(item.id.queryEscaped)\">\(item.rule.htmlEscaped)</a></td>"
                body += "<td>\(item.summary.htmlEscaped)</td><td class=\"labels\">\(AlertsPage.labels(item.labels))</td></tr>"
            }
            body += "</tbody></table>"
        }
        body += "<h2>History (last \(historySpan.htmlEscaped))</h2>"
        if history.isEmpty {
            body += "<p class=\"muted\">Nothing happened in this span.</p>"
        } else {
            body += "<table id=\"history\"><thead><tr><th>Time</th><th>What</th><th>Receiver</th><th>Detail</th></tr></thead><tbody>"
            for e in history.sorted(by: { $0.time > $1.time }) {
                body += "<tr><td>\(AlertsPage.iso(e.time))</td><td>\(e.kind.rawValue)</td>"
                body += "<td>\((e.receiver ?? "").htmlEscaped)</td><td>\(e.detail.htmlEscaped)</td></tr>"
            }
            body += "</tbody></table>"
        }
        return DashboardPage(title: alert.rule, section: .alerts, body: body)
    }
}
