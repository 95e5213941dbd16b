import Alerting
import Foundation
import NetsightModel
import Yams

/// Reads a rules file (`rules:` list, docs/alerting.md) into rule specs, strictly: an
/// unknown key is an error naming its line, as in the main configuration. Checks that need
/// the metric catalogue and the template parser (unknown metric, bad template, clear on
/// the wrong side) are `AlertRuleValidator`'s, run on the result.
enum AlertRulesFile {
    static let ruleKeys = [
        "name", "metric", "matchers", "match", "by", "above", "below", "equals", "clear", "for", "keep_firing_for", "severity",
        "labels", "summary", "runbook",
    ]

    static func parse(yaml: String, file: String) throws(ConfigurationError) -> [AlertRuleSpec] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigurationError(file: file, line: nil, key: "", problem: "not valid YAML: \(error)")
        }
        guard let root else { return [] }
        let top = try ConfigNode(node: root, path: "", file: file).mapping(allowed: ["rules"])
        guard let list = top["rules"] else { return [] }
        return try list.sequence().map { item throws(ConfigurationError) in try rule(item) }
    }

    static func rule(_ item: ConfigNode) throws(ConfigurationError) -> AlertRuleSpec {
        let f = try item.mapping(allowed: ruleKeys)
        guard let nameNode = f["name"] else { throw item.error("a rule needs a name") }
        let name = try nameNode.string()
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw nameNode.error("a rule name is letters, digits and _ (it becomes the alertname label), found \"\(name)\"")
        }
        guard let metricNode = f["metric"] else { throw item.error("rule \(name) needs a metric") }
        let thresholds = ["above", "below", "equals"].filter { f[$0] != nil }
        guard thresholds.count == 1, let key = thresholds.first, let thresholdNode = f[key] else {
            throw item.error("rule \(name) needs exactly one of above, below or equals")
        }
        let direction: AlertCondition.Direction = key == "above" ? .above : key == "below" ? .below : .equal
        let raise = try thresholdNode.double()
        var clear: Double?
        if let n = f["clear"] {
            if direction == .equal { throw n.error("clear is for above and below; equals clears when the value differs") }
            clear = try n.double()
        }
        var matchers: [LabelMatcher] = []
        if let n = f["matchers"] { matchers += try AlertMatcherConfig.matchers(n) }
        if let n = f["match"] {
            let m = try n.mappingOfStrings()
            matchers += m.sorted { $0.key < $1.key }.map { LabelMatcher(name: $0.key, value: $0.value) }
        }
        var severity = AlertSeverity.warning
        if let n = f["severity"] {
            let text = try n.string()
            guard let s = AlertSeverity(rawValue: text) else {
                throw n.error("expected one of \(AlertSeverity.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(text)\"")
            }
            severity = s
        }
        var labels = LabelSet()
        if let n = f["labels"] {
            for (k, v) in try n.mappingOfStrings() {
                if ["alertname", "severity"].contains(k) {
                    throw n.error("\(k) is set by the rule itself (name and severity)")
                }
                labels[k] = v
            }
        }
        return AlertRuleSpec(
            name: name, metric: try metricNode.string(), matchers: matchers, by: try f["by"]?.strings() ?? [],
            condition: AlertCondition(direction, raise: raise, clear: clear),
            forDuration: try f["for"]?.duration() ?? .zero, keepFiringFor: try f["keep_firing_for"]?.duration() ?? .zero,
            severity: severity, labels: labels, summary: try f["summary"]?.string() ?? "", runbook: try f["runbook"]?.string(),
            source: item.line.map { "\(item.file):\($0)" } ?? item.file)
    }
}

extension ConfigNode {
    /// A mapping whose keys are free (label names) and whose values are strings.
    func mappingOfStrings() throws(ConfigurationError) -> [String: String] {
        guard let m = node.mapping else { throw error("expected a mapping of names to values") }
        var out: [String: String] = [:]
        for (k, v) in m {
            let name = k.string ?? ""
            let child = ConfigNode(node: v, path: path.isEmpty ? name : "\(path).\(name)", file: file)
            guard Self.isLabelName(name) else { throw child.error("not a label name (letters, digits and _, not first a digit)") }
            guard out[name] == nil else { throw child.error("duplicate key") }
            out[name] = try child.string()
        }
        return out
    }

    static func isLabelName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
    }
}

/// Rule files as `netsight rules check` reads them: the same parser and checks as serve.
public enum AlertRuleFiles {
    /// Reads, parses and validates one rules file.
    public static func load(path: String) throws(ConfigurationError) -> [AlertRuleSpec] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: path, line: nil, key: "", problem: "cannot read: \(error.localizedDescription)")
        }
        let rules = try AlertRulesFile.parse(yaml: text, file: path)
        try AlertRulesCheck.validate(rules)
        return rules
    }

    /// Warnings about rules that load but look wrong (a matcher on a label their metric
    /// does not have).
    public static func warnings(_ rules: [AlertRuleSpec]) -> [String] {
        AlertRuleValidator.validate(rules).warnings
    }

    /// The rules every installation starts with.
    public static func defaults() throws(ConfigurationError) -> [AlertRuleSpec] {
        try AlertRulesFile.parse(yaml: DefaultAlertRules.yaml, file: "(default rules)")
    }
}
