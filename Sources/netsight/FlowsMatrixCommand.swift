import Analytics
import ArgumentParser

/// `netsight flows matrix`: traffic from each site to each site.
struct FlowsMatrixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matrix", abstract: "Site-to-site traffic matrix (source site rows, destination site columns).")

    @OptionGroup var options: FlowQueryOptions

    func run() throws {
        let query: FlowMatrixQuery
        do {
            query = try options.request().matrixQuery()
        } catch let e as FlowRequestError {
            throw ValidationError("--\(e.parameter): \(e.problem)")
        }
        let (result, _) = try options.engine().matrix(query)
        switch options.format {
        case .table: print(result.table(), terminator: "")
        case .csv: print(result.csv(), terminator: "")
        case .json: try options.emit(json: result)
        }
    }
}
