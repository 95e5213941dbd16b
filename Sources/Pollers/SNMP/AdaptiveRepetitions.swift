/// GetBulk max-repetitions that adapts to the agent: shrinks when an answer is tooBig,
/// truncated by the agent, or lost, and grows back while answers come back whole.
///
/// Big values save round trips on big tables (a 20,000-interface router); small values
/// are what agents with small buffers or lossy paths manage. Pure: no clock, no I/O.
public struct AdaptiveRepetitions: Hashable, Sendable {
    public private(set) var current: Int
    public let minimum: Int
    public let maximum: Int

    /// - Parameters:
    ///   - initial: 25 by default: ~1.5 KB of interface counters, one Ethernet frame-ish
    ///     answer from most agents (net-snmp's own default of 10 costs 2.5x the round trips).
    ///   - maximum: 100 by default: larger answers fragment over IP and many agents cap
    ///     their responses anyway.
    public init(initial: Int = 25, minimum: Int = 1, maximum: Int = 100) {
        self.minimum = max(1, minimum)
        self.maximum = max(self.minimum, maximum)
        self.current = min(max(initial, self.minimum), self.maximum)
    }

    /// The agent answered tooBig or the request timed out: halve.
    public mutating func shrink() {
        current = max(minimum, current / 2)
    }

    /// The agent answered with `returned` repetitions of `requested`, without reaching
    /// the end of the walk: it cut the answer to fit its buffer, so ask for no more than
    /// it managed. A full answer grows the value by a quarter (at least one).
    public mutating func answered(requested: Int, returned: Int) {
        if returned < requested {
            current = max(minimum, min(current, max(returned, 1)))
        } else {
            current = min(maximum, current + max(1, current / 4))
        }
    }
}
