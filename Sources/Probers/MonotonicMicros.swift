#if canImport(Glibc)
import Glibc
#endif

/// Microseconds on CLOCK_MONOTONIC: the clock every prober stamps `ProbeSample`s with.
/// Monotonic because a wall-clock step (NTP) in the middle of a burst must not turn into
/// a negative or huge RTT; microseconds as in `ProbeSample`.
public enum MonotonicMicros {
    public static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }

    /// Microseconds on CLOCK_REALTIME since 1970: for timestamps two hosts compare (UDP
    /// jitter's T2/T3), where only a shared epoch makes one-way delay possible.
    public static func wallNow() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }
}
