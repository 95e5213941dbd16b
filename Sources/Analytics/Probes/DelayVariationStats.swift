/// Cisco IP SLA style jitter of one direction: the change in delay between packets with
/// consecutive sequence numbers, split into positive and negative values.
///
/// For consecutive packets i−1, i (both received in this direction):
/// v(i) = (R(i) − R(i−1)) − (S(i) − S(i−1)). A positive v means packets spread out (the
/// second was delayed more), a negative one that they bunched up. IP SLA reports the
/// number, minimum, maximum and sum of each sign, negative ones as magnitudes, and
/// "jitter average" = (Σ positive + Σ |negative|) / (count positive + count negative).
/// A v of exactly 0 counts as neither (no jitter), so it does not lower the average.
/// Pairs with a lost packet between them are skipped: their difference would mix in the
/// sending interval of the missing one.
public struct DelayVariationStats: Sendable, Equatable {
    /// Count, minimum, maximum and sum of one sign's magnitudes, in microseconds.
    public struct Side: Sendable, Equatable {
        public var count = 0
        public var minMicros: Int64?
        public var maxMicros: Int64?
        public var sumMicros: Int64 = 0

        public init() {}

        mutating func add(_ magnitude: Int64) {
            count += 1
            sumMicros += magnitude
            minMicros = Swift.min(minMicros ?? magnitude, magnitude)
            maxMicros = Swift.max(maxMicros ?? magnitude, magnitude)
        }
    }

    /// Delay increases.
    public var positive = Side()
    /// Delay decreases, as magnitudes.
    public var negative = Side()

    /// (Σ positive + Σ |negative|) / number of non-zero values, or `nil` if there were none.
    public var averageMicros: Double? {
        let n = positive.count + negative.count
        return n == 0 ? nil : Double(positive.sumMicros + negative.sumMicros) / Double(n)
    }

    /// Builds the statistics from (sequence, sent, received) of the packets received in one
    /// direction, in any order: they are sorted by sequence first.
    public init(packets: [(sequence: Int, sentMicros: Int64, receivedMicros: Int64)]) {
        let sorted = packets.sorted { $0.sequence < $1.sequence }
        for (previous, current) in zip(sorted, sorted.dropFirst()) where current.sequence == previous.sequence + 1 {
            let v = (current.receivedMicros - previous.receivedMicros) - (current.sentMicros - previous.sentMicros)
            if v > 0 { positive.add(v) } else if v < 0 { negative.add(-v) }
        }
    }
}
