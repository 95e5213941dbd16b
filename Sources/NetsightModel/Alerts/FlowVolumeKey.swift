/// The keys flow-volume alert rules can sum traffic by (`by:` of a `flow_bps`/`flow_pps`
/// rule): the dimensions the per-minute flow rollups keep, named as in flow queries.
public enum FlowVolumeKey: String, Sendable, Hashable, CaseIterable, Comparable {
    case exporter, inif, outif, proto, srcas, dstas, srcsite, dstsite

    public static func < (a: FlowVolumeKey, b: FlowVolumeKey) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The metric name a snapshot gives the samples of one grouping, so each rule sees only
    /// the series summed by exactly its keys: `flow_bps by srcsite,dstsite`.
    public static func seriesMetric(_ metric: String, by keys: [FlowVolumeKey]) -> String {
        "\(metric) by \(keys.sorted().map(\.rawValue).joined(separator: ","))"
    }
}
