import Foundation

extension Duration {
    /// Seconds as a `TimeInterval`: for `Date` arithmetic (schedules, `for`, backoff,
    /// group waits) and for gauges in seconds. One definition for every target.
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
