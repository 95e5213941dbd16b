/// How alerts are grouped and to whom they go, like one Alertmanager route. The config has
/// a list; an alert takes the first route whose matchers match (or every matching one with
/// `continue`), and the last route normally has no matchers.
public struct AlertRouteSpec: Sendable, Hashable {
    /// Names the route's groups in the notification log. Without one a group is keyed by the
    /// route's position, so inserting a route above it starts its groups afresh (their
    /// firing alerts are notified again); a name keeps them across such edits.
    public var name: String?
    public var matchers: [LabelMatcher]
    public var receivers: [String]
    /// Labels that make a group. `rootcause` is special: a symptom takes its root cause's
    /// group, so one incident is one notification even across sites.
    public var groupBy: [String]
    /// Wait this long after a group's first alert before the first notification, so the
    /// rest of a storm joins it.
    public var groupWait: Duration
    /// Wait this long before notifying changes to a group already notified.
    public var groupInterval: Duration
    /// Resend a still-firing, unchanged group this often (not when acknowledged).
    public var repeatInterval: Duration
    public var `continue`: Bool

    public init(
        name: String? = nil, matchers: [LabelMatcher] = [], receivers: [String], groupBy: [String] = ["site", "rootcause"],
        groupWait: Duration = .seconds(30), groupInterval: Duration = .seconds(300),
        repeatInterval: Duration = .seconds(14_400), continue: Bool = false
    ) {
        self.name = name
        self.matchers = matchers
        self.receivers = receivers
        self.groupBy = groupBy
        self.groupWait = groupWait
        self.groupInterval = groupInterval
        self.repeatInterval = repeatInterval
        self.continue = `continue`
    }
}
