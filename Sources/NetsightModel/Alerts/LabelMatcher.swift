/// One label condition, in the shape of Alertmanager's v2 API (`name`, `value`, `isRegex`,
/// `isEqual`) so silences written for Alertmanager keep working. Rules, routes, silences
/// and maintenance windows all select alerts with these.
///
/// Semantics follow Alertmanager: a regex is anchored at both ends; an absent label
/// matches as the empty string (so `severity!="critical"` matches an alert without a
/// severity). Matching lives in the Alerting target (`CompiledMatcher`), which compiles
/// the regex once.
public struct LabelMatcher: Sendable, Hashable, Codable, CustomStringConvertible {
    public var name: String
    public var value: String
    public var isRegex: Bool
    /// false for `!=` and `!~`.
    public var isEqual: Bool

    public init(name: String, value: String, isRegex: Bool = false, isEqual: Bool = true) {
        self.name = name
        self.value = value
        self.isRegex = isRegex
        self.isEqual = isEqual
    }

    public var operatorText: String {
        switch (isRegex, isEqual) {
        case (false, true): "="
        case (false, false): "!="
        case (true, true): "=~"
        case (true, false): "!~"
        }
    }

    /// `name="value"`, amtool's form (escaping `"` and `\`).
    public var description: String {
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\(name)\(operatorText)\"\(escaped)\""
    }

    private enum CodingKeys: String, CodingKey { case name, value, isRegex, isEqual }

    /// `isEqual` is optional in Alertmanager's API (older clients omit it): default true.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        value = try c.decode(String.self, forKey: .value)
        isRegex = try c.decodeIfPresent(Bool.self, forKey: .isRegex) ?? false
        isEqual = try c.decodeIfPresent(Bool.self, forKey: .isEqual) ?? true
    }
}
