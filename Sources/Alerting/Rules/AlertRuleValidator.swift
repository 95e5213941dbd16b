import NetsightModel

/// Checks a whole rule set at load, reporting every problem at once rather than the
/// first, so one edit-reload cycle fixes a file.
public enum AlertRuleValidator {
    public struct Result: Sendable {
        /// The rules that passed, in file order.
        public var rules: [CompiledRule]
        public var errors: [AlertRuleError]
        /// Suspicious but legal (a matcher on a label the metric lacks).
        public var warnings: [String]
    }

    public static func validate(_ specs: [AlertRuleSpec]) -> Result {
        var result = Result(rules: [], errors: [], warnings: [])
        var seen: [String: String] = [:]
        for spec in specs {
            if let first = seen[spec.name] {
                result.errors.append(
                    AlertRuleError(
                        rule: spec.name, source: spec.source, field: "name",
                        message: "duplicate rule name (first defined at \(first.isEmpty ? "an earlier rule" : first))"))
                continue
            }
            seen[spec.name] = spec.source
            do {
                let rule = try CompiledRule(spec)
                result.rules.append(rule)
                result.warnings += rule.warnings
            } catch {
                result.errors.append(error)
            }
        }
        return result
    }
}
