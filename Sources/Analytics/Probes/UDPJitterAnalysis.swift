/// Jitter and loss of a UDP jitter burst in each direction, as IP SLA reports them.
public struct UDPJitterAnalysis: Sendable, Equatable {
    /// One direction's results.
    public struct Direction: Sendable, Equatable {
        /// Packets that reached this direction's receiver.
        public var received: Int
        /// Packets that entered this direction but never reached its receiver.
        public var lost: Int
        /// The RFC 3550 estimate after the last packet (arrival order), microseconds.
        public var rfc3550JitterMicros: Double
        /// IP SLA positive/negative delay variation between consecutive sequences.
        public var delayVariation: DelayVariationStats
    }

    /// Prober → responder, from T1 and T2.
    public var sourceToDestination: Direction
    /// Responder → prober, from T3 and T4; only packets the responder answered enter it.
    public var destinationToSource: Direction
    /// The round trips, losses, duplicates and ordering as an ICMP burst would report them
    /// (RTT without responder processing, see ``UDPJitterSample/roundTripMicros``).
    public var roundTrip: ProbeRoundTripStats

    public init(samples: [UDPJitterSample]) {
        let forward = samples.compactMap { s in
            s.responderReceivedMicros.map { (sequence: s.sequence, sentMicros: s.sourceSentMicros, receivedMicros: $0) }
        }
        let backward = samples.compactMap { s -> (sequence: Int, sentMicros: Int64, receivedMicros: Int64)? in
            guard let t3 = s.responderSentMicros, let t4 = s.sourceReceivedMicros else { return nil }
            return (s.sequence, t3, t4)
        }
        let answered = samples.filter { $0.responderSentMicros != nil }.count
        sourceToDestination = Self.direction(forward, entered: samples.count)
        destinationToSource = Self.direction(backward, entered: answered)
        roundTrip = ProbeRoundTripStats(
            samples: samples.map { s in
                let rtt = s.roundTripMicros
                return ProbeSample(
                    sequence: s.sequence, sentMicros: s.sourceSentMicros,
                    receivedMicros: rtt.map { s.sourceSentMicros + $0 })
            })
        // Ordering is judged on the prober's arrival clock (T4), not on T1 + RTT.
        roundTrip.outOfOrder = ProbeRoundTripStats(
            samples: samples.map {
                ProbeSample(sequence: $0.sequence, sentMicros: $0.sourceSentMicros, receivedMicros: $0.sourceReceivedMicros)
            }
        ).outOfOrder
    }

    private static func direction(
        _ packets: [(sequence: Int, sentMicros: Int64, receivedMicros: Int64)], entered: Int
    ) -> Direction {
        var estimator = JitterEstimator()
        let byArrival = packets.enumerated().sorted {
            ($0.element.receivedMicros, $0.offset) < ($1.element.receivedMicros, $1.offset)
        }
        for (_, p) in byArrival { estimator.add(sentMicros: p.sentMicros, receivedMicros: p.receivedMicros) }
        return Direction(
            received: packets.count, lost: entered - packets.count,
            rfc3550JitterMicros: estimator.jitterMicros, delayVariation: DelayVariationStats(packets: packets))
    }
}
