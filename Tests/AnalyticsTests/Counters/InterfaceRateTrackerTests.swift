import Testing
@testable import Analytics

/// Rates between comparable samples: 64-bit, 32-bit wraps, bounds, intervals and gaps.
struct InterfaceRateTrackerTests {
    @Test func firstSampleGivesNoRateForAnyValue() {
        var h = RateHarness()
        let r = h.one(at: 0, octets(.counter64(1_000), .counter64(2_000)))
        #expect(r.intervalMillis == nil)
        #expect(r.outcomes.allSatisfy { $0 == .noRate(.firstSample) })
        #expect(h.tracker.trackedInterfaceCount == 1)
    }

    @Test func sixtyFourBitCountersGiveEveryRate() {
        var h = RateHarness()
        func sample(_ o: UInt64, _ uc: UInt64, _ mc: UInt64, _ bc: UInt64, _ err: UInt32) -> InterfaceCounterPoll {
            InterfaceCounterPoll(
                ifIndex: 3, name: "ge-0/0/3",
                counters: InterfaceCounterSet(
                    inOctets: .counter64(o), outOctets: .counter64(o / 2),
                    inUnicastPackets: .counter64(uc), inMulticastPackets: .counter64(mc),
                    inBroadcastPackets: .counter64(bc), outUnicastPackets: .counter64(uc),
                    inErrors: .counter32(err), outErrors: .counter32(0)),
                ifHighSpeed: 1_000)
        }
        _ = h.one(at: 0, sample(1_000_000, 1_000, 0, 0, 5))
        let r = h.one(at: 10, sample(126_000_000, 11_000, 500, 500, 25))
        #expect(r.intervalMillis == 10_000)
        #expect(r.speedBitsPerSecond == 1_000_000_000)
        #expect(r.inBitsPerSecond == .rate(100_000_000))  // 125,000,000 B × 8 / 10 s
        #expect(r.outBitsPerSecond == .rate(50_000_000))
        #expect(r.inPacketsPerSecond == .rate(1_100))  // (10,000 + 500 + 500) / 10 s
        #expect(r.outPacketsPerSecond == .rate(1_000))  // unicast only: the others are absent
        #expect(r.inErrorsPerSecond == .rate(2))
        #expect(r.outErrorsPerSecond == .rate(0))
        #expect(r.inDiscardsPerSecond == .noRate(.notReported))
        #expect(r.inUtilisationPercent == .rate(10))
        #expect(r.outUtilisationPercent == .rate(5))
    }

    @Test func thirtyTwoBitWrapIsAddedOnce() {
        var h = RateHarness()
        _ = h.one(at: 0, octets(.counter32(4_294_967_000)))
        let r = h.one(at: 10, octets(.counter32(500)))
        // 296 up to 2^32, then 500 more: 796 bytes in 10 s.
        #expect(r.inBitsPerSecond == .rate(796.0 * 8 / 10))
    }

    @Test func wrapOnFastLinkWithSlowPollIsAmbiguousWrappedOrNot() {
        // 10 Gbit/s carries 2^32 bytes in 3.4 s; in 300 s the counter may have turned 87 times.
        var h = RateHarness()
        let tenGig = { (c32: UInt32, c64: UInt64) in
            octets(.counter32(c32), .counter64(c64), ifHighSpeed: 10_000)
        }
        _ = h.one(at: 0, tenGig(4_294_967_000, 0))
        let wrapped = h.one(at: 300, tenGig(500, 375_000_000_000))
        #expect(wrapped.inBitsPerSecond == .noRate(.ambiguousWrap))
        #expect(wrapped.inUtilisationPercent == .noRate(.ambiguousWrap))
        #expect(wrapped.outBitsPerSecond == .rate(10_000_000_000))  // the 64-bit side is fine
        let unwrapped = h.one(at: 600, tenGig(1_500, 375_000_000_000))
        #expect(unwrapped.inBitsPerSecond == .noRate(.ambiguousWrap))
    }

    @Test func ambiguityDependsOnWhatFitsAtLineRate() {
        // 1 Gbit/s for 30 s: 3.75e9 bytes, less than one turn: any reading is unique.
        var h = RateHarness()
        _ = h.one(at: 0, octets(.counter32(4_000_000_000)))
        #expect(h.one(at: 30, octets(.counter32(100))).inBitsPerSecond.value != nil)
        // 35 s: 4.375e9 bytes. A 50 MB increase could also be 50 MB + 2^32; 1 GB could not.
        var g = RateHarness()
        _ = g.one(at: 0, octets(.counter32(0)))
        #expect(g.one(at: 35, octets(.counter32(50_000_000))).inBitsPerSecond == .noRate(.ambiguousWrap))
        #expect(g.one(at: 70, octets(.counter32(1_050_000_000))).inBitsPerSecond == .rate(1e9 * 8 / 35))
    }

