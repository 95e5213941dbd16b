import NetsightModel
import Testing

@testable import Alerting

/// The memo must answer exactly as `CompiledMatcher.all`, whatever order values repeat in.
@Suite struct MatcherMemoTests {
    @Test func answersAsThePlainMatchersDo() throws {
        let matchers = try [
            LabelMatcher(name: "ifname", value: "Gi0/[0-9]+", isRegex: true),
            LabelMatcher(name: "site", value: "ldn"),
            LabelMatcher(name: "device", value: "sw-1.*", isRegex: true, isEqual: false),
        ].map { matcher throws(MatcherError) in try CompiledMatcher(matcher) }
        var memo = MatcherMemo(matchers)
        var matched = 0
        for i in 0..<600 {
            var labels = LabelSet([
                "ifname": ["Gi0/1", "Gi0/x", "Te1/1", "Gi0/22"][i % 4], "site": ["ldn", "par", "ldn"][i % 3],
                "device": ["sw-1", "sw-2", "sw-10", "core-1", "sw-3"][i % 5],
            ])
            if i % 7 == 0 { labels["site"] = nil }
            let expected = CompiledMatcher.all(matchers, match: labels)
            #expect(memo.matches(labels) == expected, "\(labels)")
            if expected { matched += 1 }
        }
        #expect(matched > 0 && matched < 600)
    }
}
