/// A per-second rate for one interval, or the reason there is none.
public enum RateOutcome: Sendable, Hashable {
    /// Always finite and non-negative.
    case rate(Double)
    case noRate(NoRateReason)

    /// The rate, or `nil` when there is none.
    public var value: Double? {
        if case .rate(let value) = self { return value }
        return nil
    }

    /// Why there is no rate, or `nil` when there is one.
    public var reason: NoRateReason? {
        if case .noRate(let reason) = self { return reason }
        return nil
    }
}
