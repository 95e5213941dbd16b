import Foundation

/// One alert: one rule on one series, with everything noise reduction decided about it.
/// The API, the CLI and the receivers show this; the store keeps it so a restart neither
/// forgets a firing alert nor notifies it again.
public struct Alert: Sendable, Hashable, Codable {
    /// `labels.fingerprintHex`: the same alert keeps its id across restarts.
    public var id: String
    public var rule: String
    /// The rule's metric (`device_up`, ...): root-cause analysis reads it to know which
    /// alerts say a device is unreachable.
    public var metric: String
    /// The series' labels, the rule's labels, `alertname` and `severity`.
    public var labels: LabelSet
    public var severity: AlertSeverity
    public var state: AlertState
    /// The newest value the rule saw.
    public var value: Double
    public var summary: String
    public var runbook: String?
    /// When the condition first held (pending began); nil while inactive.
    public var activeSince: Date?
    /// When it last started firing; stays set after it resolves (AM's startsAt).
    public var firingSince: Date?
    /// When it resolved (AM's endsAt); nil while pending or firing.
    public var resolvedAt: Date?
    public var lastEvaluatedAt: Date
    /// Nagios-style flap detection (`FlapDetector`): while true, changes are not notified
    /// one by one.
    public var flapping: Bool
    /// The weighted percent state change over the last 21 states, 0...100.
    public var flapPercent: Double
    /// Those 21 states, oldest first, `1` for a problem: kept so a restart continues the
    /// flap detection instead of starting from a clean history (which would announce a
    /// flapping series as settled, then as flapping again). Nil when all are OK.
    public var flapHistory: String?
    /// Set when this alert is a symptom: the id of the root-cause alert it is suppressed
    /// under ("sw-3 unreachable because core-1 is down").
    public var rootCause: String?
    /// Set on a root-cause alert: the symptoms suppressed under it.
    public var impact: [AlertImpact]
    /// Silences and maintenance windows muting it now. A muted alert stays visible.
    public var mutedBy: [AlertMute]
    public var acknowledgement: AlertAcknowledgement?

    public init(
        id: String, rule: String, metric: String, labels: LabelSet, severity: AlertSeverity, state: AlertState, value: Double,
        summary: String, runbook: String? = nil, activeSince: Date? = nil, firingSince: Date? = nil,
        resolvedAt: Date? = nil, lastEvaluatedAt: Date, flapping: Bool = false, flapPercent: Double = 0, flapHistory: String? = nil,
        rootCause: String? = nil, impact: [AlertImpact] = [], mutedBy: [AlertMute] = [],
        acknowledgement: AlertAcknowledgement? = nil
    ) {
        self.id = id
        self.rule = rule
        self.metric = metric
        self.labels = labels
        self.severity = severity
        self.state = state
        self.value = value
        self.summary = summary
        self.runbook = runbook
        self.activeSince = activeSince
        self.firingSince = firingSince
        self.resolvedAt = resolvedAt
        self.lastEvaluatedAt = lastEvaluatedAt
        self.flapping = flapping
        self.flapPercent = flapPercent
        self.flapHistory = flapHistory
        self.rootCause = rootCause
        self.impact = impact
        self.mutedBy = mutedBy
        self.acknowledgement = acknowledgement
    }

    public var isMuted: Bool { !mutedBy.isEmpty }
    public var isSuppressed: Bool { rootCause != nil }
}

/// One symptom attached to its root cause.
public struct AlertImpact: Sendable, Hashable, Codable {
    public var id: String
    public var rule: String
    public var labels: LabelSet
    public var summary: String

    public init(id: String, rule: String, labels: LabelSet, summary: String) {
        self.id = id
        self.rule = rule
        self.labels = labels
        self.summary = summary
    }
}

/// Why an alert is muted.
public struct AlertMute: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case silence, maintenance }
    public var kind: Kind
    /// The silence's or maintenance window's id.
    public var id: String

    public init(kind: Kind, id: String) {
        self.kind = kind
        self.id = id
    }
}

/// Someone took the alert: it stays firing but is not repeated (`repeat_interval`).
public struct AlertAcknowledgement: Sendable, Hashable, Codable {
    public var by: String
    public var comment: String
    public var at: Date

    public init(by: String, comment: String, at: Date) {
        self.by = by
        self.comment = comment
        self.at = at
    }
}
