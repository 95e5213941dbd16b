import Alerting
import NetsightModel

/// Runs `AlertRuleValidator` on loaded rules and turns its first error into a
/// `ConfigurationError` naming the file, line, rule and field: what `netsight serve` does
/// at start and `netsight rules check` does from the command line.
enum AlertRulesCheck {
    @discardableResult
    static func validate(_ rules: [AlertRuleSpec]) throws(ConfigurationError) -> AlertRuleValidator.Result {
        let result = AlertRuleValidator.validate(rules)
        if let first = result.errors.first {
            let parts = first.source.split(separator: ":")
            let line = parts.count > 1 ? Int(parts[parts.count - 1]) : nil
            let file = line == nil ? first.source : parts.dropLast().joined(separator: ":")
            let more = result.errors.count > 1 ? " (and \(result.errors.count - 1) more)" : ""
            throw ConfigurationError(file: file, line: line, key: "rules.\(first.rule).\(first.field)", problem: first.message + more)
        }
        return result
    }
}
