import Analytics
import NetsightModel
import Testing

struct ProbeReactionStateTests {
    private func feed(_ spec: ProbeReactionSpec, _ values: [Double?]) -> [ProbeReactionEvent?] {
        var state = ProbeReactionState(spec: spec)
        return values.map { state.observe($0) }
    }

    @Test func immediateRaisesOnFirstViolationAndClearsWithHysteresis() {
        let spec = ProbeReactionSpec(metric: .rttAverage, raise: 100, clear: 80)
        let events = feed(spec, [50, 120, 130, 90, 85, 80, 150])
        #expect(events == [nil, .raised(value: 120), nil, nil, nil, .cleared(value: 80), .raised(value: 150)])
    }

    @Test func atTheThresholdIsNotAViolation() {
        let events = feed(ProbeReactionSpec(metric: .lossPercent, raise: 0), [0, 0, 20, 0])
        #expect(events == [nil, nil, .raised(value: 20), .cleared(value: 0)])
    }

    @Test func consecutiveNeedsNInARow() {
        let spec = ProbeReactionSpec(metric: .lossPercent, raise: 10, clear: 5, trigger: .consecutive(3))
        let events = feed(spec, [20, 20, 0, 20, 20, 20, 8, 4])
        #expect(events == [nil, nil, nil, nil, nil, .raised(value: 20), nil, .cleared(value: 4)])
    }

    @Test func xOfYCountsWithinTheWindow() {
        let spec = ProbeReactionSpec(metric: .rttMax, raise: 50, trigger: .xOfY(2, 4))
        // 60 at run 1, then three good ones push it out of the window of 4 before 70 arrives.
        let quiet = feed(spec, [60, 10, 10, 10, 70])
        #expect(quiet.compactMap { $0 }.isEmpty)
        let loud = feed(spec, [60, 10, 10, 70])
        #expect(loud == [nil, nil, nil, .raised(value: 70)])
    }

    @Test func averageUsesTheMeanOfTheLastN() {
        let spec = ProbeReactionSpec(metric: .jitter, raise: 10, clear: 5, trigger: .average(3))
        // Means: -, -, 10 (not > 10), 12, 8 (not clear: > 5), 4.
        let events = feed(spec, [6, 12, 12, 12, 0, 0])
        #expect(events == [nil, nil, nil, .raised(value: 12), nil, .cleared(value: 4)])
    }

    @Test func belowDirectionForMOSAndCertificates() {
        let spec = ProbeReactionSpec(metric: .mos, raise: 3.6, clear: 4.0)
        #expect(spec.direction == .below)
        let events = feed(spec, [4.3, 3.5, 3.8, 4.1])
        #expect(events == [nil, .raised(value: 3.5), nil, .cleared(value: 4.1)])
    }

    @Test func runsWithoutAValueAreSkipped() {
        let spec = ProbeReactionSpec(metric: .rttAverage, raise: 100, trigger: .consecutive(2))
        let events = feed(spec, [150, nil, 150])
        #expect(events == [nil, nil, .raised(value: 150)])
    }

    @Test func metricValuesAreInThresholdUnits() {
        var r = ProbeResult(
            probeID: "p", kind: .icmp, target: "x", startedAt: .init(timeIntervalSince1970: 0), success: false, sent: 4,
            received: 3,
            rtt: RTTSummary(minMicros: 1000, medianMicros: 1500, meanMicros: 2000, maxMicros: 4000, stddevMicros: 500))
        #expect(r.value(of: .rttAverage) == 2)
        #expect(r.value(of: .rttMax) == 4)
        #expect(r.value(of: .lossPercent) == 25)
        #expect(r.value(of: .failed) == 1)
        #expect(r.value(of: .jitter) == 0.5)
        #expect(r.value(of: .mos) == nil)
        r.rtt = nil
        #expect(r.value(of: .rttAverage) == nil)
    }
}
