import Testing
@testable import Probers

struct ProbeScheduleTests {
    @Test func spreadsProbesEvenlyOverTheInterval() {
        let offsets = (0..<4).map { ProbeSchedule.startOffset(index: $0, of: 4, interval: .seconds(10)) }
        #expect(offsets == [.zero, .milliseconds(2500), .seconds(5), .milliseconds(7500)])
    }

    @Test func nextSlotIsAbsoluteSoLatenessDoesNotDrift() {
        let due = ContinuousClock.Instant.now
        // Started 40 ms late and took 300 ms: the next run is still due exactly 10 s after this one was.
        let (next, skipped) = ProbeSchedule.next(
            afterDue: due, endedAt: due.advanced(by: .milliseconds(340)), interval: .seconds(10))
        #expect(next == due.advanced(by: .seconds(10)))
        #expect(skipped == 0)
    }

    @Test func overrunSkipsPassedSlots() {
        let due = ContinuousClock.Instant.now
        let (next, skipped) = ProbeSchedule.next(
            afterDue: due, endedAt: due.advanced(by: .milliseconds(7500)), interval: .seconds(3))
        #expect(next == due.advanced(by: .seconds(9)))
        #expect(skipped == 2)
        let exact = ProbeSchedule.next(afterDue: due, endedAt: due.advanced(by: .seconds(3)), interval: .seconds(3))
        #expect(exact.due == due.advanced(by: .seconds(6)))
        #expect(exact.skipped == 1)
    }

    @Test func thousandsOfRunsStayOnTheGrid() {
        var due = ContinuousClock.Instant.now
        let first = due
        for k in 1...8640 {  // a day of 10 s runs, each ending 1.3 s after its due time
            due = ProbeSchedule.next(afterDue: due, endedAt: due.advanced(by: .milliseconds(1300)), interval: .seconds(10)).due
            #expect(first.duration(to: due) == .seconds(10 * k))
        }
    }
}
