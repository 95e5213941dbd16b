import Foundation

/// One message to one receiver about one group of alerts: what Alertmanager calls a
/// notification. Receivers turn it into a webhook body, a Slack message, an email or a
/// syslog line; the outbox stores it until it is delivered.
public struct AlertNotification: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Alerts started firing or resolved.
        case alert
        /// A series started flapping: one message instead of one per change.
        case flapping
        /// A flapping series settled (it says in which state).
        case flapSettled = "flap_settled"
    }

    public enum Status: String, Sendable, Hashable, Codable { case firing, resolved }

    /// The idempotency key: the same content for the same receiver always gets the same id,
    /// so a retry or a replay after a restart can be recognised downstream.
    public var id: String
    public var receiver: String
    /// Stable per group (`{}/{site="ldn"}` style, as Alertmanager's groupKey).
    public var groupKey: String
    public var groupLabels: LabelSet
    /// Labels every alert in the message shares.
    public var commonLabels: LabelSet
    public var kind: Kind
    /// `firing` when any alert in `alerts` is firing.
    public var status: Status
    /// Firing alerts first, then resolved ones; a root cause carries its `impact`.
    public var alerts: [Alert]
    public var createdAt: Date

    public init(
        id: String, receiver: String, groupKey: String, groupLabels: LabelSet, commonLabels: LabelSet, kind: Kind,
        status: Status, alerts: [Alert], createdAt: Date
    ) {
        self.id = id
        self.receiver = receiver
        self.groupKey = groupKey
        self.groupLabels = groupLabels
        self.commonLabels = commonLabels
        self.kind = kind
        self.status = status
        self.alerts = alerts
        self.createdAt = createdAt
    }
}

/// What was last sent for one group to one receiver (Alertmanager's notification log):
/// the dispatcher compares against it so an identical message is never sent twice, also
/// after a restart, and a resolution goes only to receivers that were told it fired.
public struct NotificationLogEntry: Sendable, Hashable, Codable {
    public var receiver: String
    public var groupKey: String
    /// Ids of the alerts the receiver was last told are firing, and resolved.
    public var firing: [String]
    public var resolved: [String]
    /// Ids the receiver was told are flapping.
    public var flapping: [String]
    public var sentAt: Date

    public init(receiver: String, groupKey: String, firing: [String], resolved: [String], flapping: [String], sentAt: Date) {
        self.receiver = receiver
        self.groupKey = groupKey
        self.firing = firing
        self.resolved = resolved
        self.flapping = flapping
        self.sentAt = sentAt
    }
}

/// A notification waiting in the outbox: persisted before the first attempt, so a
/// receiver that is down, or a restart, loses nothing.
public struct PendingDelivery: Sendable, Hashable, Codable {
    public var notification: AlertNotification
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?

    public init(notification: AlertNotification, attempts: Int = 0, nextAttemptAt: Date, lastError: String? = nil) {
        self.notification = notification
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
    }
}

/// One thing that happened to an alert, kept for the noise report and the alert's history.
public struct AlertEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case raised, resolved
        case flappingStarted = "flapping_started"
        case flappingStopped = "flapping_stopped"
        /// A notification naming this alert was delivered (`receiver` says where).
        case notified
        /// A notification failed for good (after all retries).
        case deliveryFailed = "delivery_failed"
        case acknowledged
    }

    public var time: Date
    public var alertID: String
    public var rule: String
    public var kind: Kind
    public var receiver: String?
    public var detail: String

    public init(time: Date, alertID: String, rule: String, kind: Kind, receiver: String? = nil, detail: String = "") {
        self.time = time
        self.alertID = alertID
        self.rule = rule
        self.kind = kind
        self.receiver = receiver
        self.detail = detail
    }
}
