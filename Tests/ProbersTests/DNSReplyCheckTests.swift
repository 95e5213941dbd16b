import NetsightModel
import ProbeCodec
import Testing

@testable import Probers

/// Which replies the prober takes as the answer, on bytes.
@Suite struct DNSReplyCheckTests {
    private let question = try! DNSQuestion(name: "www.test.netsight", type: .a)

    /// A response to `id` for `name`/`type` with one A answer, built by hand.
    private func reply(id: UInt16, name: String = "www.test.netsight", type: DNSRecordType = .a, response: Bool = true) -> [UInt8] {
        var m = try! DNSQuery.encode(id: id, name: name, type: type)
        m[2] |= response ? 0x84 : 0  // QR, AA
        m[7] = 1  // ANCOUNT
        m += [0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 10]
        return m
    }

    @Test func acceptsMatchingReply() {
        guard case .answer(let m) = DNSReplyCheck.check(reply(id: 4711), id: 4711, question: question) else {
            Issue.record("not accepted")
            return
        }
        #expect(m.answers.map(\.dataText) == ["192.0.2.10"])
    }

    @Test func questionComparesWithoutCase() {
        guard case .answer = DNSReplyCheck.check(reply(id: 9, name: "WWW.Test.NetSight"), id: 9, question: question) else {
            Issue.record("case-changed question not accepted")
            return
        }
    }

    @Test func wrongIDIsIgnoredWithItsReason() {
        #expect(
            DNSReplyCheck.check(reply(id: 4711), id: 17, question: question)
                == .ignored(ProbeFailure(.badReply, "bad reply: reply ID 4711 does not match query 17")))
    }

    @Test func otherQuestionIsIgnored() {
        let result = DNSReplyCheck.check(reply(id: 5, name: "evil.test.netsight"), id: 5, question: question)
        #expect(
            result
                == .ignored(
                    ProbeFailure(
                        .badReply, "bad reply: question evil.test.netsight. A does not match query www.test.netsight. A")))
        guard case .ignored = DNSReplyCheck.check(reply(id: 5, type: .aaaa), id: 5, question: question) else {
            Issue.record("other type accepted")
            return
        }
    }

    @Test func queryEchoIsIgnored() {
        guard case .ignored = DNSReplyCheck.check(reply(id: 5, response: false), id: 5, question: question) else {
            Issue.record("a query taken as the answer")
            return
        }
    }

    /// Our ID and undecodable: the run's failure names the decoder's finding.
    @Test func brokenReplyWithOurIDIsBadReply() {
        var looped = reply(id: 77)
        looped[looped.count - 16] = 0xC0
        looped[looped.count - 15] = UInt8(looped.count - 16)  // the answer's name points at itself
        guard case .broken(let failure) = DNSReplyCheck.check(looped, id: 77, question: question) else {
            Issue.record("loop not reported")
            return
        }
        #expect(failure.reason == .badReply)
        #expect(failure.message.contains("compression pointer"))
    }
}

/// A UDP answer cut mid-record with TC set still leads to TCP: only its header counts.
@Suite struct DNSTruncatedReplyTests {
    @Test func truncatedUndecodableUDPAnswerKeepsTheTCFlag() throws {
        let question = try DNSQuestion(name: "big.test.netsight", type: .txt)
        var cut = try DNSQuery.encode(id: 300, name: "big.test.netsight", type: .txt)
        cut[2] |= 0x86  // QR, AA, TC
        cut[7] = 5  // five answers promised, none present
        guard case .answer(let m) = DNSReplyCheck.check(cut, id: 300, question: question, overUDP: true) else {
            Issue.record("truncated UDP answer not taken")
            return
        }
        #expect(m.header.truncated)
        // Over TCP the same bytes are simply broken.
        guard case .broken(let failure) = DNSReplyCheck.check(cut, id: 300, question: question) else {
            Issue.record("cut TCP answer accepted")
            return
        }
        #expect(failure.reason == .badReply)
        // Without TC a cut UDP answer is broken too.
        cut[2] &= ~0x02
        guard case .broken = DNSReplyCheck.check(cut, id: 300, question: question, overUDP: true) else {
            Issue.record("cut answer without TC accepted")
            return
        }
    }

    @Test func longAnswerListsAreCut() {
        #expect(DNSVerdict.list(["a", "b", "c", "d", "e"]) == "a, b, c and 2 more")
        #expect(DNSVerdict.list(["a", "b"]) == "a, b")
    }
}
