/// A problem with one rule, naming the rule, where it came from and the field, so the
/// loader can print "rules.yaml:12: rule HighCPU: metric: unknown metric ...".
public struct AlertRuleError: Error, Sendable, Hashable, CustomStringConvertible {
    public var rule: String
    public var source: String
    public var field: String
    public var message: String

    public init(rule: String, source: String, field: String, message: String) {
        self.rule = rule
        self.source = source
        self.field = field
        self.message = message
    }

    public var description: String {
        (source.isEmpty ? "" : "\(source): ") + "rule \(rule): \(field): \(message)"
    }
}
