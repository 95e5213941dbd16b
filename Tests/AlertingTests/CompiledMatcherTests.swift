import Alerting
import NetsightModel
import Testing

@Suite struct CompiledMatcherTests {
    @Test(arguments: [
        (LabelMatcher(name: "device", value: "sw-1"), ["device": "sw-1"], true),
        (LabelMatcher(name: "device", value: "sw-1"), ["device": "sw-10"], false),
        (LabelMatcher(name: "device", value: "sw-1", isRegex: true), ["device": "sw-10"], false),
        (LabelMatcher(name: "device", value: "sw-1.*", isRegex: true), ["device": "sw-10"], true),
        (LabelMatcher(name: "device", value: "sw-.*", isRegex: true, isEqual: false), ["device": "core-1"], true),
        (LabelMatcher(name: "team", value: "net", isEqual: false), [:], true),
        (LabelMatcher(name: "team", value: ""), [:], true),
        (LabelMatcher(name: "team", value: ""), ["team": "net"], false),
    ] as [(LabelMatcher, [String: String], Bool)])
    func matchesLikeAlertmanager(matcher: LabelMatcher, labels: [String: String], expected: Bool) throws {
        #expect(try CompiledMatcher(matcher).matches(LabelSet(labels)) == expected)
    }

    @Test func badRegexNamesTheMatcher() {
        #expect(throws: MatcherError.self) { try CompiledMatcher(LabelMatcher(name: "device", value: "sw-(", isRegex: true)) }
        do {
            _ = try CompiledMatcher(LabelMatcher(name: "device", value: "sw-(", isRegex: true))
        } catch {
            #expect(error.message.hasPrefix(#"device=~"sw-(": bad regex"#))
        }
    }
}
