/// How much one counter advanced between two samples, or why that is not known.
enum CounterDelta: Sendable, Hashable {
    case increase(Double)
    case unknown(NoRateReason)

    /// The increase from `old` to `new` over `seconds` (> 0), or `nil` when the counter is
    /// absent from both samples (an agent without multicast counters, for instance).
    ///
    /// A 32-bit reading is taken modulo 2^32, which handles one wrap. It is ambiguous
    /// whenever one more full turn of the counter fits in what the link can carry at line
    /// rate in the interval, whether or not the raw value went down: 10 Gbit/s turns a
    /// 32-bit octet counter over every 3.4 s, so after 300 s a small increase may as well be
    /// 87 turns. Without a known speed, and for error and discard counters (see
    /// `CounterLimits.events`), a single wrap is assumed (RRDtool's COUNTER rule) and only
    /// the ceiling applies. The ceiling is checked on the rate built from the increases,
    /// so that the sum of the three packet counters is bounded as a whole.
    static func between(
        _ old: CounterValue?, _ new: CounterValue?, seconds: Double, limits: CounterLimits
    ) -> CounterDelta? {
        guard let new else { return old == nil ? nil : .unknown(.notReported) }
        guard let old else { return .unknown(.firstSample) }
        guard old.width == new.width else { return .unknown(.counterWidthChanged) }
        let increase: Double
        switch new.width {
        case .counter64:
            guard new.value >= old.value else { return .unknown(.counterReset) }
            increase = Double(new.value - old.value)
        case .counter32:
            increase = Double(UInt32(truncatingIfNeeded: new.value &- old.value))
            if let lineRate = limits.lineRatePerSecond,
                increase + CounterWidth.counter32.modulus <= lineRate * seconds
            {
                return .unknown(.ambiguousWrap)
            }
        }
        return .increase(increase)
    }
}
