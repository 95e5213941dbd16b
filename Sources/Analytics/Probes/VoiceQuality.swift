/// Voice quality estimated from one probe's delay, jitter and loss (see ``EModel``).
public struct VoiceQuality: Sendable, Equatable {
    /// The mouth-to-ear delay the estimate used, milliseconds.
    public var mouthToEarMillis: Double
    /// E-model transmission rating R (unclamped; MOS clamps).
    public var rating: Double
    /// Conversational MOS, 1...4.5.
    public var meanOpinionScore: Double
    /// ICPIF, Cisco IP SLA's simplified form.
    public var icpif: Double

    public init(mouthToEarMillis: Double, rating: Double, meanOpinionScore: Double, icpif: Double) {
        self.mouthToEarMillis = mouthToEarMillis
        self.rating = rating
        self.meanOpinionScore = meanOpinionScore
        self.icpif = icpif
    }
}
