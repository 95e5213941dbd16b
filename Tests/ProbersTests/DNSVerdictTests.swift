import NetsightModel
import ProbeCodec
import Testing

@testable import Probers

@Suite struct DNSVerdictTests {
    /// An authoritative response with `rcode` and A answers.
    private func message(rcode: UInt8 = 0, answers: [String]) throws -> DNSMessage {
        var m = try DNSQuery.encode(id: 1, name: "x.test", type: .a)
        m[2] |= 0x84
        m[3] = rcode
        m[7] = UInt8(answers.count)
        for a in answers {
            m += [0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 0, 0, 4] + a.split(separator: ".").map { UInt8($0)! }
        }
        return try DNSMessage(decoding: m)
    }

    @Test func noErrorWithExpectedAnswersSucceeds() throws {
        let options = DNSProbeOptions(server: "127.0.0.1", expectedAnswers: ["192.0.2.1"])
        let v = DNSVerdict.judge(try message(answers: ["192.0.2.1", "192.0.2.2"]), options: options, server: "s", usedTCP: false)
        #expect(v.failure == nil)
        #expect(v.summary.answers == ["192.0.2.1", "192.0.2.2"])
        #expect(v.summary.expectedAnswersFound == true)
        #expect(v.summary.authoritative)
        #expect(v.summary.rcode == "NOERROR")
    }

    @Test func missingAnswerIsUnexpected() throws {
        let options = DNSProbeOptions(server: "127.0.0.1", expectedAnswers: ["192.0.2.9"])
        let v = DNSVerdict.judge(try message(answers: ["192.0.2.1"]), options: options, server: "s", usedTCP: false)
        #expect(v.failure == ProbeFailure(.unexpectedAnswer, "expected answer 192.0.2.9 not found; got 192.0.2.1"))
        #expect(v.summary.expectedAnswersFound == false)
    }

    @Test func rcodeMustBeTheExpectedOne() throws {
        let nx = try message(rcode: 3, answers: [])
        let plain = DNSVerdict.judge(nx, options: DNSProbeOptions(server: "s"), server: "s", usedTCP: false)
        #expect(plain.failure == ProbeFailure(.unexpectedAnswer, "rcode NXDOMAIN, expected NOERROR"))
        let wanted = DNSVerdict.judge(nx, options: DNSProbeOptions(server: "s", expectedRcode: "rcode3"), server: "s", usedTCP: false)
        #expect(wanted.failure == nil)
        #expect(wanted.summary.expectedAnswersFound == nil)
    }

    @Test func namesMatchWithoutTrailingDotOrCase() {
        #expect(DNSVerdict.matches("10 Mail.Example", "10 mail.example."))
        #expect(!DNSVerdict.matches("10 mail.example", "20 mail.example."))
    }

    @Test func badOptionsAreSetupFailures() {
        #expect(throws: ProbeFailure(.setup, "unknown record type BOGUS (write a mnemonic or TYPEnnn)")) {
            try DNSProber.question("x", options: DNSProbeOptions(server: "s", recordType: "BOGUS"))
        }
        #expect(throws: ProbeFailure.self) { try DNSProber.question("a..b", options: DNSProbeOptions(server: "s")) }
        #expect(throws: ProbeFailure.self) {
            try DNSProber.question("x", options: DNSProbeOptions(server: "s", expectedRcode: "NOPE"))
        }
    }
}
