import Analytics
import NetsightModel

extension JitterSummary {
    /// The stored summary of a UDP jitter burst.
    ///
    /// Voice quality is rated for each direction and the worse one is reported: a call is
    /// as bad as its worse half, and loss or jitter often sit in one direction only. Each
    /// direction's E-model inputs are its own loss (of the packets that entered it), its
    /// RFC 3550 jitter, and its one-way delay when clocks are trusted, else RTT / 2 (IP
    /// SLA's rule when clocks are not synchronised).
    ///
    /// - Parameters:
    ///   - samples: every packet sent, with the timestamps that came back.
    ///   - late: replies that came after their timeout (already absent from `samples`' T4).
    ///   - trustClocks: report one-way delays (T2 − T1, T4 − T3) and rate with them.
    init(
        samples: [UDPJitterSample], analysis: UDPJitterAnalysis, late: Int, codec: VoiceCodec, trustClocks: Bool
    ) {
        let forwardDelays: [Int64] = samples.compactMap { s in
            s.responderReceivedMicros.map { $0 - s.sourceSentMicros }
        }
        let backwardDelays: [Int64] = samples.compactMap { s in
            guard let t3 = s.responderSentMicros, let t4 = s.sourceReceivedMicros else { return nil }
            return t4 - t3
        }
        let forwardDelay = trustClocks ? Self.mean(forwardDelays) : nil
        let backwardDelay = trustClocks ? Self.mean(backwardDelays) : nil
        let forward = Direction(analysis.sourceToDestination, oneWayDelayMicros: forwardDelay)
        let backward = Direction(analysis.destinationToSource, oneWayDelayMicros: backwardDelay)
        let halfRTTMillis = (analysis.roundTrip.meanMicros ?? 0) / 2000
        let ratings = [forward, backward].map { Self.assess($0, halfRTTMillis: halfRTTMillis, codec: codec) }
        let worse = ratings.min { $0.rating < $1.rating } ?? ratings[0]
        self.init(
            sourceToDestination: forward, destinationToSource: backward, late: late,
            outOfSequence: analysis.roundTrip.outOfOrder, codec: codec.name, rating: worse.rating,
            mos: worse.meanOpinionScore, icpif: worse.icpif)
    }

    /// One direction's voice quality.
    private static func assess(_ d: Direction, halfRTTMillis: Double, codec: VoiceCodec) -> VoiceQuality {
        let entered = d.received + d.lost
        let lossPercent: Double = entered == 0 ? 0 : Double(d.lost) * 100 / Double(entered)
        let oneWayMillis: Double = d.oneWayDelayMicros.map { $0 / 1000 } ?? halfRTTMillis
        return EModel.assess(
            networkOneWayMillis: oneWayMillis, jitterMillis: d.jitterMicros / 1000, lossPercent: lossPercent, codec: codec)
    }

    private static func mean(_ values: [Int64]) -> Double? {
        values.isEmpty ? nil : Double(values.reduce(0, +)) / Double(values.count)
    }
}

extension JitterSummary.Direction {
    init(_ d: UDPJitterAnalysis.Direction, oneWayDelayMicros: Double?) {
        self.init(
            received: d.received, lost: d.lost, jitterMicros: d.rfc3550JitterMicros,
            positiveSumMicros: d.delayVariation.positive.sumMicros, positiveCount: d.delayVariation.positive.count,
            negativeSumMicros: d.delayVariation.negative.sumMicros, negativeCount: d.delayVariation.negative.count,
            oneWayDelayMicros: oneWayDelayMicros)
    }
}
