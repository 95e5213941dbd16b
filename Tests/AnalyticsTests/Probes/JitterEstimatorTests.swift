import Testing
import Analytics

/// RFC 3550 jitter and IP SLA delay variation against sequences worked by hand (and
/// re-checked with a few lines of Python iterating J += (|D| − J) / 16).
struct JitterEstimatorTests {
    /// Packets every 20 ms with transit 10, 12, 11, 15, 10 ms; the receiver's clock is
    /// 5000 s ahead, which must cancel. |D| = 2000, 1000, 4000, 5000 µs, so
    /// J = 125, 179.6875, 418.45703125, 704.803466796875.
    @Test func rfc3550RecurrenceMatchesHandComputation() {
        let transits: [Int64] = [10_000, 12_000, 11_000, 15_000, 10_000]
        let offset: Int64 = 5_000_000_000
        var estimator = JitterEstimator()
        var seen: [Double] = []
        for (i, transit) in transits.enumerated() {
            let sent = Int64(i) * 20_000
            seen.append(estimator.add(sentMicros: sent, receivedMicros: sent + transit + offset))
        }
        #expect(seen == [0, 125, 179.6875, 418.457_031_25, 704.803_466_796_875])
        #expect(estimator.jitterMicros == 704.803_466_796_875)
    }

    @Test func constantTransitHasNoJitter() {
        var estimator = JitterEstimator()
        for i in 0..<50 { estimator.add(sentMicros: Int64(i) * 20_000, receivedMicros: Int64(i) * 20_000 + 7_777) }
        #expect(estimator.jitterMicros == 0)
    }

    /// Same transits: v = +2000, −1000, +4000, −5000 µs.
    @Test func delayVariationSplitsBySign() {
        let transits: [Int64] = [10_000, 12_000, 11_000, 15_000, 10_000]
        let packets = transits.enumerated().map { i, t in
            (sequence: i, sentMicros: Int64(i) * 20_000, receivedMicros: Int64(i) * 20_000 + t)
        }
        let stats = DelayVariationStats(packets: packets.reversed())
        #expect(stats.positive.count == 2)
        #expect(stats.positive.minMicros == 2_000)
        #expect(stats.positive.maxMicros == 4_000)
        #expect(stats.positive.sumMicros == 6_000)
        #expect(stats.negative.count == 2)
        #expect(stats.negative.minMicros == 1_000)
        #expect(stats.negative.maxMicros == 5_000)
        #expect(stats.negative.sumMicros == 6_000)
        #expect(stats.averageMicros == 3_000)
    }

    /// Seven packets 20 ms apart, responder clock 5000 s ahead, 100 µs responder turnaround.
    /// Forward transits 10, 12, 11, 15, 10, (lost), 10 ms; backward 8, 8, 9, 8, 12 ms, and
    /// seq 6's reply is lost.
    @Test func bothDirectionsOfAUDPJitterBurst() {
        let forward: [Int64?] = [10_000, 12_000, 11_000, 15_000, 10_000, nil, 10_000]
        let backward: [Int64?] = [8_000, 8_000, 9_000, 8_000, 12_000, nil, nil]
        let offset: Int64 = 5_000_000_000
        let samples = (0..<7).map { i -> UDPJitterSample in
            let t1 = Int64(i) * 20_000
            let t2 = forward[i].map { t1 + $0 + offset }
            let t3 = t2.map { $0 + 100 }
            let t4 = t3.flatMap { t3 in backward[i].map { t3 - offset + $0 } }
            return UDPJitterSample(
                sequence: i, sourceSentMicros: t1, responderReceivedMicros: t2,
                responderSentMicros: t3, sourceReceivedMicros: t4)
        }
        let analysis = UDPJitterAnalysis(samples: samples)

        let sd = analysis.sourceToDestination
        #expect(sd.received == 6 && sd.lost == 1)
        // One more |D| = 0 after 704.803466796875: × 15/16.
        #expect(sd.rfc3550JitterMicros == 660.753_250_122_070_3)
        // Seq 4 → 6 is not consecutive, so the same four values as above.
        #expect(sd.delayVariation.positive.sumMicros == 6_000)
        #expect(sd.delayVariation.negative.sumMicros == 6_000)

        let ds = analysis.destinationToSource
        #expect(ds.received == 5 && ds.lost == 1)
        // |D| = 0, 1000, 1000, 4000: J = 0, 62.5, 121.09375, 363.525390625.
        #expect(ds.rfc3550JitterMicros == 363.525_390_625)
        // v = 0 (ignored), +1000, −1000, +4000.
        #expect(ds.delayVariation.positive.count == 2)
        #expect(ds.delayVariation.positive.maxMicros == 4_000)
        #expect(ds.delayVariation.negative.count == 1)
        #expect(ds.delayVariation.averageMicros == 2_000)

        // RTT excludes the 100 µs turnaround: 18, 20, 20, 23, 22 ms.
        let rtt = analysis.roundTrip
        #expect(rtt.sent == 7 && rtt.received == 5 && rtt.lost == 2)
        #expect(rtt.sortedRoundTripMicros == [18_000, 20_000, 20_000, 22_000, 23_000])
        #expect(rtt.medianMicros == 20_000)
        #expect(rtt.outOfOrder == 0)
    }
}
