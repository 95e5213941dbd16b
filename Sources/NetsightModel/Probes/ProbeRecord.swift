import Foundation

/// A probe as the store knows it: its configuration summary and its latest result.
public struct ProbeRecord: Sendable, Equatable, Codable {
    public var id: String
    public var kind: ProbeKind
    public var target: String
    public var labels: [String: String]
    public var intervalMillis: Int64
    public var count: Int
    /// False for a probe that has results but is no longer in the configuration.
    public var configured: Bool
    public var latest: ProbeResult?
    /// Names of this probe's reactions that are raised now.
    public var raisedReactions: [String]

    public init(
        id: String, kind: ProbeKind, target: String, labels: [String: String], intervalMillis: Int64, count: Int,
        configured: Bool, latest: ProbeResult? = nil, raisedReactions: [String] = []
    ) {
        self.id = id
        self.kind = kind
        self.target = target
        self.labels = labels
        self.intervalMillis = intervalMillis
        self.count = count
        self.configured = configured
        self.latest = latest
        self.raisedReactions = raisedReactions
    }
}

/// A reaction raising or clearing: the event alerting consumes.
public struct ProbeReactionRecord: Sendable, Equatable, Codable {
    public var probeID: String
    public var reaction: String
    public var metric: ProbeMetric
    public var severity: String
    public var raised: Bool
    public var value: Double
    public var threshold: Double
    public var timestampMillis: Int64
    public var labels: [String: String]

    public init(
        probeID: String, reaction: String, metric: ProbeMetric, severity: String, raised: Bool, value: Double,
        threshold: Double, timestampMillis: Int64, labels: [String: String]
    ) {
        self.probeID = probeID
        self.reaction = reaction
        self.metric = metric
        self.severity = severity
        self.raised = raised
        self.value = value
        self.threshold = threshold
        self.timestampMillis = timestampMillis
        self.labels = labels
    }
}
