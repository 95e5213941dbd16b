/// The newest value of one series, as the alert evaluator sees it: `interface_oper_up
/// {device="sw-3", ifname="ge-0/0/1", site="ldn"} = 0`. The server builds a snapshot of
/// these from the store before every evaluation; rules never read the store themselves.
public struct MetricSample: Sendable, Hashable {
    public var metric: String
    public var labels: LabelSet
    public var value: Double
    /// When the value was measured (ms since 1970), so a stale series can be told apart.
    public var timestampMillis: Int64

    public init(metric: String, labels: LabelSet, value: Double, timestampMillis: Int64) {
        self.metric = metric
        self.labels = labels
        self.value = value
        self.timestampMillis = timestampMillis
    }
}
