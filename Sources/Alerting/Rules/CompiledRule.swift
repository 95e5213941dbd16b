import NetsightModel

/// A rule ready to evaluate: matchers compiled, summary template parsed, and the equality
/// matchers picked out so the engine can look series up instead of scanning the metric.
public struct CompiledRule: Sendable {
    public let spec: AlertRuleSpec
    public let matchers: [CompiledMatcher]
    public let template: AlertTemplate
    /// Positive, non-regex, non-empty matchers (`device="sw-3"`): each names an index
    /// bucket that holds every series the rule can match.
    let equalities: [(name: String, value: String)]

    /// - Throws: the first problem that makes the rule unusable (see `AlertRuleValidator`
    ///   for all of them at once, with warnings).
    public init(_ spec: AlertRuleSpec) throws(AlertRuleError) {
        func fail(_ field: String, _ message: String) -> AlertRuleError {
            AlertRuleError(rule: spec.name, source: spec.source, field: field, message: message)
        }
        if spec.name.isEmpty { throw fail("name", "missing") }
        if AlertMetricCatalog.byName[spec.metric] == nil {
            let suggestions = AlertMetricCatalog.suggestions(for: spec.metric)
            let hint = suggestions.isEmpty ? "" : "; did you mean " + suggestions.map { "\"\($0)\"" }.joined(separator: ", ") + "?"
            throw fail("metric", "unknown metric \"\(spec.metric)\"" + hint)
        }
        var compiled: [CompiledMatcher] = []
        for matcher in spec.matchers {
            do {
                compiled.append(try CompiledMatcher(matcher))
            } catch {
                throw fail("matchers", error.message)
            }
        }
        let condition = spec.condition
        if !condition.raise.isFinite || !condition.clear.isFinite { throw fail("condition", "thresholds must be finite numbers") }
        switch condition.direction {
        case .above where condition.clear > condition.raise:
            throw fail("clear", "clear \(condition.clear) is above the raise threshold \(condition.raise); with `above` it must be <= it")
        case .below where condition.clear < condition.raise:
            throw fail("clear", "clear \(condition.clear) is below the raise threshold \(condition.raise); with `below` it must be >= it")
        case .equal where condition.clear != condition.raise:
            throw fail("clear", "`equal` has no separate clear threshold")
        default: break
        }
        if spec.forDuration < .zero { throw fail("for", "negative duration \(spec.forDuration)") }
        if spec.keepFiringFor < .zero { throw fail("keep_firing_for", "negative duration \(spec.keepFiringFor)") }
        do {
            template = try AlertTemplate(spec.summary)
        } catch {
            throw fail("summary", error.description)
        }
        self.spec = spec
        matchers = compiled
        equalities = spec.matchers.filter { !$0.isRegex && $0.isEqual && !$0.value.isEmpty }.map { ($0.name, $0.value) }
    }

    /// Matchers on labels the metric's series never carry: legal (they match as empty),
    /// but almost always a typo, so the loader prints them.
    public var warnings: [String] {
        guard let metric = AlertMetricCatalog.byName[spec.metric] else { return [] }
        return spec.matchers.filter { !metric.labels.contains($0.name) }.map {
            AlertRuleError(
                rule: spec.name, source: spec.source, field: "matchers",
                message: "metric \(spec.metric) has no label \"\($0.name)\" (it has \(metric.labels.joined(separator: ", "))); \($0) compares against an empty value"
            ).description
        }
    }
}
