/// The RFC 3550 interarrival jitter estimator (section 6.4.1, code in appendix A.8) for one
/// direction of a packet stream.
///
/// For packets i−1 and i with send times S and receive times R (each on its own clock):
///
///     D(i−1, i) = (R(i) − R(i−1)) − (S(i) − S(i−1))   the change in transit time
///     J(i)      = J(i−1) + (|D(i−1, i)| − J(i−1)) / 16
///
/// The gain 1/16 is the RFC's: it "gives a good noise reduction ratio while maintaining a
/// reasonable rate of convergence". Only differences of times on the same clock are used,
/// so a constant offset between the two clocks cancels and no synchronisation is needed.
/// Packets are fed in arrival order, as the RFC specifies ("not necessarily in sequence").
/// J starts at 0. Arithmetic is `Double` microseconds, not the appendix's scaled integer
/// (which keeps 16·J to avoid fractions): the two differ only by the integer's truncation.
public struct JitterEstimator: Sendable, Equatable {
    /// The current estimate J in microseconds; 0 until two packets have arrived.
    public private(set) var jitterMicros: Double = 0
    /// The previous packet's transit R − S, the RFC's `transit` state.
    private var lastTransit: Int64?

    public init() {}

    /// Feeds the next packet to arrive and returns the updated J.
    /// - Parameters:
    ///   - sentMicros: when the sender stamped it (the sender's clock).
    ///   - receivedMicros: when it arrived (the receiver's clock).
    @discardableResult
    public mutating func add(sentMicros: Int64, receivedMicros: Int64) -> Double {
        let transit = receivedMicros - sentMicros
        if let last = lastTransit {
            let d = Double((transit - last).magnitude)
            jitterMicros += (d - jitterMicros) / 16
        }
        lastTransit = transit
        return jitterMicros
    }
}
