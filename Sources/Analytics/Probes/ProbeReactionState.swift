import NetsightModel

/// What a reaction did on one result.
public enum ProbeReactionEvent: Sendable, Equatable {
    case raised(value: Double)
    case cleared(value: Double)
}

/// One reaction's memory: whether it is raised, and the recent values its trigger looks at.
///
/// The rules, as in IP SLA's reactions with a separate clear threshold for hysteresis:
/// - a value *violates* the raise threshold when it is beyond it (`> raise` for `.above`,
///   `< raise` for `.below`); it is *clear* when back at or past `clear` (`<= clear`,
///   `>= clear`). Between the two nothing changes, so a value hovering at the threshold
///   does not flap.
/// - `.immediate` raises on one violating run; `.consecutive(n)` on the last n runs all
///   violating; `.xOfY(x, y)` on at least x of the last y; `.average(n)` when the mean of
///   the last n values violates.
/// - Once raised it clears when the latest value is clear (for `.average(n)`: the mean of
///   the last n values is clear). Runs without a value (`nil`) are skipped, not counted.
public struct ProbeReactionState: Sendable, Equatable {
    public let spec: ProbeReactionSpec
    public private(set) var isRaised = false
    /// The most recent values, newest last, at most the trigger's window.
    public private(set) var recent: [Double] = []

    public init(spec: ProbeReactionSpec) {
        self.spec = spec
    }

    private var window: Int {
        switch spec.trigger {
        case .immediate: 1
        case .consecutive(let n): max(1, n)
        case .xOfY(_, let y): max(1, y)
        case .average(let n): max(1, n)
        }
    }

    private func violates(_ v: Double) -> Bool {
        spec.direction == .above ? v > spec.raise : v < spec.raise
    }

    private func isClear(_ v: Double) -> Bool {
        spec.direction == .above ? v <= spec.clear : v >= spec.clear
    }

    /// Feeds one run's value; returns the event when the reaction changes state.
    public mutating func observe(_ value: Double?) -> ProbeReactionEvent? {
        guard let value, value.isFinite else { return nil }
        recent.append(value)
        if recent.count > window { recent.removeFirst(recent.count - window) }
        if isRaised {
            let judged = spec.trigger.isAverage ? mean(recent) : value
            guard isClear(judged) else { return nil }
            isRaised = false
            return .cleared(value: judged)
        }
        let fire: Bool
        var reported = value
        switch spec.trigger {
        case .immediate:
            fire = violates(value)
        case .consecutive(let n):
            fire = recent.count >= max(1, n) && recent.suffix(max(1, n)).allSatisfy(violates)
        case .xOfY(let x, _):
            fire = recent.filter(violates).count >= max(1, x)
        case .average(let n):
            reported = mean(recent)
            fire = recent.count >= max(1, n) && violates(reported)
        }
        guard fire else { return nil }
        isRaised = true
        return .raised(value: reported)
    }

    private func mean(_ xs: [Double]) -> Double {
        xs.reduce(0, +) / Double(max(1, xs.count))
    }
}

extension ProbeReactionTrigger {
    var isAverage: Bool {
        if case .average = self { return true }
        return false
    }
}
