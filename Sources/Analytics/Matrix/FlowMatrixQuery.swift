import NetsightModel

/// Traffic between two groupings, by default source site × destination site.
///
/// Sites come from ingest enrichment; where a flow's source or destination site is unknown
/// (empty) and `exporterSiteFallback` is on, the exporter's own site stands in for it: an
/// exporter sits at its site's edge, so an address it sees that matches no configured
/// site is, for a site-to-site view, best attributed to that edge. Off, unknown sites
/// show as an empty-named row or column.
public struct FlowMatrixQuery: Sendable {
    public let rowKey: FlowKey
    public let columnKey: FlowKey
    public let metric: FlowMetric
    /// Rows and columns kept (by their totals); the rest fold into "other". 0 keeps all.
    public let limit: Int
    public let filter: FlowFilter?
    public let window: FlowTimeWindow
    public let exporterSiteFallback: Bool
    let packer: KeyPacker

    public init(
        rowKey: FlowKey = .srcsite, columnKey: FlowKey = .dstsite, metric: FlowMetric = .bytes, limit: Int = 20,
        filter: FlowFilter? = nil, fromMillis: UInt64? = nil, toMillis: UInt64? = nil,
        windowMode: FlowWindowMode = .overlap, exporterSiteFallback: Bool = true
    ) throws(FlowQueryError) {
        guard limit >= 0 else { throw FlowQueryError("limit must be 0 (all) or more, not \(limit)") }
        if let f = fromMillis, let t = toMillis, t <= f {
            throw FlowQueryError("the window ends (\(t)) before or when it starts (\(f))")
        }
        self.packer = try KeyPacker(keys: [rowKey, columnKey], siteFallbackToExporter: exporterSiteFallback)
        self.rowKey = rowKey
        self.columnKey = columnKey
        self.metric = metric
        self.limit = limit
        self.filter = filter
        self.window = FlowTimeWindow(fromMillis: fromMillis, toMillis: toMillis, mode: windowMode)
        self.exporterSiteFallback = exporterSiteFallback
    }

    public var fields: FlowFieldSet {
        var f = FlowFieldSet([.startMillis, .endMillis, .bytes, .packets])
        f.formUnion(packer.fields)
        if let filter { f.formUnion(filter.fields) }
        return f
    }
}
