import Testing
@testable import Analytics

/// When counters cannot be compared: restarts, discontinuities, new interfaces, resets.
struct InterfaceRateContinuityTests {
    @Test func sysUpTimeGoingBackIsARestartForEveryInterface() {
        var h = RateHarness()
        let a = { (n: UInt64) in octets(.counter64(n), ifIndex: 1, name: "ge-0/0/1") }
        let b = { (n: UInt32) in octets(.counter32(n), ifIndex: 2, name: "fe-0/0/2", ifHighSpeed: 10) }
        _ = h.poll(at: 0, uptime: 50_000_000, a(5_000_000), b(4_000_000))
        let restarted = h.poll(at: 300, uptime: 3_000, a(9_000_000), b(1_000))
        #expect(restarted.count == 2)
        #expect(restarted.allSatisfy { $0.outcomes.allSatisfy { $0 == .noRate(.agentRestarted) } })
        let next = h.poll(at: 600, uptime: 33_000, a(9_375_000), b(376_000))
        #expect(next.map(\.inBitsPerSecond) == [.rate(10_000), .rate(10_000)])
    }

    @Test func sysUpTimeWrapAfter497DaysIsNotARestart() {
        // 4,294,967,000 + 30,000 ticks wraps to 29,704: 300 s, as the poller's clock says.
        var h = RateHarness()
        _ = h.one(at: 0, uptime: 4_294_967_000, octets(.counter64(0)))
        #expect(h.one(at: 300, uptime: 29_704, octets(.counter64(3_000_000))).inBitsPerSecond == .rate(80_000))
        // Wrapped, it says 3.96 s passed, not 300 s: the agent restarted.
        var g = RateHarness()
        _ = g.one(at: 0, uptime: 4_294_967_000, octets(.counter64(0)))
        #expect(g.one(at: 300, uptime: 100, octets(.counter64(3_000_000))).inBitsPerSecond == .noRate(.agentRestarted))
    }

    @Test func restartDuringAPollingGapIsSeenFromShortUptime() {
        // Up 60 s at the first poll; an hour later up only 1,800 s: it restarted in between,
        // although sysUpTime is larger and the 64-bit counter went up.
        var h = RateHarness()
        _ = h.one(at: 0, uptime: 6_000, octets(.counter64(1_000_000)))
        let r = h.one(at: 3_600, uptime: 180_000, octets(.counter64(5_000_000)))
        #expect(r.inBitsPerSecond == .noRate(.agentRestarted))
    }

    @Test func stuckSysUpTimeIsNotARestart() {
        var h = RateHarness()
        _ = h.one(at: 0, uptime: 50_000_000, octets(.counter64(0)))
        #expect(h.one(at: 300, uptime: 50_000_000, octets(.counter64(3_000_000))).inBitsPerSecond == .rate(80_000))
    }

    @Test func discontinuityTimeChangeDropsTheInterval() {
        var h = RateHarness()
        _ = h.one(at: 0, octets(.counter64(0), discontinuityTime: 100))
        let changed = h.one(at: 10, octets(.counter64(10_000), discontinuityTime: 200))
        #expect(changed.outcomes.allSatisfy { $0 == .noRate(.counterDiscontinuity) })
        #expect(h.one(at: 20, octets(.counter64(20_000), discontinuityTime: 200)).inBitsPerSecond == .rate(8_000))
        // An agent that stops or starts reporting it says nothing about the counters.
        #expect(h.one(at: 30, octets(.counter64(30_000))).inBitsPerSecond == .rate(8_000))
        #expect(h.one(at: 40, octets(.counter64(40_000), discontinuityTime: 300)).inBitsPerSecond == .rate(8_000))
    }

    @Test func ifIndexWithAnotherNameIsANewInterface() {
        var h = RateHarness()
        _ = h.one(at: 0, octets(.counter64(9_000_000), name: "ge-0/0/1"))
        let replaced = h.one(at: 10, octets(.counter64(10_000_000), name: "ge-1/0/1"))
        #expect(replaced.name == "ge-1/0/1")
        #expect(replaced.outcomes.allSatisfy { $0 == .noRate(.interfaceReplaced) })
        #expect(h.one(at: 20, octets(.counter64(10_010_000), name: "ge-1/0/1")).inBitsPerSecond == .rate(8_000))
    }

