import Analytics
import NetsightModel

/// Answers flow queries from the store: each query is a pure function of the store's
/// contents and the query value, so the CLI, the HTTP API and tests get the same answer
/// from the same files, also while `serve` is writing them.
///
/// Top-N over a long window (`rollupThresholdMillis` or more) whose keys and filter use
/// only the rollup dimensions (exporter, interfaces, protocol, AS numbers, sites) is
/// answered from the per-minute rollups in SQLite instead of scanning raw flows: a week
/// of raw flows may be billions of rows, its rollups a few hundred thousand. Everything
/// else scans the raw columns it needs.
public struct FlowQueryEngine: Sendable {
    public let reader: FlowStoreReader
    public let metadata: MetadataStore?
    /// Windows at least this long use rollups when they can. Six hours: below that a raw
    /// scan is fast enough and exact to the millisecond; rollups are minute-granular.
    public var rollupThresholdMillis: UInt64 = 6 * 3_600_000
    /// Threads a raw scan uses (segments are shared out among them; each aggregates on
    /// its own and the partial results are merged). One per core by default.
    public var workers: Int = FlowStoreReader.defaultWorkers()

    /// The columns a rollup row can stand in for.
    static let rollupFields = FlowFieldSet([
        .startMillis, .endMillis, .bytes, .packets, .exporterName, .inputInterface, .outputInterface, .proto,
        .srcAS, .dstAS, .srcSite, .dstSite,
    ])

    public init(reader: FlowStoreReader, metadata: MetadataStore? = nil) {
        self.reader = reader
        self.metadata = metadata
    }

    public init(directory: String, metadata: MetadataStore? = nil) {
        self.init(reader: FlowStoreReader(directory: directory), metadata: metadata)
    }

    /// Which source answered a query, reported with the result (the CLI prints it with
    /// `--verbose`; tests check the choice).
    public enum Source: String, Sendable {
        case raw, rollups
    }

    /// Top-N: from rollups when the window is long and the query fits them, else a scan of
    /// only the raw columns the query reads.
    /// Configured exporter names by address (`exporters:`), so interface names learnt by
    /// SNMP polling also reach rows whose exporter shows under its configured name.
    public var exporterNames: [String: String] = [:]

    public func top(_ query: TopNQuery) throws -> (result: TopNResult, stats: FlowScanStats) {
        var answer = try topWithSource(query).answer
        nameInterfaces(&answer.result)
        return answer
    }

    /// Adds interface names (`TopNRow.keyNames`) when the grouping has the exporter and an
    /// interface. A failure to read the names leaves the numbers: the answer itself stands.
    func nameInterfaces(_ result: inout TopNResult) {
        guard let metadata, result.keys.contains(.exporter),
            result.keys.contains(.inif) || result.keys.contains(.outif),
            let names = try? metadata.flowInterfaceNames(exporterNames: exporterNames)
        else { return }
        result.nameInterfaces(names)
    }

    public func topWithSource(_ query: TopNQuery) throws -> (answer: (result: TopNResult, stats: FlowScanStats), source: Source) {
        if let metadata, canUseRollups(query) {
            var aggregator = FlowAggregator(query: query)
            let rows = try metadata.rollups(fromMillis: query.fromMillis ?? 0, toMillis: query.toMillis ?? .max)
            for row in rows {
                var r = FlowRecord()
                r.startMillis = row.minuteMillis
                r.endMillis = row.minuteMillis + 59_999
                r.exporterName = row.exporterName
                r.inputInterface = row.inputInterface
                r.outputInterface = row.outputInterface
                r.proto = row.proto
                r.srcAS = row.srcAS
                r.dstAS = row.dstAS
                r.srcSite = row.srcSite
                r.dstSite = row.dstSite
                r.bytes = row.bytes
                r.packets = row.packets
                aggregator.add(aggregated: r, flows: row.flows)
            }
            var stats = FlowScanStats()
            stats.records = rows.count
            return ((aggregator.result(), stats), .rollups)
        }
        let (parts, stats) = try reader.scanColumns(
            fromMillis: query.fromMillis ?? 0, toMillis: query.toMillis ?? .max, fields: query.fields, workers: workers,
            makeState: { FlowAggregator(query: query) }
        ) { aggregator, batch in aggregator.add(columns: batch) }
        var aggregator = parts[0]
        for other in parts.dropFirst() { aggregator.merge(other) }
        return ((aggregator.result(), stats), .raw)
    }

    func canUseRollups(_ query: TopNQuery) -> Bool {
        guard let from = query.fromMillis, let to = query.toMillis, to - from >= rollupThresholdMillis else { return false }
        guard query.window.mode == .overlap else { return false }
        return query.fields.isSubset(of: Self.rollupFields)
    }

    public func series(_ query: FlowSeriesQuery) throws -> (result: FlowSeriesResult, stats: FlowScanStats) {
        var aggregator = FlowSeriesAggregator(query: query)
        let stats = try reader.scan(fromMillis: query.fromMillis, toMillis: query.toMillis, fields: query.fields) {
            aggregator.add($0)
        }
        return (aggregator.result(), stats)
    }

    public func matrix(_ query: FlowMatrixQuery) throws -> (result: FlowMatrixResult, stats: FlowScanStats) {
        let (parts, stats) = try reader.scanColumns(
            fromMillis: query.window.fromMillis ?? 0, toMillis: query.window.toMillis ?? .max, fields: query.fields,
            workers: workers, makeState: { FlowMatrixAggregator(query: query) }
        ) { aggregator, batch in aggregator.add(columns: batch) }
        var aggregator = parts[0]
        for other in parts.dropFirst() { aggregator.merge(other) }
        return (aggregator.result(), stats)
    }
}
