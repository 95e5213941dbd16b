import NetsightModel

/// The outcome of one evaluation: every alert that is not inactive, fully filled, and
/// what happened during this evaluation.
public struct AlertEvaluation: Sendable {
    public var alerts: [Alert]
    public var events: [AlertEvent]

    public init(alerts: [Alert] = [], events: [AlertEvent] = []) {
        self.alerts = alerts
        self.events = events
    }
}
