import Analytics
import ArgumentParser

/// `netsight flows series`: one metric over time, optionally one line per key.
struct FlowsSeriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "series", abstract: "A time series of one metric, optionally per key (--by) for the top --topk keys.")

    @OptionGroup var options: FlowQueryOptions

    @Option(name: .long, help: "Bucket width, e.g. 1m, 5m (default: about 60 points).")
    var step: String?

    @Option(name: .long, help: "With --by, how many keys get their own line (the rest is 'other').")
    var topk: Int?

    @Flag(name: .long, help: "Show rates (per second; bytes as bit/s) instead of totals per bucket.")
    var rates = false

    func run() throws {
        var extra: [(String, String)] = []
        if let step { extra.append(("step", step)) }
        if let topk { extra.append(("topk", String(topk))) }
        let query: FlowSeriesQuery
        do {
            query = try options.request(extra: extra).seriesQuery()
        } catch let e as FlowRequestError {
            throw ValidationError("--\(e.parameter): \(e.problem)")
        }
        let (result, _) = try options.engine().series(query)
        switch options.format {
        case .table: print(result.table(rates: rates), terminator: "")
        case .csv: print(result.csv(rates: rates), terminator: "")
        case .json: try options.emit(json: result)
        }
    }
}
