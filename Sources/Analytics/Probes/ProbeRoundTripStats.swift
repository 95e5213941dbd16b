/// Loss, ordering and round-trip statistics of one probe burst, as ping, fping and
/// Smokeping report them.
///
/// Every time is in microseconds. Minimum and maximum are exact integers; median, mean
/// and standard deviation are `Double` and are never rounded here (a display rounds).
public struct ProbeRoundTripStats: Sendable, Equatable {
    /// Packets sent: the number of samples.
    public var sent: Int
    /// Packets with at least one reply.
    public var received: Int
    /// Replies after the first for the same sequence (ping's "DUP!").
    public var duplicates: Int
    /// Replies that arrived after a reply with a higher sequence number had already arrived.
    public var outOfOrder: Int
    /// Round-trip times of received packets, ascending: Smokeping's "smoke" is all of them.
    public var sortedRoundTripMicros: [Int64]

    /// Packets without any reply.
    public var lost: Int { sent - received }

    /// Lost packets as a percentage of those sent (0 when nothing was sent, so an empty
    /// burst does not divide by zero). Not rounded; ping and fping print it truncated or
    /// rounded to whole percent, which a display can do.
    public var lossPercent: Double {
        sent == 0 ? 0 : Double(lost) * 100 / Double(sent)
    }

    /// Smallest round-trip time, or `nil` when nothing came back.
    public var minMicros: Int64? { sortedRoundTripMicros.first }
    /// Largest round-trip time, or `nil` when nothing came back.
    public var maxMicros: Int64? { sortedRoundTripMicros.last }

    /// Arithmetic mean round-trip time.
    public var meanMicros: Double? {
        guard !sortedRoundTripMicros.isEmpty else { return nil }
        return Double(sortedRoundTripMicros.reduce(0, +)) / Double(sortedRoundTripMicros.count)
    }

    /// Median: the middle value, or the mean of the two middle values for an even count
    /// (the textbook median, which is also the 0.5 quantile of ``quantileMicros(_:)``).
    public var medianMicros: Double? { quantileMicros(0.5) }

    /// Population standard deviation, sqrt(Σ(x − mean)² / n).
    ///
    /// Population rather than sample (n − 1) because iputils ping's "mdev" is
    /// sqrt(mean(x²) − mean(x)²), the population form, and users compare with ping; a burst
    /// is the whole set being described, not a sample of a larger one. One reply gives 0.
    /// Computed from deviations about the mean, not from Σx², to avoid cancellation.
    public var standardDeviationMicros: Double? {
        guard let mean = meanMicros else { return nil }
        let sum = sortedRoundTripMicros.reduce(0.0) { acc, x in
            let d = Double(x) - mean
            return acc + d * d
        }
        return (sum / Double(sortedRoundTripMicros.count)).squareRoot()
    }

    /// Computes the statistics of a burst.
    ///
    /// - Parameter samples: one per packet sent, in any order. Out-of-order is judged by
    ///   arrival time (ties keep the samples' order): a reply is out of order when a reply
    ///   with a higher sequence arrived before it, the definition of RFC 4737's "reordered".
    public init(samples: [ProbeSample]) {
        sent = samples.count
        var rtts: [Int64] = []
        rtts.reserveCapacity(samples.count)
        var dups = 0
        for sample in samples {
            dups += sample.duplicates
            if let rtt = sample.roundTripMicros { rtts.append(rtt) }
        }
        received = rtts.count
        duplicates = dups
        sortedRoundTripMicros = rtts.sorted()

        let arrivals = samples.enumerated()
            .compactMap { index, sample in sample.receivedMicros.map { (at: $0, index: index, seq: sample.sequence) } }
            .sorted { ($0.at, $0.index) < ($1.at, $1.index) }
        var highest = Int.min
        var reordered = 0
        for arrival in arrivals {
            if arrival.seq < highest { reordered += 1 } else { highest = arrival.seq }
        }
        outOfOrder = reordered
    }
}
