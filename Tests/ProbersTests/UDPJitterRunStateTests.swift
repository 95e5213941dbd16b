import Analytics
import ProbeCodec
import Testing

@testable import Probers

struct UDPJitterRunStateTests {
    static let token: UInt64 = 0xFEED_FACE_CAFE_BEEF

    /// A reply as the responder would build it, with T2 = T1 + forward and T3 = T2 + turnaround.
    static func reply(_ sequence: UInt32, t1: Int64, forward: Int64, turnaround: Int64 = 50, token: UInt64 = token) -> [UInt8] {
        UDPJitterPacket(kind: .request, token: token, sequence: sequence, sourceSentMicros: t1, size: 172)
            .reply(receivedMicros: t1 + forward, sentMicros: t1 + forward + turnaround).encoded()
    }

    @Test func inTimeRepliesCompleteTheRunWithRTTWithoutTurnaround() {
        var state = UDPJitterRunState(token: Self.token, count: 2, timeoutMicros: 1_000_000)
        state.sent(sequence: 0, at: 1_000)
        state.sent(sequence: 1, at: 21_000)
        state.received(Self.reply(0, t1: 1_000, forward: 3_000, turnaround: 500), from: "x", at: 1_000 + 7_500)
        #expect(!state.isComplete)
        state.received(Self.reply(1, t1: 21_000, forward: 2_000, turnaround: 100), from: "x", at: 21_000 + 4_100)
        #expect(state.isComplete)
        #expect(state.received == 2)
        // (7500 − 500) and (4100 − 100): the responder's turnaround is not network time.
        #expect(state.probeSamples.map(\.roundTripMicros) == [7_000, 4_000])
        #expect(state.samples[0].responderReceivedMicros == 4_000)
        #expect(state.samples[0].responderSentMicros == 4_500)
        #expect(state.garbage == 0)
    }

    @Test func lateReplyIsLostOnTheWayBackAndCountedLate() {
        var state = UDPJitterRunState(token: Self.token, count: 1, timeoutMicros: 100_000)
        state.sent(sequence: 0, at: 0)
        state.received(Self.reply(0, t1: 0, forward: 10_000), from: "x", at: 100_001)
        #expect(state.late == 1)
        #expect(state.received == 0)
        #expect(state.isComplete)
        let analysis = UDPJitterAnalysis(samples: state.samples)
        #expect(analysis.sourceToDestination.received == 1)
        #expect(analysis.destinationToSource.lost == 1)
        #expect(state.probeSamples[0].receivedMicros == nil)
    }

    @Test func secondReplyIsADuplicate() {
        var state = UDPJitterRunState(token: Self.token, count: 1, timeoutMicros: 100_000)
        state.sent(sequence: 0, at: 0)
        let reply = Self.reply(0, t1: 0, forward: 1_000)
        state.received(reply, from: "x", at: 2_000)
        state.received(reply, from: "x", at: 3_000)
        #expect(state.received == 1)
        #expect(state.probeSamples[0].duplicates == 1)
        #expect(state.probeSamples[0].roundTripMicros == 1_950)
    }

    @Test func wrongTokenIsGarbageNamingBothTokens() {
        var state = UDPJitterRunState(token: Self.token, count: 1, timeoutMicros: 100_000)
        state.sent(sequence: 0, at: 0)
        state.received(Self.reply(0, t1: 0, forward: 1_000, token: 7), from: "127.0.0.1:9", at: 2_000)
        #expect(state.received == 0)
        #expect(state.garbage == 1)
        #expect(state.firstGarbage == "run token 0x7 does not match 0xfeedfacecafebeef, from 127.0.0.1:9")
    }

    @Test func unsentSequenceRequestAndNoiseAreGarbage() {
        var state = UDPJitterRunState(token: Self.token, count: 3, timeoutMicros: 100_000)
        state.sent(sequence: 0, at: 0)
        state.received(Self.reply(1, t1: 0, forward: 1_000), from: "a", at: 2_000)  // not sent yet
        state.received(Self.reply(9, t1: 0, forward: 1_000), from: "a", at: 2_000)  // outside the run
        let request = UDPJitterPacket(kind: .request, token: Self.token, sequence: 0, sourceSentMicros: 0).encoded()
        state.received(request, from: "a", at: 2_000)
        state.received([1, 2, 3], from: "a", at: 2_000)
        #expect(state.garbage == 4)
        #expect(state.firstGarbage == "sequence 1 was not sent in this run of 3, from a")
        #expect(state.received == 0)
        #expect(!state.isComplete)
    }
}
