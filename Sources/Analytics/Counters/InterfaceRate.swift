/// The rates of one interface over the interval since its baseline sample.
public struct InterfaceRate: Sendable, Hashable {
    public var ifIndex: UInt32
    public var name: String
    /// Milliseconds since the sample the rates are measured from; `nil` on an interface's
    /// first sample. Longer than one poll interval after missed polls: the rates are then
    /// the average over the gap.
    public var intervalMillis: Int64?
    /// The speed the utilisation and bounds used, in bit/s (see `speedBitsPerSecond`).
    public var speedBitsPerSecond: UInt64?
    public var inBitsPerSecond: RateOutcome
    public var outBitsPerSecond: RateOutcome
    /// Unicast + multicast + broadcast packets per second.
    public var inPacketsPerSecond: RateOutcome
    public var outPacketsPerSecond: RateOutcome
    public var inErrorsPerSecond: RateOutcome
    public var outErrorsPerSecond: RateOutcome
    public var inDiscardsPerSecond: RateOutcome
    public var outDiscardsPerSecond: RateOutcome
    /// Bits per second in as a percentage of the speed. Not capped at 100: a value just
    /// above shows poll timing jitter honestly, and rates above the plausible bound were
    /// already dropped.
    public var inUtilisationPercent: RateOutcome
    public var outUtilisationPercent: RateOutcome

    /// An interval with no rates at all, every value carrying `reason`.
    init(ifIndex: UInt32, name: String, intervalMillis: Int64?, speedBitsPerSecond: UInt64?, reason: NoRateReason) {
        self.ifIndex = ifIndex
        self.name = name
        self.intervalMillis = intervalMillis
        self.speedBitsPerSecond = speedBitsPerSecond
        let none = RateOutcome.noRate(reason)
        inBitsPerSecond = none
        outBitsPerSecond = none
        inPacketsPerSecond = none
        outPacketsPerSecond = none
        inErrorsPerSecond = none
        outErrorsPerSecond = none
        inDiscardsPerSecond = none
        outDiscardsPerSecond = none
        inUtilisationPercent = none
        outUtilisationPercent = none
    }

    /// The value for one metric, for code that iterates `InterfaceRateMetric.allCases`.
    public subscript(metric: InterfaceRateMetric) -> RateOutcome {
        switch metric {
        case .inBitsPerSecond: inBitsPerSecond
        case .outBitsPerSecond: outBitsPerSecond
        case .inPacketsPerSecond: inPacketsPerSecond
        case .outPacketsPerSecond: outPacketsPerSecond
        case .inErrorsPerSecond: inErrorsPerSecond
        case .outErrorsPerSecond: outErrorsPerSecond
        case .inDiscardsPerSecond: inDiscardsPerSecond
        case .outDiscardsPerSecond: outDiscardsPerSecond
        case .inUtilisationPercent: inUtilisationPercent
        case .outUtilisationPercent: outUtilisationPercent
        }
    }
}
