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
    /// The snapshot metric the rule reads: its metric, or for a flow metric the samples
    /// summed by exactly its `by` keys (`FlowVolumeKey.seriesMetric`).
    public let seriesMetric: String
    /// For a flow metric, its `by` keys, sorted (what the snapshot must sum by).
    public let flowKeys: [FlowVolumeKey]?

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
        if AlertMetricCatalog.flowMetrics.contains(spec.metric) {
            var keys: [FlowVolumeKey] = []
            for name in spec.by {
                guard let key = FlowVolumeKey(rawValue: name) else {
                    throw fail("by", "unknown key \"\(name)\" (keys: \(FlowVolumeKey.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                guard !keys.contains(key) else { throw fail("by", "\"\(name)\" is listed twice") }
                keys.append(key)
            }
            keys.sort()
            flowKeys = keys
            seriesMetric = FlowVolumeKey.seriesMetric(spec.metric, by: keys)
        } else {
            if !spec.by.isEmpty { throw fail("by", "only flow metrics (flow_bps, flow_pps) are summed by keys; \(spec.metric) has its own series") }
            flowKeys = nil
            seriesMetric = spec.metric
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
        let labels = flowKeys.map { $0.map(\.rawValue) } ?? metric.labels
        let has = labels.isEmpty ? "no labels: add the key to `by`" : "it has \(labels.joined(separator: ", "))"
        return spec.matchers.filter { !labels.contains($0.name) }.map {
            AlertRuleError(
                rule: spec.name, source: spec.source, field: "matchers",
                message: "metric \(flowKeys == nil ? spec.metric : seriesMetric) has no label \"\($0.name)\" (\(has)); \($0) compares against an empty value"
            ).description
        }
    }
}
