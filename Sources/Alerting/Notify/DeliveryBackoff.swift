import Foundation

/// When to try a failed delivery again. Exponential from `initial`, doubling per attempt up
/// to `max`, with jitter so many notifications that failed together (a receiver restart)
/// do not all retry in the same instant; nil once `giveUpAfter` has passed since the first
/// attempt, so a dead receiver ends in a visible failure rather than retries forever.
public struct DeliveryBackoff: Sendable, Hashable {
    public var initial: Duration
    public var max: Duration
    public var giveUpAfter: Duration

    public init(initial: Duration, max: Duration, giveUpAfter: Duration) {
        self.initial = initial
        self.max = max
        self.giveUpAfter = giveUpAfter
    }

    /// The un-jittered delay after `attempts` failed attempts (1 → initial).
    public func baseDelay(attempts: Int) -> Duration {
        var delay = initial
        var step = 1
        while step < attempts && delay < max {
            delay = delay * 2
            step += 1
        }
        return delay < max ? delay : max
    }

    /// - Parameters:
    ///   - attempts: failed attempts so far (>= 1).
    ///   - random: a value in 0..<1 (injected so tests are deterministic); the delay is
    ///     between half and all of the base delay ("equal jitter").
    /// - Returns: the next attempt's time, or nil to give up.
    public func nextAttempt(attempts: Int, firstAttemptAt: Date, now: Date, random: () -> Double) -> Date? {
        let base = baseDelay(attempts: attempts).timeInterval
        let fraction = Swift.min(Swift.max(random(), 0), 1)
        let next = now.addingTimeInterval(base / 2 + base / 2 * fraction)
        let deadline = firstAttemptAt.addingTimeInterval(giveUpAfter.timeInterval)
        return next > deadline ? nil : next
    }
}
