/// One packet (or attempt) of a probe burst, as the prober saw it.
///
/// Times are integer microseconds on the prober's monotonic clock: microseconds because
/// fping and ping report to 0.001 ms and a Duration's attoseconds would only add
/// conversions; integers so that no rounding happens before the statistics.
public struct ProbeSample: Sendable, Hashable {
    /// The packet's sequence number within the burst (ICMP sequence, UDP jitter sequence).
    public var sequence: Int
    /// When the packet left, in microseconds.
    public var sentMicros: Int64
    /// When the first reply arrived, in microseconds; `nil` if it never did (lost).
    public var receivedMicros: Int64?
    /// Further replies to the same sequence after the first: ping's "DUP!" count. They do
    /// not count as received again and carry no RTT, as in ping and fping.
    public var duplicates: Int

    public init(sequence: Int, sentMicros: Int64, receivedMicros: Int64?, duplicates: Int = 0) {
        self.sequence = sequence
        self.sentMicros = sentMicros
        self.receivedMicros = receivedMicros
        self.duplicates = duplicates
    }

    /// Round-trip time in microseconds, or `nil` when lost.
    public var roundTripMicros: Int64? {
        receivedMicros.map { $0 - sentMicros }
    }
}
