/// The ITU-T G.107 E-model in the simplified form of Cole & Rosenbluth ("Voice over IP
/// performance monitoring", ACM SIGCOMM CCR 31(2), 2001), which is what VoIP monitors use:
/// every factor that a network probe cannot see is left at its G.107 default.
///
///     R      = 93.2 − Id(d) − Ie,eff
///     Id(d)  = 0.024·d + 0.11·(d − 177.3)·H(d − 177.3)       H = Heaviside step
///     Ie,eff = Ie + (95 − Ie) · Ppl / (Ppl / BurstR + Bpl)    (G.107 since 2005)
///
/// 93.2 is G.107's R (R0 − Is with Id and Ie,eff removed) when every parameter is at its
/// default; Cole–Rosenbluth's paper writes 94.2 (an older default set). 93.2 is the base
/// G.107 itself tabulates and most tools use. Id is Cole–Rosenbluth's piecewise-linear
/// fit to G.107's delay impairment (Idd plus the echo terms at default echo loss).
/// d is mouth-to-ear delay in ms, Ppl loss in percent, BurstR 1 for random loss.
public enum EModel {
    /// G.107's R with every parameter at its default and no delay or loss.
    public static let defaultR: Double = 93.2

    /// Delay impairment Id for one-way mouth-to-ear delay `d` in milliseconds.
    /// Negative delays are treated as 0 (a clock error, not a benefit).
    public static func delayImpairment(oneWayMillis: Double) -> Double {
        let d = max(oneWayMillis, 0)
        return 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0)
    }

    /// Effective equipment impairment Ie,eff for `lossPercent` (0...100) with `codec`.
    /// - Parameter burstRatio: BurstR; 1 for random loss (the default: a probe burst is too
    ///   short to estimate burstiness); above 1 for bursty loss, which hurts more.
    public static func effectiveEquipmentImpairment(
        lossPercent: Double, codec: VoiceCodec, burstRatio: Double = 1
    ) -> Double {
        let ppl = min(max(lossPercent, 0), 100)
        let ie = codec.equipmentImpairment
        return ie + (95 - ie) * ppl / (ppl / burstRatio + codec.packetLossRobustness)
    }

    /// R from mouth-to-ear delay and loss.
    public static func rating(
        oneWayMillis: Double, lossPercent: Double, codec: VoiceCodec, burstRatio: Double = 1
    ) -> Double {
        defaultR - delayImpairment(oneWayMillis: oneWayMillis)
            - effectiveEquipmentImpairment(lossPercent: lossPercent, codec: codec, burstRatio: burstRatio)
    }

    /// MOS (conversational quality, 1...4.5) from R, ITU-T G.107 Annex B:
    /// 1 for R < 0; 4.5 for R > 100; else 1 + 0.035·R + R·(R − 60)·(100 − R)·7·10⁻⁶.
    public static func meanOpinionScore(rating r: Double) -> Double {
        if r < 0 { return 1 }
        if r > 100 { return 4.5 }
        return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6
    }

    /// Mouth-to-ear delay in ms from what a probe measures:
    /// network one-way delay + jitter buffer + codec delay, where the jitter buffer is
    /// 2 × jitter (an adaptive buffer sized to twice the RFC 3550 jitter, the usual rule).
    /// - Parameters:
    ///   - networkOneWayMillis: measured one-way delay, or RTT / 2 when clocks are not
    ///     synchronised (IP SLA's rule for ICPIF too).
    ///   - jitterMillis: RFC 3550 jitter of the direction being rated.
    public static func mouthToEarMillis(networkOneWayMillis: Double, jitterMillis: Double, codec: VoiceCodec) -> Double {
        networkOneWayMillis + 2 * jitterMillis + codec.codecDelayMillis
    }

    /// The whole chain: MOS and R for a probe's results.
    public static func assess(
        networkOneWayMillis: Double, jitterMillis: Double, lossPercent: Double, codec: VoiceCodec
    ) -> VoiceQuality {
        let d = mouthToEarMillis(networkOneWayMillis: networkOneWayMillis, jitterMillis: jitterMillis, codec: codec)
        let r = rating(oneWayMillis: d, lossPercent: lossPercent, codec: codec)
        return VoiceQuality(
            mouthToEarMillis: d, rating: r, meanOpinionScore: meanOpinionScore(rating: r),
            icpif: icpif(oneWayMillis: d, lossPercent: lossPercent, codec: codec))
    }

    /// ICPIF (ITU-T G.113): Icpif = Io + Iq + Idte + Idd + Ie − A, simplified as Cisco IP SLA
    /// does by setting Io = Iq = Idte = 0: Icpif = Idd + Ie − A.
    ///
    /// Idd here is ``delayImpairment(oneWayMillis:)`` (the fit to G.107's Idd); Cisco's
    /// published sample table (50 ms → 1, 100 → 2, 150 → 4, 200 → 7) matches it to the
    /// nearest integer. Ie is ``effectiveEquipmentImpairment(lossPercent:codec:burstRatio:)``
    /// because Cisco's per-codec loss table is not published in full. A, the advantage
    /// factor, defaults to 0 (wired), Cisco's default; G.113 allows up to 20 (satellite).
    public static func icpif(
        oneWayMillis: Double, lossPercent: Double, codec: VoiceCodec, advantage: Double = 0
    ) -> Double {
        delayImpairment(oneWayMillis: oneWayMillis)
            + effectiveEquipmentImpairment(lossPercent: lossPercent, codec: codec) - advantage
    }
}
