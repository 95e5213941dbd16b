import Alerting
import NetsightModel

/// Reads a `matchers:` list. Each entry is either matcher text as amtool writes it
/// (`site="ldn"`, `ifname=~"xe-.*"`) or Alertmanager's API object (`{name, value,
/// isRegex, isEqual}`), so a matcher can be copied from either tool.
enum AlertMatcherConfig {
    static func matchers(_ node: ConfigNode) throws(ConfigurationError) -> [LabelMatcher] {
        try node.sequence().map { item throws(ConfigurationError) in
            let matcher: LabelMatcher
            if item.node.scalar != nil {
                matcher = try text(item)
            } else {
                let m = try item.mapping(allowed: ["name", "value", "isRegex", "isEqual"])
                guard let name = m["name"], let value = m["value"] else { throw item.error("a matcher needs name and value") }
                matcher = LabelMatcher(
                    name: try name.string(), value: try value.string(), isRegex: try m["isRegex"]?.bool() ?? false,
                    isEqual: try m["isEqual"]?.bool() ?? true)
            }
            guard ConfigNode.isLabelName(matcher.name) else { throw item.error("not a label name: \"\(matcher.name)\"") }
            do throws(MatcherError) {
                _ = try CompiledMatcher(matcher)
            } catch {
                throw item.error(error.message)
            }
            return matcher
        }
    }

    private static func text(_ item: ConfigNode) throws(ConfigurationError) -> LabelMatcher {
        let text = try item.string()
        do throws(MatcherError) {
            return try LabelMatcher.parse(text)
        } catch {
            throw item.error(error.message)
        }
    }
}
