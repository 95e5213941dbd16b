import Analytics
import Foundation
import Hummingbird
import Storage

/// `GET /api/v1/flows/top|series|matrix`: the same parameters as `netsight flows ...`
/// (`by`, `metric`, `last`, `from`, `to`, `filter`, `limit`, `step`, `topk`, `window`),
/// answered as JSON. A bad parameter is a 400 naming it.
struct FlowRoutes {
    let context: APIContext

    func register(on router: Router<BasicRequestContext>) {
        let group = router.group("api/v1/flows")
        group.get("top") { request, _ -> Response in
            let q = try self.request(request).topNQuery()
            let (result, _) = try await self.run { try self.context.flows.top(q) }
            return try Response.json(result)
        }
        group.get("series") { request, _ -> Response in
            let q = try self.request(request).seriesQuery()
            let (result, _) = try await self.run { try self.context.flows.series(q) }
            return try Response.json(result)
        }
        group.get("matrix") { request, _ -> Response in
            let q = try self.request(request).matrixQuery()
            let (result, _) = try await self.run { try self.context.flows.matrix(q) }
            return try Response.json(result)
        }
    }

    private func request(_ request: Request) throws -> FlowRequest {
        let pairs = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        do {
            return try FlowRequest(parameters: pairs, now: context.now())
        } catch {
            throw APIError.badRequest(error.problem, parameter: error.parameter)
        }
    }

    /// Runs a store scan off the event loop: scans read files and may take a second.
    private func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        do {
            return try await Task.detached(priority: .userInitiated) { try body() }.value
        } catch let error as FlowRequestError {
            throw APIError.badRequest(error.problem, parameter: error.parameter)
        }
    }
}
