import Foundation
import NetsightModel

/// Alertmanager's webhook body (notify/webhook `Message`, version "4", embedding
/// template.Data). Field names match byte for byte so any receiver written for
/// Alertmanager (PagerDuty bridges, chat relays, custom scripts) accepts ours unchanged;
/// the `netsight*`/`idempotencyKey` extras are ignored by them as unknown keys.
public struct WebhookPayload: Sendable, Hashable, Codable {
    public struct Item: Sendable, Hashable, Codable {
        public var status: String
        public var labels: [String: String]
        public var annotations: [String: String]
        public var startsAt: String
        public var endsAt: String
        public var generatorURL: String
        public var fingerprint: String
    }

    public var version: String
    public var groupKey: String
    public var truncatedAlerts: Int
    public var status: String
    public var receiver: String
    public var groupLabels: [String: String]
    public var commonLabels: [String: String]
    public var commonAnnotations: [String: String]
    public var externalURL: String
    public var alerts: [Item]
    /// `alert`, `flapping` or `flap_settled`: lets a Netsight-aware receiver tell a flap
    /// summary from an ordinary state change.
    public var netsightKind: String
    /// The notification id: the same content always carries the same key, so a receiver
    /// can drop a retry it already processed.
    public var idempotencyKey: String

    /// Go's zero `time.Time`, which Alertmanager sends as `endsAt` of a firing alert.
    public static let zeroTime = "0001-01-01T00:00:00Z"

    /// - Parameters:
    ///   - maxAlerts: 0 for no limit; otherwise the rest is counted in `truncatedAlerts`
    ///     as Alertmanager's `max_alerts` does.
    public init(_ notification: AlertNotification, externalURL: String, maxAlerts: Int = 0) {
        let kept = maxAlerts > 0 ? Array(notification.alerts.prefix(maxAlerts)) : notification.alerts
        let items = kept.map { Self.item($0, externalURL: externalURL) }
        version = "4"
        groupKey = notification.groupKey
        truncatedAlerts = notification.alerts.count - kept.count
        status = notification.status.rawValue
        receiver = notification.receiver
        groupLabels = notification.groupLabels.dictionary
        commonLabels = notification.commonLabels.dictionary
        commonAnnotations = Self.common(items.map(\.annotations))
        self.externalURL = externalURL
        alerts = items
        netsightKind = notification.kind.rawValue
        idempotencyKey = notification.id
    }

    /// The JSON body; keys sorted so the same notification is always the same bytes.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, ints and dictionaries cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }

    static func item(_ alert: Alert, externalURL: String) -> Item {
        var annotations = ["summary": alert.summary]
        if let runbook = alert.runbook { annotations["runbook_url"] = runbook }
        if let rootCause = alert.rootCause { annotations["root_cause"] = rootCause }
        if !alert.impact.isEmpty {
            annotations["impact"] = NotificationText.impactLines(alert.impact) { "\($0.rule) \($0.labels): \($0.summary)" }
                .joined(separator: "\n")
            annotations["impact_count"] = String(alert.impact.count)
        }
        // Pending counts as firing (a flapping series under its `for`); inactive is clear.
        let firing = alert.state == .firing || alert.state == .pending
        return Item(
            status: firing ? "firing" : "resolved",
            labels: alert.labels.dictionary,
            annotations: annotations,
            startsAt: alert.firingSince.map(rfc3339) ?? zeroTime,
            endsAt: firing ? zeroTime : (alert.resolvedAt.map(rfc3339) ?? zeroTime),
            generatorURL: externalURL.isEmpty ? "" : "\(externalURL)/alerts/\(alert.id)",
            fingerprint: alert.id
        )
    }

    /// Annotations with the same value in every alert (template.Data's commonAnnotations).
    static func common(_ all: [[String: String]]) -> [String: String] {
        guard var result = all.first else { return [:] }
        for other in all.dropFirst() { result = result.filter { other[$0.key] == $0.value } }
        return result
    }

    /// RFC 3339 in UTC like Go's time.Time JSON: fractional seconds only when present.
    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        let whole = date.timeIntervalSince1970.rounded(.down) == date.timeIntervalSince1970
        formatter.formatOptions = whole ? [.withInternetDateTime] : [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
