import NetsightModel
import Probers
import Testing

@Suite struct TLSFailureRuleTests {
    private func facts(days: Double = 40, chain: Bool = true, name: Bool = true) -> TLSSummary {
        TLSSummary(daysLeft: days, hostnameVerified: name, chainVerified: chain)
    }

    private func rule(_ tls: TLSSummary, insecure: Bool = false, minimum: Double? = nil) -> ProbeFailure? {
        TLSFailureRule.failure(
            for: tls, host: "localhost", leafNames: ["wrong.example"], insecure: insecure, minimumDays: minimum)
    }

    @Test func goodFactsPass() {
        #expect(rule(facts()) == nil)
        #expect(rule(facts(days: 40), minimum: 30) == nil)
    }

    @Test func expiredSaysHowLongAgo() {
        let failure = rule(facts(days: -3, chain: false))
        #expect(failure == ProbeFailure(.tls, "certificate expired 3.0 days ago"))
    }

    @Test func wrongNameNamesBoth() {
        let failure = rule(facts(name: false))
        #expect(failure == ProbeFailure(.tls, "certificate for 'wrong.example' does not match 'localhost'"))
    }

    @Test func untrustedChain() {
        let tls = TLSSummary(daysLeft: 40, hostnameVerified: true, chainVerified: false, verificationError: "no root")
        #expect(rule(tls) == ProbeFailure(.tls, "certificate not trusted: no root"))
    }

    @Test func tooFewDaysLeft() {
        let failure = rule(facts(days: 5), minimum: 30)
        #expect(failure == ProbeFailure(.tls, "certificate expires in 5.0 days, fewer than the 30 required"))
    }

    @Test func insecureNeverFails() {
        #expect(rule(facts(days: -3, chain: false, name: false), insecure: true, minimum: 30) == nil)
    }
}
