import Testing
@testable import Pollers

@Suite struct SNMPRequestTrackerTests {
    @Test func matchesByIDAndAddress() {
        var tracker = SNMPRequestTracker<String, Int>(start: 100)
        let a = tracker.allocate()
        let b = tracker.allocate()
        #expect(a == 100 && b == 101)
        tracker.register(a, address: "10.0.0.1:161", waiter: 1)
        tracker.register(b, address: "10.0.0.2:161", waiter: 2)
        guard case .dropped(.wrongAddress) = tracker.match(a, from: "10.0.0.9:161") else { Issue.record("wrong address accepted"); return }
        guard case .dropped(.unknownRequestID) = tracker.match(999, from: "10.0.0.1:161") else { Issue.record("foreign ID accepted"); return }
        guard case .matched(let entry) = tracker.match(a, from: "10.0.0.1:161") else { Issue.record("no match"); return }
        #expect(entry.waiter == 1)
        // A duplicate answer to a finished request is unknown now.
        guard case .dropped(.unknownRequestID) = tracker.match(a, from: "10.0.0.1:161") else { Issue.record("duplicate accepted"); return }
        #expect(tracker.drops == [.wrongAddress: 1, .unknownRequestID: 2])
        #expect(tracker.outstanding == 1)
        #expect(tracker.remove(b) == 2)
        #expect(tracker.outstanding == 0)
    }

    @Test func idsWrapToOneAndSkipOutstanding() {
        var tracker = SNMPRequestTracker<String, Int>(start: Int32.max - 1)
        let first = tracker.allocate()
        tracker.register(first, address: "x", waiter: 0)
        #expect(first == Int32.max - 1)
        #expect(tracker.allocate() == Int32.max)
        #expect(tracker.allocate() == 1)  // never 0 or negative
        var again = SNMPRequestTracker<String, Int>(start: Int32.max)
        again.register(Int32.max, address: "x", waiter: 0)
        again.register(1, address: "x", waiter: 0)
        #expect(again.allocate() == 2)  // skips IDs still waiting
    }

    @Test func nonPositiveStartIsClamped() {
        var tracker = SNMPRequestTracker<String, Int>(start: -5)
        #expect(tracker.allocate() == 1)
    }
}

@Suite struct AdaptiveRepetitionsTests {
    @Test func shrinksOnTooBigAndGrowsBack() {
        var r = AdaptiveRepetitions(initial: 25, maximum: 40)
        r.shrink()
        #expect(r.current == 12)
        r.shrink(); r.shrink(); r.shrink(); r.shrink()
        #expect(r.current == 1)
        r.shrink()
        #expect(r.current == 1)  // never below the minimum
        r.answered(requested: 1, returned: 1)
        #expect(r.current == 2)
        for _ in 0..<20 { r.answered(requested: r.current, returned: r.current) }
        #expect(r.current == 40)  // capped
    }

    @Test func truncatedAnswerLimitsToWhatTheAgentReturned() {
        var r = AdaptiveRepetitions(initial: 50)
        r.answered(requested: 50, returned: 17)
        #expect(r.current == 17)
        r.answered(requested: 17, returned: 0)
        #expect(r.current == 1)
    }

    @Test func initialIsClampedIntoRange() {
        #expect(AdaptiveRepetitions(initial: 500, maximum: 100).current == 100)
        #expect(AdaptiveRepetitions(initial: 0).current == 1)
    }
}
