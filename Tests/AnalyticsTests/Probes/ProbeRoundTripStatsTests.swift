import Testing
import Analytics

/// Burst statistics checked against values computed outside this code (Python's
/// `statistics` module: median, mean, pstdev, quantiles(method="inclusive")).
struct ProbeRoundTripStatsTests {
    /// Eight packets 1 ms apart: seq 2 and 7 lost, seq 1 answered three times, seq 4
    /// (RTT 5 ms) arrives after seq 5 and 6. RTTs 1500, 2300, 1200, 5000, 1800, 2000 µs.
    static let burst: [ProbeSample] = [
        ProbeSample(sequence: 0, sentMicros: 0, receivedMicros: 1_500),
        ProbeSample(sequence: 1, sentMicros: 1_000, receivedMicros: 3_300, duplicates: 2),
        ProbeSample(sequence: 2, sentMicros: 2_000, receivedMicros: nil),
        ProbeSample(sequence: 3, sentMicros: 3_000, receivedMicros: 4_200),
        ProbeSample(sequence: 4, sentMicros: 4_000, receivedMicros: 9_000),
        ProbeSample(sequence: 5, sentMicros: 5_000, receivedMicros: 6_800),
        ProbeSample(sequence: 6, sentMicros: 6_000, receivedMicros: 8_000),
        ProbeSample(sequence: 7, sentMicros: 7_000, receivedMicros: nil),
    ]

    @Test func countsLossDuplicatesAndReordering() {
        let stats = ProbeRoundTripStats(samples: Self.burst)
        #expect(stats.sent == 8)
        #expect(stats.received == 6)
        #expect(stats.lost == 2)
        #expect(stats.lossPercent == 25)
        #expect(stats.duplicates == 2)
        #expect(stats.outOfOrder == 1)
    }

    @Test func roundTripSummary() throws {
        let stats = ProbeRoundTripStats(samples: Self.burst)
        #expect(stats.sortedRoundTripMicros == [1_200, 1_500, 1_800, 2_000, 2_300, 5_000])
        #expect(stats.minMicros == 1_200)
        #expect(stats.maxMicros == 5_000)
        #expect(stats.medianMicros == 1_900)
        #expect(stats.meanMicros == 2_300)
        // statistics.pstdev = iputils mdev = 1256.9805089976535
        let sd = try #require(stats.standardDeviationMicros)
        #expect(abs(sd - 1_256.980_508_997_653_5) < 1e-9)
    }

    @Test func quantilesMatchInclusiveMethod() {
        let stats = ProbeRoundTripStats(samples: Self.burst)
        // statistics.quantiles(rtts, n=4, method="inclusive") = [1575, 1900, 2225]
        #expect(stats.quantileMicros(0.25) == 1_575)
        #expect(stats.quantileMicros(0.75) == 2_225)
        // n=10: the 9th decile is 3650
        #expect(stats.quantileMicros(0.9) == 3_650)
        #expect(stats.quantileMicros(0) == 1_200)
        #expect(stats.quantileMicros(1) == 5_000)
        #expect(stats.quantileMicros(7) == 5_000)
    }

    @Test func smokeBandsGoFromTheOutsideIn() {
        let bands = ProbeRoundTripStats(samples: Self.burst).smokeBands(2)
        #expect(bands.count == 2)
        #expect(bands[0].lowMicros == 1_200 && bands[0].highMicros == 5_000)
        #expect(bands[1].lowMicros == 1_575 && bands[1].highMicros == 2_225)
    }

    @Test func oddCountMedianIsTheMiddleValue() {
        let samples = [3_000, 1_000, 2_000].enumerated().map {
            ProbeSample(sequence: $0.offset, sentMicros: 0, receivedMicros: Int64($0.element))
        }
        let stats = ProbeRoundTripStats(samples: samples)
        #expect(stats.medianMicros == 2_000)
        // Arrivals: seq 1 at 1000, seq 2 at 2000, seq 0 at 3000: only seq 0 is late.
        #expect(stats.outOfOrder == 1)
    }

    @Test func allLostHasNoTimesAndFullLoss() {
        let stats = ProbeRoundTripStats(samples: [
            ProbeSample(sequence: 0, sentMicros: 0, receivedMicros: nil),
            ProbeSample(sequence: 1, sentMicros: 10, receivedMicros: nil),
        ])
        #expect(stats.lossPercent == 100)
        #expect(stats.minMicros == nil)
        #expect(stats.medianMicros == nil)
        #expect(stats.standardDeviationMicros == nil)
        #expect(stats.smokeBands(3).isEmpty)
        #expect(ProbeRoundTripStats(samples: []).lossPercent == 0)
    }

    @Test func singleReplyHasZeroDeviation() {
        let stats = ProbeRoundTripStats(samples: [ProbeSample(sequence: 0, sentMicros: 5, receivedMicros: 405)])
        #expect(stats.standardDeviationMicros == 0)
        #expect(stats.medianMicros == 400)
    }
}
