import NetsightModel

/// The `alerting:` section: rules, how often they are evaluated, where notifications go
/// and how they are grouped (docs/alerting.md).
public struct AlertingConfiguration: Sendable, Equatable {
    /// 15 s: Prometheus' common evaluation interval, and a quarter of the default SNMP
    /// poll interval, so a change is seen within one poll.
    public var evaluationInterval: Duration = .seconds(15)
    /// The rules: the shipped defaults (unless `default_rules: false`) and those of
    /// `rule_files`, validated at load.
    public var rules: [AlertRuleSpec] = []
    public var ruleFiles: [String] = []
    public var defaultRules = true
    public var routes: [AlertRouteSpec] = []
    public var receivers: [ReceiverSpec] = []
    /// Nagios' defaults: a series starts flapping at 30% weighted state change over its
    /// last 21 states and stops at 20%.
    public var flapLowPercent = 20.0
    public var flapHighPercent = 30.0
    /// Resolved alerts stay listed this long (Prometheus keeps them 15 minutes).
    public var resolvedRetention: Duration = .seconds(900)
    /// After a root device recovers, its remaining symptoms stay attached to it this long:
    /// devices and interfaces behind it recover at their next poll, and those seconds of
    /// leftover faults are not news. Two minutes covers the default 60 s poll and an
    /// evaluation; a symptom still active after it is notified as a fault of its own.
    public var recoveryHold: Duration = .seconds(120)
    /// Flow-volume rules (`flow_bps`, `flow_pps`) read the rate over this many whole minutes
    /// before the current one: five smooths a burst and is nfsen's bucket.
    public var flowWindow: Duration = .seconds(300)
    /// A minute is read this long after it ends, when its flows have arrived: exporters send
    /// a flow up to their active timeout (commonly 60 s) after it ends.
    public var flowDelay: Duration = .seconds(60)
    /// Alert history (the noise report's input) and the notification log: 90 days.
    public var historyRetention: Duration = .seconds(90 * 86_400)
    /// Links in notifications point here (Alertmanager's externalURL).
    public var externalURL = ""
    /// Learn parent/child links from LLDP for root-cause analysis, besides `parents:`.
    public var useLLDP = true

    public init() {}
}