    @Test func errorAndDiscardCountersWrapOnceEvenWhenPacketsAreAmbiguous() {
        // IF-MIB's error and discard counters are Counter32 only. On 10 Gbit/s over 300 s
        // the packet counter could have turned over; errors are taken as one wrap.
        var h = RateHarness()
        func sample(_ packets: UInt32, _ errors: UInt32, _ discards: UInt32) -> InterfaceCounterPoll {
            InterfaceCounterPoll(
                ifIndex: 1, name: "xe-0/0/1",
                counters: InterfaceCounterSet(
                    inUnicastPackets: .counter32(packets), inErrors: .counter32(errors), outDiscards: .counter32(discards)),
                ifHighSpeed: 10_000)
        }
        _ = h.one(at: 0, sample(0, 4_294_967_000, 10))
        let r = h.one(at: 300, sample(1_000, 2_704, 3_010))
        #expect(r.inPacketsPerSecond == .noRate(.ambiguousWrap))
        #expect(r.inErrorsPerSecond == .rate(10))  // 296 + 2,704 = 3,000 in 300 s
        #expect(r.outDiscardsPerSecond == .rate(10))
        // The packet ceiling still applies: 1.5 × 14.88 M/s on 10 Gbit/s.
        let flood = h.one(at: 301, sample(1_000, 2_704 + 30_000_000, 3_010))
        #expect(flood.inErrorsPerSecond == .noRate(.implausibleRate))
    }

    @Test func counterResetThatLooksLikeWrapIsImplausible() {
        // A 32-bit counter cleared from 1,000,000 to 500 reads as a wrap of 4.29e9 bytes:
        // 3.4 Gbit/s on a 100 Mbit/s link.
        var h = RateHarness()
        _ = h.one(at: 0, octets(.counter32(1_000_000), ifHighSpeed: 100))
        let r = h.one(at: 10, octets(.counter32(500), ifHighSpeed: 100))
        #expect(r.inBitsPerSecond == .noRate(.implausibleRate))
        #expect(r.inUtilisationPercent == .noRate(.implausibleRate))
        // The next interval is measured from the dropped sample.
        #expect(h.one(at: 20, octets(.counter32(1_250_500), ifHighSpeed: 100)).inBitsPerSecond == .rate(1_000_000))
    }

    @Test func plausibleBoundIsOneAndAHalfTimesSpeedFor32BitCounters() {
        var h = RateHarness()
        _ = h.one(at: 0, octets(.counter32(0), ifHighSpeed: 100))
        // 140 Mbit/s on 100 Mbit/s: timing jitter, kept and shown as 140%.
        let kept = h.one(at: 10, octets(.counter32(175_000_000), ifHighSpeed: 100))
        #expect(kept.inBitsPerSecond == .rate(140_000_000))
        #expect(kept.inUtilisationPercent == .rate(140))
        // 160 Mbit/s: dropped.
        let dropped = h.one(at: 20, octets(.counter32(375_000_000), ifHighSpeed: 100))
        #expect(dropped.inBitsPerSecond == .noRate(.implausibleRate))
    }