    @Test func sixtyFourBitGoingBackResetsAllCountersOfTheInterface() {
        // The 32-bit error counter went from 70,000 to 3: alone it would read as a wrap of
        // about 4.29e9 errors. The 64-bit drop shows it was a reset.
        var h = RateHarness()
        func sample(_ inOctets: UInt64, _ outOctets: UInt64, _ errors: UInt32) -> InterfaceCounterPoll {
            InterfaceCounterPoll(
                ifIndex: 1, name: "xe-0/0/1",
                counters: InterfaceCounterSet(
                    inOctets: .counter64(inOctets), outOctets: .counter64(outOctets), inErrors: .counter32(errors)),
                ifHighSpeed: 100_000)
        }
        _ = h.one(at: 0, sample(5_000_000_000, 1_000, 70_000))
        let reset = h.one(at: 300, sample(1_000_000, 2_000, 3))
        #expect(reset.outcomes.allSatisfy { $0 == .noRate(.counterReset) })
        let next = h.one(at: 600, sample(1_000_000 + 37_500, 2_000, 3 + 300))
        #expect(next.inBitsPerSecond == .rate(1_000))
        #expect(next.inErrorsPerSecond == .rate(1))
    }

    @Test func widthChangeGivesNoRateForThatCounterOnly() {
        var h = RateHarness()
        _ = h.one(at: 0, octets(.counter64(1_000), .counter64(0)))
        let r = h.one(at: 10, octets(.counter32(2_000), .counter64(10_000)))
        #expect(r.inBitsPerSecond == .noRate(.counterWidthChanged))
        #expect(r.outBitsPerSecond == .rate(8_000))
        #expect(h.one(at: 20, octets(.counter32(12_000), .counter64(20_000))).inBitsPerSecond == .rate(8_000))
    }

    @Test func missingCounterIsNotReportedThenStartsAgain() {
        var h = RateHarness()
        _ = h.one(at: 0, octets(.counter64(0), .counter64(0)))
        let missing = h.one(at: 10, octets(nil, .counter64(10_000)))
        #expect(missing.inBitsPerSecond == .noRate(.notReported))
        #expect(missing.inUtilisationPercent == .noRate(.notReported))
        #expect(missing.outBitsPerSecond == .rate(8_000))
        #expect(h.one(at: 20, octets(.counter64(10_000), .counter64(20_000))).inBitsPerSecond == .noRate(.firstSample))
        #expect(h.one(at: 30, octets(.counter64(20_000), .counter64(30_000))).inBitsPerSecond == .rate(8_000))
    }

    @Test func packetCounterAppearingRestartsThePacketSum() {
        var h = RateHarness()
        func sample(_ uc: UInt32, _ mc: UInt32?) -> InterfaceCounterPoll {
            InterfaceCounterPoll(
                ifIndex: 1, name: "ge-0/0/1",
                counters: InterfaceCounterSet(inUnicastPackets: .counter32(uc), inMulticastPackets: mc.map { .counter32($0) }),
                ifHighSpeed: 1_000)
        }
        _ = h.one(at: 0, sample(100, nil))
        #expect(h.one(at: 10, sample(200, nil)).inPacketsPerSecond == .rate(10))
        #expect(h.one(at: 20, sample(300, 50)).inPacketsPerSecond == .noRate(.firstSample))
        #expect(h.one(at: 30, sample(400, 150)).inPacketsPerSecond == .rate(20))
        #expect(h.one(at: 40, sample(500, nil)).inPacketsPerSecond == .noRate(.notReported))
        #expect(h.one(at: 50, sample(600, nil)).inPacketsPerSecond == .rate(10))
    }

    @Test func interfacesAbsentLongerThanTheLimitAreForgotten() {
        var h = RateHarness(configuration: CounterRateConfiguration(forgetAfterMillis: 600_000))
        let a = { (n: UInt64) in octets(.counter64(n), ifIndex: 1, name: "ge-0/0/1") }
        let b = { (n: UInt64) in octets(.counter64(n), ifIndex: 2, name: "ge-0/0/2") }
        _ = h.poll(at: 0, a(0), b(0))
        _ = h.poll(at: 300, a(0))
        _ = h.poll(at: 600, a(0))
        #expect(h.tracker.trackedInterfaceCount == 2)
        // Back within the limit: the average over the 600 s it was missing.
        #expect(h.poll(at: 600, a(0), b(600_000))[1].inBitsPerSecond == .rate(8_000))
        _ = h.poll(at: 900, a(0))
        _ = h.poll(at: 1_200, a(0))
        #expect(h.tracker.trackedInterfaceCount == 2)
        _ = h.poll(at: 1_201, a(0))
        #expect(h.tracker.trackedInterfaceCount == 1)
        #expect(h.poll(at: 1_500, a(0), b(700_000))[1].inBitsPerSecond == .noRate(.firstSample))
    }
}
