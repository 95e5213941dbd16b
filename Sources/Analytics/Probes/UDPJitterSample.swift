/// One packet of a UDP jitter probe with the four timestamps of the IP SLA exchange.
///
/// T1 and T4 are on the prober's clock, T2 and T3 on the responder's. All microseconds.
public struct UDPJitterSample: Sendable, Hashable {
    /// Sequence number the prober put in the packet.
    public var sequence: Int
    /// T1: the prober sent it.
    public var sourceSentMicros: Int64
    /// T2: the responder received it; `nil` if lost source→destination.
    public var responderReceivedMicros: Int64?
    /// T3: the responder sent the reply; `nil` if it never did.
    public var responderSentMicros: Int64?
    /// T4: the prober received the reply; `nil` if lost destination→source (or before).
    public var sourceReceivedMicros: Int64?

    public init(
        sequence: Int, sourceSentMicros: Int64, responderReceivedMicros: Int64?,
        responderSentMicros: Int64?, sourceReceivedMicros: Int64?
    ) {
        self.sequence = sequence
        self.sourceSentMicros = sourceSentMicros
        self.responderReceivedMicros = responderReceivedMicros
        self.responderSentMicros = responderSentMicros
        self.sourceReceivedMicros = sourceReceivedMicros
    }

    /// Round-trip time without the responder's processing: (T4 − T1) − (T3 − T2), the
    /// IP SLA definition, so a slow responder does not look like a slow network.
    public var roundTripMicros: Int64? {
        guard let t2 = responderReceivedMicros, let t3 = responderSentMicros, let t4 = sourceReceivedMicros
        else { return nil }
        return (t4 - sourceSentMicros) - (t3 - t2)
    }
}