    /// 64-bit counters cannot be a misread wrap: a rate above the speed the agent claims
    /// is real (Linux reports 10 Mbit/s for loopback, bundles report a member's speed),
    /// and shows as utilisation above 100%. Only the speed-less 1 Tbit/s ceiling applies.
    @Test func sixtyFourBitRatesAboveTheClaimedSpeedAreKept() {
        var h = RateHarness()
        _ = h.one(at: 0, octets(.counter64(0), ifHighSpeed: 10))
        let r = h.one(at: 10, octets(.counter64(125_000_000), ifHighSpeed: 10))
        #expect(r.inBitsPerSecond == .rate(100_000_000))
        #expect(r.inUtilisationPercent == .rate(1_000))
        #expect(h.one(at: 20, octets(.counter64(125_000_000 + 2_000_000_000_000), ifHighSpeed: 10)).inBitsPerSecond
            == .noRate(.implausibleRate), "1.6 Tbit/s is garbage whatever the counter width")
    }

    @Test func packetCountersAreBoundedByMinimumFrames() {
        // 1 Gbit/s carries at most 1,488,095 packets/s; 1.5× that is the bound.
        var h = RateHarness()
        let p = { (n: UInt32) in
            InterfaceCounterPoll(
                ifIndex: 1, name: "ge-0/0/1", counters: InterfaceCounterSet(inUnicastPackets: .counter32(n)),
                ifHighSpeed: 1_000)
        }
        _ = h.one(at: 0, p(0))
        #expect(h.one(at: 1, p(2_000_000)).inPacketsPerSecond == .rate(2_000_000))
        #expect(h.one(at: 2, p(5_000_000)).inPacketsPerSecond == .noRate(.implausibleRate))
    }

    @Test func unknownSpeedAssumesOneWrapButStillHasCeiling() {
        var h = RateHarness()
        let none = { (c: CounterValue) in octets(c, ifHighSpeed: 0, ifSpeed: 0) }
        _ = h.one(at: 0, none(.counter32(4_294_967_000)))
        let r = h.one(at: 10, none(.counter32(500)))
        #expect(r.inBitsPerSecond == .rate(636.8))
        #expect(r.inUtilisationPercent == .noRate(.speedUnknown))
        _ = h.one(at: 20, none(.counter64(0)))
        _ = h.one(at: 30, none(.counter64(0)))
        // 2e12 bytes in 10 s is 1.6 Tbit/s, above the 1 Tbit/s ceiling.
        #expect(h.one(at: 40, none(.counter64(2_000_000_000_000))).inBitsPerSecond == .noRate(.implausibleRate))
    }

    @Test func tooShortIntervalKeepsTheOlderBaseline() {
        var h = RateHarness()
        _ = h.one(at: 0, octets(.counter64(0)))
        let short = h.one(at: 0.5, octets(.counter64(50_000)))
        #expect(short.intervalMillis == 500)
        #expect(short.outcomes.allSatisfy { $0 == .noRate(.intervalTooShort) })
        let same = h.one(at: 0.5, octets(.counter64(50_000)))
        #expect(same.inBitsPerSecond == .noRate(.intervalTooShort))
        // Measured over 10 s from the first sample, not 9.5 s from the short one.
        let r = h.one(at: 10, octets(.counter64(1_000_000)))
        #expect(r.intervalMillis == 10_000)
        #expect(r.inBitsPerSecond == .rate(800_000))
    }

    @Test func clockGoingBackStartsNewBaseline() {
        var h = RateHarness()
        _ = h.one(at: 100, octets(.counter64(0)))
        let back = h.one(at: 95, octets(.counter64(10_000)))
        #expect(back.intervalMillis == -5_000)
        #expect(back.outcomes.allSatisfy { $0 == .noRate(.clockWentBack) })
        #expect(h.one(at: 105, octets(.counter64(20_000))).inBitsPerSecond == .rate(8_000))
    }

    @Test func missedPollsGiveTheAverageOverTheGapFor64Bit() {
        var h = RateHarness()
        _ = h.one(at: 0, octets(.counter64(0), ifHighSpeed: 100))
        // Three 300 s polls missed: 9e9 bytes over 1,200 s.
        let r = h.one(at: 1_200, octets(.counter64(9_000_000_000), ifHighSpeed: 100))
        #expect(r.intervalMillis == 1_200_000)
        #expect(r.inBitsPerSecond == .rate(60_000_000))
    }

    @Test func gapOn32BitDependsOnWhatTheLinkCouldCarry() {
        // 100 Mbit/s for 1 h is 45e9 bytes, ten turns of a 32-bit counter: no rate.
        var h = RateHarness()
        _ = h.one(at: 0, octets(.counter32(0), ifHighSpeed: 100))
        #expect(h.one(at: 3_600, octets(.counter32(9_000_000), ifHighSpeed: 100)).inBitsPerSecond == .noRate(.ambiguousWrap))
        // A 2 Mbit/s line for 900 s carries at most 225e6 bytes: the average stands.
        var slow = RateHarness()
        _ = slow.one(at: 0, octets(.counter32(4_294_000_000), ifHighSpeed: 0, ifSpeed: 2_000_000))
        let r = slow.one(at: 900, octets(.counter32(100_282_704), ifHighSpeed: 0, ifSpeed: 2_000_000))
        #expect(r.inBitsPerSecond == .rate(900_000))  // 101,250,000 B × 8 / 900 s
        #expect(r.inUtilisationPercent == .rate(45))
    }

    @Test func configurableMinimumIntervalAndFactor() {
        var h = RateHarness(configuration: CounterRateConfiguration(minimumIntervalMillis: 30_000, plausibilityFactor: 1.1))
        _ = h.one(at: 0, octets(.counter32(0), ifHighSpeed: 100))
        #expect(h.one(at: 20, octets(.counter32(1), ifHighSpeed: 100)).inBitsPerSecond == .noRate(.intervalTooShort))
        // 120 Mbit/s over 30 s on 100 Mbit/s: above 1.1×.
        #expect(h.one(at: 30, octets(.counter32(450_000_000), ifHighSpeed: 100)).inBitsPerSecond == .noRate(.implausibleRate))
    }
}
