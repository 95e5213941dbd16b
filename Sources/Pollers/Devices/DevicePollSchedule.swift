/// When each device is polled: pure arithmetic, so the spreading and overrun rules are
/// tested without sleeping.
///
/// Devices start at offsets spread evenly over the interval (device i of n at i/n of it),
/// so 1,000 devices on a 60 s interval make 17 polls a second rather than a burst of
/// 1,000 at once: the socket buffer, the agents' neighbours and the CPU see a steady load.
/// Each next poll starts one interval after the previous start, keeping the cadence
/// fixed whatever a poll took; a poll that overran its interval is followed at once and
/// marked late, so a slow device falls behind alone and never polls twice in a burst.
public enum DevicePollSchedule {
    /// The first poll's delay for device `index` of `count`.
    public static func startOffset(index: Int, of count: Int, interval: Duration) -> Duration {
        guard count > 1, index > 0 else { return .zero }
        return interval * (index % count) / count
    }

    /// The next start after a poll that started at `start` and ended at `end`, and
    /// whether that poll was late (ended after the next start was due).
    public static func next<I: InstantProtocol>(
        after start: I, endedAt end: I, interval: Duration
    ) -> (start: I, late: Bool) where I.Duration == Duration {
        let due = start.advanced(by: interval)
        if end > due { return (end, true) }
        return (due, false)
    }
}
