import NetsightModel

/// One silence's or maintenance window's matchers, tested against every alert of one
/// evaluation, remembering each regex's answer per label value.
///
/// Why: in an alert storm every alert is tested against every active silence, and a
/// Swift `Regex` match costs about a microsecond, so 100 silences over 13,000 alerts spent
/// most of their time re-matching the same few dozen values (`ifname`, `site`). A regex is
/// a pure function of the value, so remembering its answer changes no result. Plain
/// matchers are tested first for the same reason: the conjunction does not depend on the
/// order, and a string comparison that fails spares the regex.
///
/// Lives for one `apply` call, so the memory is bounded by the label values of that call.
struct MatcherMemo {
    private let matchers: [CompiledMatcher]
    /// Per matcher (same order), the answers for values seen so far; unused for plain ones.
    private var answers: [[String: Bool]]

    init(_ matchers: [CompiledMatcher]) {
        self.matchers = matchers.filter { !$0.matcher.isRegex } + matchers.filter { $0.matcher.isRegex }
        answers = Array(repeating: [:], count: matchers.count)
    }

    /// The same answer as `CompiledMatcher.all(matchers, match: labels)`.
    mutating func matches(_ labels: LabelSet) -> Bool {
        for i in matchers.indices {
            let matcher = matchers[i]
            let value = labels[matcher.matcher.name] ?? ""
            let matched: Bool
            if !matcher.matcher.isRegex {
                matched = matcher.matches(value: value)
            } else if let known = answers[i][value] {
                matched = known
            } else {
                matched = matcher.matches(value: value)
                answers[i][value] = matched
            }
            if !matched { return false }
        }
        return true
    }
}
