import NetsightModel

/// The matcher checks silences and maintenance windows share (Alertmanager's
/// `silence.validateSilence` and `labels.Matcher` rules).
enum MatcherListValidator {
    static func validate(_ matchers: [LabelMatcher]) throws(AlertValidationError) {
        if matchers.isEmpty { throw AlertValidationError(field: "matchers", problem: "at least one matcher is required") }
        var compiled: [CompiledMatcher] = []
        for (index, matcher) in matchers.enumerated() {
            if matcher.name.isEmpty { throw AlertValidationError(field: "matchers[\(index)].name", problem: "empty label name") }
            do {
                compiled.append(try CompiledMatcher(matcher))
            } catch {
                throw AlertValidationError(field: "matchers[\(index)].value", problem: error.message)
            }
        }
        // A set that matches an alert with no labels at all would mute everything.
        if compiled.allSatisfy({ $0.matches(value: "") }) {
            throw AlertValidationError(field: "matchers", problem: "every matcher matches the empty string, so this would match every alert")
        }
    }
}
