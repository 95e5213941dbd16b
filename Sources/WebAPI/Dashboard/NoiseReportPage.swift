import Alerting
import Foundation
import NetsightModel

/// `GET /alerts/report`: the noise report for tuning (`netsight alerts report` on a page):
/// alerts raised against notifications sent per day and per rule, the compression ratio,
/// the flappiest series and the noisiest rules, with a bar chart of each day.
struct NoiseReportPage {
    var report: NoiseReport
    /// The `last` the page was asked for, to mark the chosen span.
    var last: String?
    /// Alerts the store still holds, to name the flappiest series (the report keeps ids).
    var alerts: [String: Alert]

    static let spans = ["1d", "7d", "30d", "90d"]

    func render() -> DashboardPage {
        let t = report.totals
        var body = "<p>\(AlertsPage.iso(report.from)) to \(AlertsPage.iso(report.to)), days in \(report.timeZone.htmlEscaped). Show the last "
        body += Self.spans.map { span in
            span == (last ?? "7d") ? "<b>\(span)</b>" : "<a href=\"/alerts/report?last=\(span)\">\(span)</a>"
        }.joined(separator: " · ")
        body += "</p><div class=\"cards\">"
        let cards: [(String, String, String)] = [
            ("raised", "\(t.raised)", "alerts raised"),
            ("notifications", "\(t.notifications)", "notifications sent"),
            ("compression", Self.percent(t.compression), "compression"),
            ("flapping", "\(t.flapping)", "flaps detected"),
            ("failures", "\(t.deliveryFailures)", "failed deliveries"),
        ]
        for (id, value, label) in cards { body += "<div class=\"card\" id=\"total-\(id)\"><b>\(value)</b>\(label)</div>" }
        body += "</div>"
        if t.raised == 0 && t.notifications == 0 {
            body += "<p class=\"muted\">Nothing was raised or notified in this span.</p>"
        }
        body += "<h2>Per day</h2>" + chart(report.days) + table(id: "days", first: "Day", rows: report.days, name: \.day)
        body += "<h2>Noisiest rules</h2>" + table(id: "rules", first: "Rule", rows: report.noisiestRules, name: \.rule)
        body += "<h2>Flappiest series</h2>" + flappiest()
        return DashboardPage(title: "Alert noise", section: .report, body: body)
    }

    static func percent(_ v: Double) -> String { String(format: "%.1f%%", v * 100) }

    private func table(id: String, first: String, rows: [NoiseReport.Row], name: KeyPath<NoiseReport.Row, String>) -> String {
        guard !rows.isEmpty else { return "<p class=\"muted\">None.</p>" }
        var out = "<table id=\"\(id)\"><thead><tr><th>\(first)</th><th class=\"n\">Raised</th><th class=\"n\">Notifications</th>"
        out += "<th class=\"n\">Compression</th><th class=\"n\">Flapping</th><th class=\"n\">Failed deliveries</th></tr></thead><tbody>"
        for r in rows {
            out += "<tr><td>\(r[keyPath: name].htmlEscaped)</td><td class=\"n\">\(r.raised)</td><td class=\"n\">\(r.notifications)</td>"
            out += "<td class=\"n\">\(Self.percent(r.compression))</td><td class=\"n\">\(r.flapping)</td>"
            out += "<td class=\"n\">\(r.deliveryFailures)</td></tr>"
        }
        return out + "</tbody></table>"
    }

    private func flappiest() -> String {
        guard !report.flappiest.isEmpty else { return "<p class=\"muted\">No series flapped.</p>" }
        var out = "<table id=\"flappiest\"><thead><tr><th>Series</th><th>Rule</th><th class=\"n\">Times flapping</th>"
        out += "<th class=\"n\">Raised</th></tr></thead><tbody>"
        for s in report.flappiest {
            let name = alerts[s.alertID].map { "\($0.summary.htmlEscaped)<br><span class=\"labels\">\(AlertsPage.labels($0.labels))</span>" }
                ?? "<span class=\"muted\">\(s.alertID.htmlEscaped) (no longer listed)</span>"
            out += "<tr><td><a href=\"/alerts/\(s.alertID.queryEscaped)\">\(name)</a></td><td>\(s.rule.htmlEscaped)</td>"
            out += "<td class=\"n\">\(s.flappingStarted)</td><td class=\"n\">\(s.raised)</td></tr>"
        }
        return out + "</tbody></table>"
    }

    /// Raised (grey) next to notified (blue) per day, as inline SVG: no script, no CDN.
    private func chart(_ days: [NoiseReport.Row]) -> String {
        guard !days.isEmpty else { return "" }
        let top = max(1, days.map { max($0.raised, $0.notifications) }.max() ?? 1)
        let slot = 28, bar = 11, height = 120, left = 36
        let width = max(200, left + slot * days.count + 8)
        var out = "<svg id=\"chart\" role=\"img\" aria-label=\"alerts raised and notifications sent per day\" "
        out += "width=\"\(width)\" height=\"\(height + 34)\" viewBox=\"0 0 \(width) \(height + 34)\" font-size=\"10\">"
        out += "<text x=\"0\" y=\"10\">\(top)</text><text x=\"0\" y=\"\(height + 4)\">0</text>"
        out += "<line x1=\"\(left - 2)\" y1=\"\(height)\" x2=\"\(width)\" y2=\"\(height)\" stroke=\"#9aa3b2\"/>"
        for (i, d) in days.enumerated() {
            let x = left + i * slot
            for (j, (value, colour, what)) in [(d.raised, "#9aa3b2", "raised"), (d.notifications, "#1e63c6", "notified")].enumerated() {
                let h = Int((Double(value) / Double(top) * Double(height - 12)).rounded())
                out += "<rect x=\"\(x + j * bar)\" y=\"\(height - h)\" width=\"\(bar - 1)\" height=\"\(h)\" fill=\"\(colour)\">"
                out += "<title>\(d.day.htmlEscaped): \(value) \(what)</title></rect>"
            }
            if days.count <= 14 || i % 7 == 0 {
                out += "<text x=\"\(x)\" y=\"\(height + 14)\">\(String(d.day.suffix(5)).htmlEscaped)</text>"
            }
        }
        out += "<rect x=\"\(left)\" y=\"\(height + 22)\" width=\"9\" height=\"9\" fill=\"#9aa3b2\"/>"
        out += "<text x=\"\(left + 12)\" y=\"\(height + 31)\">raised</text>"
        out += "<rect x=\"\(left + 60)\" y=\"\(height + 22)\" width=\"9\" height=\"9\" fill=\"#1e63c6\"/>"
        out += "<text x=\"\(left + 72)\" y=\"\(height + 31)\">notified</text></svg>"
        return out
    }
}
