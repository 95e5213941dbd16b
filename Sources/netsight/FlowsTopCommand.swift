import Analytics
import ArgumentParser

/// `netsight flows top`: who uses the link. The same ranking as `nfdump -s`.
struct FlowsTopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top", abstract: "Top talkers: the largest groups of flows by bytes, packets or flows.")

    @OptionGroup var options: FlowQueryOptions

    func run() throws {
        let query: TopNQuery
        do {
            query = try options.request().topNQuery()
        } catch let e as FlowRequestError {
            throw ValidationError("--\(e.parameter): \(e.problem)")
        }
        let (result, _) = try options.engine().top(query)
        switch options.format {
        case .table: print(result.table(), terminator: "")
        case .csv: print(result.csv(), terminator: "")
        case .json: try options.emit(json: result)
        }
    }
}
