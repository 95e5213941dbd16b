import Foundation
import NetsightModel

/// The human wording of a notification, shared by the chat and mail receivers so a page,
/// a Slack message and an email say the same thing: a title that names the problem (the
/// root cause's summary when there is one) and one line per alert with its impact.
public enum NotificationText {
    /// At most this many symptoms are listed in a message; the rest are counted. A core
    /// failure can carry thousands (the storm benchmark: 12,451), which no reader scrolls
    /// and some receivers refuse; the full list stays in the API (`/api/v1/alerts/{id}`).
    public static let impactListLimit = 100

    /// The impact lines to show, each rendered by `line`, then "… and N more" if cut.
    public static func impactLines(_ impact: [AlertImpact], _ line: (AlertImpact) -> String) -> [String] {
        var lines = impact.prefix(impactListLimit).map(line)
        if impact.count > impactListLimit { lines.append("… and \(impact.count - impactListLimit) more") }
        return lines
    }

    /// `[FIRING:3] core-1 is down (site=ldn)`, `[RESOLVED] ...`, `[FLAPPING] ...`,
    /// `[FLAP SETTLED] ...`.
    public static func title(_ n: AlertNotification) -> String {
        let tag: String
        switch n.kind {
        case .flapping: tag = "[FLAPPING]"
        case .flapSettled: tag = "[FLAP SETTLED]"
        case .alert:
            let firing = n.alerts.filter { $0.state != .resolved }.count
            tag = n.status == .firing ? "[FIRING:\(firing)]" : "[RESOLVED]"
        }
        // The alert the message is about: a root cause (it carries impact) first.
        let lead = n.alerts.first(where: { !$0.impact.isEmpty }) ?? n.alerts.first
        var text = tag
        if let lead { text += " " + lead.summary }
        if n.alerts.count > 1 { text += " (+\(n.alerts.count - 1) more)" }
        let group = n.groupLabels.pairs.filter { !$0.value.isEmpty }.map { "\($0.name)=\($0.value)" }
        if !group.isEmpty { text += " [" + group.joined(separator: ", ") + "]" }
        return text
    }

    /// One block per alert: state, severity, summary, labels, times, root cause, impact,
    /// runbook and link.
    public static func lines(_ alert: Alert, externalURL: String) -> [String] {
        let state = alert.state == .resolved ? "RESOLVED" : (alert.flapping ? "FLAPPING" : "FIRING")
        var out = ["\(state) \(alert.severity.rawValue): \(alert.summary)"]
        out.append("  labels: \(alert.labels)")
        if let since = alert.firingSince { out.append("  since: \(WebhookPayload.rfc3339(since))") }
        if alert.state == .resolved, let at = alert.resolvedAt { out.append("  resolved: \(WebhookPayload.rfc3339(at))") }
        if alert.flapping { out.append("  flapping: \(Int(alert.flapPercent.rounded())) % state change") }
        if let cause = alert.rootCause { out.append("  root cause: \(cause)") }
        if !alert.impact.isEmpty {
            out.append("  impact: \(alert.impact.count) dependent alert\(alert.impact.count == 1 ? "" : "s") suppressed")
            out += impactLines(alert.impact) { "    - \($0.summary) (\($0.rule) \($0.labels))" }
        }
        if let runbook = alert.runbook { out.append("  runbook: \(runbook)") }
        if !externalURL.isEmpty { out.append("  \(externalURL)/alerts/\(alert.id)") }
        return out
    }

    /// The whole message as plain text.
    public static func body(_ n: AlertNotification, externalURL: String) -> String {
        n.alerts.map { lines($0, externalURL: externalURL).joined(separator: "\n") }.joined(separator: "\n\n")
    }
}
