import Alerting
import NetsightModel

/// Checks loaded rules against the metric catalogue: what `netsight serve` does at start
/// and `netsight rules check` does from the command line.
enum AlertRulesCheck {
    static func validate(_ rules: [AlertRuleSpec]) throws(ConfigurationError) {
        var seen: [String: String] = [:]
        for rule in rules {
            if let first = seen[rule.name] {
                throw error(rule, "name", "rule \(rule.name) is defined twice (first at \(first))")
            }
            seen[rule.name] = rule.source
            if AlertMetricCatalog.byName[rule.metric] == nil {
                let hint = AlertMetricCatalog.suggestions(for: rule.metric)
                throw error(rule, "metric", "unknown metric \"\(rule.metric)\"" + (hint.isEmpty ? "" : "; did you mean \(hint.joined(separator: ", "))?"))
            }
        }
    }

    static func error(_ rule: AlertRuleSpec, _ field: String, _ problem: String) -> ConfigurationError {
        let parts = rule.source.split(separator: ":")
        let line = parts.count > 1 ? Int(parts[parts.count - 1]) : nil
        let file = line == nil ? rule.source : parts.dropLast().joined(separator: ":")
        return ConfigurationError(file: file, line: line, key: "rules.\(rule.name).\(field)", problem: problem)
    }
}
