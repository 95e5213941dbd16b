import Analytics
import NetsightModel
import ProbeCodec
import Testing

@testable import Probers

@Suite struct ICMPRunCollectorTests {
    @Test func duplicatesLateRepliesAndErrorsAreCountedOnce() async {
        let c = ICMPRunCollector(count: 4, timeoutMicros: 1000)
        for i in 0..<4 { c.markSent(i, at: Int64(i) * 100) }
        c.reply(0, at: 250)
        c.reply(0, at: 260)  // DUP!
        c.reply(1, at: 100 + 1001)  // after its timeout: lost
        let report = ICMPErrorReport(
            version: .v4, kind: .destinationUnreachable, type: 3, code: 1, originalDestination: [10, 211, 0, 5],
            originalProtocol: 1, originalEcho: ICMPEchoReference(identifier: 1, sequence: 3))
        c.error(2, .init(report: report, from: "10.211.0.1"))
        c.reply(2, at: 300)  // a reply after an error for the same request is ignored
        c.markSendFailed(3, errno: 113)
        c.sendingFinished(sentCount: 4)
        // #1 is still open (its only reply was late), so only the deadline ends the wait.
        c.finish()
        await c.wait()
        let outcome = c.outcome()
        let stats = ProbeRoundTripStats(samples: outcome.samples)
        #expect(stats.sent == 4)
        #expect(stats.received == 1)
        #expect(stats.duplicates == 1)
        #expect(outcome.samples[0].roundTripMicros == 250)
        #expect(outcome.firstError?.report.code == 1)
        #expect(outcome.firstSendError == 113)
    }

    @Test func waitEndsEarlyWhenAllAnswered() async {
        let c = ICMPRunCollector(count: 2, timeoutMicros: 10_000_000)
        c.markSent(0, at: 0)
        c.markSent(1, at: 10)
        c.sendingFinished(sentCount: 2)
        c.reply(1, at: 20)
        c.reply(0, at: 30)
        await c.wait()
        let stats = ProbeRoundTripStats(samples: c.outcome().samples)
        #expect(stats.received == 2)
        #expect(stats.outOfOrder == 1)
    }

    @Test func failureMessagesNameTheCause() {
        let report = ICMPErrorReport(
            version: .v4, kind: .destinationUnreachable, type: 3, code: 1, originalDestination: [10, 211, 0, 5],
            originalProtocol: 1, originalEcho: nil)
        let unreachable = ICMPProber.failure(
            error: .init(report: report, from: "10.211.0.1"), sendError: nil, timeout: .seconds(1), sent: 3)
        #expect(unreachable == ProbeFailure(.unreachable, "destination unreachable (ICMP type 3 code 1: host unreachable) from 10.211.0.1"))
        let noRoute = ICMPProber.failure(error: nil, sendError: 113, timeout: .seconds(1), sent: 3)
        #expect(noRoute.reason == .unreachable)
        #expect(noRoute.message == "sending echo request: No route to host")
        let timeout = ICMPProber.failure(error: nil, sendError: nil, timeout: .milliseconds(1500), sent: 3)
        #expect(timeout == ProbeFailure(.timeout, "timeout after 1500 ms (no reply to 3 echo requests)"))
    }
}
