import Alerting
import ArgumentParser
import NetsightModel
import NetsightServer

/// `netsight rules`: check rule files before deploying them, and list what rules can use.
struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "Check alerting rule files; list the metrics rules can use.",
        subcommands: [RulesCheckCommand.self, RulesMetricsCommand.self, RulesDefaultsCommand.self])
}

/// `netsight rules check FILE...`: the checks `netsight serve` makes at start, like
/// `promtool check rules`. Exit status 0 when every file is valid, 1 otherwise.
struct RulesCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate rule files (errors name the file, line, rule and field).")

    @Argument(help: "Rule files (YAML with a `rules:` list).")
    var files: [String]

    func run() async throws {
        var failed = false
        for file in files {
            do {
                let rules = try AlertRuleFiles.load(path: file)
                print("\(file): OK, \(rules.count) rule\(rules.count == 1 ? "" : "s")")
                for warning in AlertRuleFiles.warnings(rules) { print("  warning: \(warning)") }
            } catch {
                failed = true
                print(error)
            }
        }
        if failed { throw ExitCode.failure }
    }
}

/// `netsight rules metrics`: the metric catalogue with each metric's labels.
struct RulesMetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "metrics", abstract: "List the metrics rules can use.")

    func run() async throws {
        for metric in AlertMetricCatalog.all {
            let unit = metric.unit.isEmpty ? "" : " [\(metric.unit)]"
            print("\(metric.name)\(unit)  {\(metric.labels.joined(separator: ", "))}")
            print("    \(metric.help)")
        }
    }
}

/// `netsight rules defaults`: the shipped rules, as a starting point for a rules file.
struct RulesDefaultsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "defaults", abstract: "Print the shipped default rules.")

    func run() async throws {
        for rule in try AlertRuleFiles.defaults() {
            let threshold: String
            switch rule.condition.direction {
            case .above: threshold = "> \(number(rule.condition.raise)) (clears <= \(number(rule.condition.clear)))"
            case .below: threshold = "< \(number(rule.condition.raise)) (clears >= \(number(rule.condition.clear)))"
            case .equal: threshold = "== \(number(rule.condition.raise))"
            }
            let wait = rule.forDuration == .zero ? "" : " for \(rule.forDuration.components.seconds)s"
            print("\(rule.name): \(rule.metric) \(threshold)\(wait), \(rule.severity.rawValue)")
        }
    }

    /// 90 rather than 90.0; 0.1 stays 0.1.
    private func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
