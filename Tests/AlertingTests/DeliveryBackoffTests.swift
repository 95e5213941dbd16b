import Foundation
import Testing

@testable import Alerting

@Suite struct DeliveryBackoffTests {
    let backoff = DeliveryBackoff(initial: .seconds(1), max: .seconds(60), giveUpAfter: .seconds(600))
    let t0 = Date(timeIntervalSince1970: 1_000)

    @Test func baseDelayDoublesUpToTheCap() {
        let delays = (1...9).map { backoff.baseDelay(attempts: $0) }
        #expect(delays == [1, 2, 4, 8, 16, 32, 60, 60, 60].map { Duration.seconds($0) })
    }

    @Test func jitterSpansHalfToAllOfTheBase() throws {
        let low = try #require(backoff.nextAttempt(attempts: 4, firstAttemptAt: t0, now: t0, random: { 0 }))
        let high = try #require(backoff.nextAttempt(attempts: 4, firstAttemptAt: t0, now: t0, random: { 1 }))
        let mid = try #require(backoff.nextAttempt(attempts: 4, firstAttemptAt: t0, now: t0, random: { 0.5 }))
        #expect(low.timeIntervalSince(t0) == 4)
        #expect(high.timeIntervalSince(t0) == 8)
        #expect(mid.timeIntervalSince(t0) == 6)
    }

    @Test func givesUpOncePastTheDeadline() {
        let late = t0.addingTimeInterval(597)
        #expect(backoff.nextAttempt(attempts: 4, firstAttemptAt: t0, now: late, random: { 0 }) == nil)
        #expect(backoff.nextAttempt(attempts: 3, firstAttemptAt: t0, now: t0.addingTimeInterval(500), random: { 1 }) != nil)
    }
}
