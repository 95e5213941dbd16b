/// When each probe runs: pure arithmetic, so spreading, drift and overrun rules are tested
/// without sleeping.
///
/// - Spread: probe i of n first runs at i/n of its interval, so 12,000 probes on a 10 s
///   interval start 1,200 a second, evenly, instead of all at once.
/// - No drift: run k of a probe is due at `first + k·interval`, computed from the first
///   due time, never from when the previous run happened to start or end, so hours of
///   scheduling latency do not add up.
/// - Overrun: a run that takes longer than its interval (a 5-packet burst at 1 s spacing
///   on a 3 s interval) makes its probe skip the slots that passed meanwhile, as IP SLA
///   does; the next run is the first slot still ahead. Other probes never wait for it.
public enum ProbeSchedule {
    /// The first run's delay for probe `index` of `count`.
    public static func startOffset(index: Int, of count: Int, interval: Duration) -> Duration {
        guard count > 1, index > 0 else { return .zero }
        return interval * (index % count) / count
    }

    /// The slot after a run that was due at `due` and finished at `end`: the first
    /// `due + m·interval` (m ≥ 1) later than `end`, and how many slots were skipped (m − 1).
    public static func next<I: InstantProtocol>(
        afterDue due: I, endedAt end: I, interval: Duration
    ) -> (due: I, skipped: Int) where I.Duration == Duration {
        var next = due.advanced(by: interval)
        guard end >= next, interval > .zero else { return (next, 0) }
        let behind = due.duration(to: end)
        let m = Int(behind / interval) + 1
        next = due.advanced(by: interval * m)
        return (next, m - 1)
    }
}
