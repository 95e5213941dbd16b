import Analytics
import NetsightModel

/// Answers flow queries from the segment store: each query is a pure function of the
/// store's contents and the query value, so the CLI, the HTTP API and tests get the same
/// answer from the same files, also while `serve` is writing them.
public struct FlowQueryEngine: Sendable {
    public let reader: FlowStoreReader

    public init(reader: FlowStoreReader) {
        self.reader = reader
    }

    public init(directory: String) {
        self.init(reader: FlowStoreReader(directory: directory))
    }

    /// Top-N: scans only the columns the query reads, in the query's window.
    public func top(_ query: TopNQuery) throws -> (result: TopNResult, stats: FlowScanStats) {
        var aggregator = FlowAggregator(query: query)
        let stats = try reader.scan(
            fromMillis: query.fromMillis ?? 0, toMillis: query.toMillis ?? .max, fields: query.fields
        ) { aggregator.add($0) }
        return (aggregator.result(), stats)
    }

    public func series(_ query: FlowSeriesQuery) throws -> (result: FlowSeriesResult, stats: FlowScanStats) {
        var aggregator = FlowSeriesAggregator(query: query)
        let stats = try reader.scan(fromMillis: query.fromMillis, toMillis: query.toMillis, fields: query.fields) {
            aggregator.add($0)
        }
        return (aggregator.result(), stats)
    }

    public func matrix(_ query: FlowMatrixQuery) throws -> (result: FlowMatrixResult, stats: FlowScanStats) {
        var aggregator = FlowMatrixAggregator(query: query)
        let stats = try reader.scan(
            fromMillis: query.window.fromMillis ?? 0, toMillis: query.window.toMillis ?? .max, fields: query.fields
        ) { aggregator.add($0) }
        return (aggregator.result(), stats)
    }
}
