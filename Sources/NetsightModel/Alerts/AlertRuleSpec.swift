/// One alerting rule from a rules file: a threshold with hysteresis on one metric, for
/// every series of that metric the matchers select.
///
/// ```yaml
/// - name: InterfaceUtilisationHigh
///   metric: interface_utilisation_percent
///   matchers: ['site="ldn"', 'ifname=~"xe-.*"']
///   above: 90          # raise when > 90 ...
///   clear: 80          # ... and resolve only when back <= 80
///   for: 5m
///   severity: warning
///   labels: {team: neteng}
///   summary: "{{ $labels.device }} {{ $labels.ifname }} at {{ $value }}%"
///   runbook: https://wiki.example/runbooks/utilisation
/// ```
///
/// A raise and a separate clear threshold (hysteresis) keep a value hovering at the limit
/// from opening and closing an alert every evaluation, which plain Prometheus rules do.
public struct AlertRuleSpec: Sendable, Hashable {
    /// Unique in the rule set; the alert's `alertname` label.
    public var name: String
    /// A name from the metric catalogue (`AlertMetricCatalog` in Alerting).
    public var metric: String
    public var matchers: [LabelMatcher]
    /// For flow metrics (`flow_bps`, `flow_pps`): the keys traffic is summed by, one series
    /// per distinct combination (empty: all traffic as one series). Unused otherwise.
    public var by: [String]
    public var condition: AlertCondition
    /// How long the condition must hold before the alert fires (0: at once).
    public var forDuration: Duration
    /// How long a fired alert keeps firing after the condition cleared (0: resolve at once).
    /// Smooths a value that dips below clear for one evaluation.
    public var keepFiringFor: Duration
    public var severity: AlertSeverity
    /// Added to every alert of the rule; they win over the series' labels.
    public var labels: LabelSet
    /// Template text, validated at load (`AlertTemplate` in Alerting).
    public var summary: String
    public var runbook: String?
    /// Where the rule came from, for messages: "rules.yaml:12".
    public var source: String

    public init(
        name: String, metric: String, matchers: [LabelMatcher] = [], by: [String] = [], condition: AlertCondition,
        forDuration: Duration = .zero, keepFiringFor: Duration = .zero, severity: AlertSeverity = .warning,
        labels: LabelSet = LabelSet(), summary: String = "", runbook: String? = nil, source: String = ""
    ) {
        self.name = name
        self.metric = metric
        self.matchers = matchers
        self.by = by
        self.condition = condition
        self.forDuration = forDuration
        self.keepFiringFor = keepFiringFor
        self.severity = severity
        self.labels = labels
        self.summary = summary
        self.runbook = runbook
        self.source = source
    }
}

/// A threshold with hysteresis. For `.above`, the condition raises when value > raise and
/// clears when value <= clear (clear <= raise); `.below` mirrors it. `.equal` raises when
/// value == raise and clears when it differs (for status metrics like `device_up == 0`).
public struct AlertCondition: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable, Codable { case above, below, equal }

    public var direction: Direction
    public var raise: Double
    public var clear: Double

    public init(_ direction: Direction, raise: Double, clear: Double? = nil) {
        self.direction = direction
        self.raise = raise
        self.clear = clear ?? raise
    }

    /// True when `value` is past the raise threshold.
    public func raises(_ value: Double) -> Bool {
        switch direction {
        case .above: value > raise
        case .below: value < raise
        case .equal: value == raise
        }
    }

    /// True when `value` is back on the good side of the clear threshold.
    public func clears(_ value: Double) -> Bool {
        switch direction {
        case .above: value <= clear
        case .below: value >= clear
        case .equal: value != raise
        }
    }
}
