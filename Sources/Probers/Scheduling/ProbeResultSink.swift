import NetsightModel

/// Where the scheduler hands each finished run: the store, /metrics and reactions in
/// `netsight serve`, a collecting array in tests.
public protocol ProbeResultSink: Sendable {
    /// - Parameters:
    ///   - startErrorMicros: how late the run started against its due time (the benchmark's
    ///     "start-time error").
    ///   - skipped: slots skipped before this run because the previous run overran.
    func probeFinished(_ result: ProbeResult, spec: ProbeSpec, startErrorMicros: Int64, skipped: Int) async
}
