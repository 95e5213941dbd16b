import Foundation
import NetsightModel

/// The lifecycle of one rule on one series (Prometheus' `rules/alerting.go`, plus
/// hysteresis and a visible `resolved` state): a pure struct fed one observation and `now`
/// per evaluation, so every transition is tested without clocks or I/O.
///
/// inactive → pending (raises) → firing (after `for`) → resolved (clears for
/// `keepFiringFor`) → inactive (after `resolvedRetention`); pending → inactive when it
/// stops raising; resolved → pending/firing when it raises again. A value between clear
/// and raise keeps a firing alert firing: that is the hysteresis.
public struct AlertStateMachine: Sendable, Hashable {
    public private(set) var state: AlertState = .inactive
    public private(set) var activeSince: Date?
    public private(set) var firingSince: Date?
    public private(set) var resolvedAt: Date?
    /// When a firing alert's value first cleared in the current run of clear values.
    public private(set) var clearingSince: Date?
    /// How long a resolved alert stays visible before going inactive.
    public var resolvedRetention: Duration

    public init(resolvedRetention: Duration = .seconds(15 * 60)) {
        self.resolvedRetention = resolvedRetention
    }

    /// A machine continuing a stored alert after a restart: same state and times, no
    /// transition reported for it.
    public init(restoring alert: Alert, resolvedRetention: Duration = .seconds(15 * 60)) {
        self.resolvedRetention = resolvedRetention
        state = alert.state
        activeSince = alert.activeSince
        firingSince = alert.firingSince
        resolvedAt = alert.resolvedAt
    }

    /// `value` nil: the series is not in this evaluation's snapshot.
    public mutating func observe(_ value: Double?, at now: Date, rule: AlertRuleSpec) -> AlertStateChange? {
        let from = state
        guard let value else {
            switch state {
            case .inactive: return nil
            case .pending:
                reset()
                return AlertStateChange(from: from, to: .inactive, detail: "series gone")
            case .firing:
                resolve(at: now)
                return AlertStateChange(from: from, to: .resolved, detail: "series gone")
            case .resolved:
                return expireResolved(at: now)
            }
        }
        let condition = rule.condition
        switch state {
        case .inactive, .resolved:
            if condition.raises(value) {
                activeSince = now
                resolvedAt = nil
                clearingSince = nil
                if rule.forDuration <= .zero {
                    state = .firing
                    firingSince = now
                } else {
                    state = .pending
                }
                return AlertStateChange(from: from, to: state, detail: "value \(value)")
            }
            return state == .resolved ? expireResolved(at: now) : nil
        case .pending:
            guard condition.raises(value) else {
                reset()
                return AlertStateChange(from: from, to: .inactive, detail: "value \(value) no longer raises")
            }
            if let activeSince, rule.forDuration.timeInterval <= now.timeIntervalSince(activeSince) {
                state = .firing
                firingSince = now
                return AlertStateChange(from: from, to: .firing, detail: "value \(value) for \(rule.forDuration)")
            }
            return nil
        case .firing:
            guard condition.clears(value) else {
                clearingSince = nil
                return nil
            }
            let since = clearingSince ?? now
            clearingSince = since
            if rule.keepFiringFor.timeInterval <= now.timeIntervalSince(since) {
                resolve(at: now)
                return AlertStateChange(from: from, to: .resolved, detail: "value \(value) cleared")
            }
            return nil
        }
    }

    private mutating func resolve(at now: Date) {
        state = .resolved
        resolvedAt = now
        clearingSince = nil
    }

    private mutating func reset() {
        state = .inactive
        activeSince = nil
        clearingSince = nil
        resolvedAt = nil
        firingSince = nil
    }

    private mutating func expireResolved(at now: Date) -> AlertStateChange? {
        guard let resolvedAt, resolvedRetention.timeInterval <= now.timeIntervalSince(resolvedAt) else { return nil }
        reset()
        return AlertStateChange(from: .resolved, to: .inactive, detail: "resolved for \(resolvedRetention)")
    }
}
