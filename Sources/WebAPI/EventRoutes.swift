import Analytics
import Foundation
import Hummingbird
import NetsightModel
import Storage

/// `GET /api/v1/events`: stored SNMP traps and informs, newest first, for the dashboard
/// and for scripts. Parameters: `last` (default 1h) or `from`/`to` (the same forms as the
/// flow routes), `limit` (default 100, at most 10,000), and optional `device` / `trap`
/// (exact device name or address, trap name or OID) to narrow it down.
struct EventRoutes {
    let context: APIContext

    static let defaultLimit = 100
    static let maxLimit = 10_000

    func register(on router: Router<BasicRequestContext>) {
        router.get("api/v1/events") { request, _ -> Response in
            let query = try self.query(request)
            guard let metadata = self.context.metadata else {
                throw APIError(status: .serviceUnavailable, message: "this process keeps no event store", parameter: nil)
            }
            let events = try await Task.detached(priority: .userInitiated) {
                try metadata.events(fromMillis: query.from, toMillis: query.to, limit: query.filtered ? Self.maxLimit : query.limit)
            }.value
            let matching = events.filter { query.admits($0) }.prefix(query.limit)
            return try Response.json(EventList(fromMillis: query.from, toMillis: query.to, events: Array(matching)))
        }
    }

    struct Query {
        var from: UInt64
        var to: UInt64
        var limit: Int
        var device: String?
        var trap: String?
        var filtered: Bool { device != nil || trap != nil }

        func admits(_ e: SNMPEvent) -> Bool {
            if let device, e.deviceName != device && e.source.description != device { return false }
            if let trap, e.trapName != trap && e.trapOID != trap && "." + e.trapOID != trap { return false }
            return true
        }
    }

    func query(_ request: Request) throws -> Query {
        let p = try TimeWindow.parameters(request, known: ["last", "from", "to", "limit", "device", "trap"])
        let window = try TimeWindow(p, now: context.now())
        var limit = Self.defaultLimit
        if let text = p["limit"] {
            guard let n = Int(text), n >= 1, n <= Self.maxLimit else {
                throw APIError.badRequest("limit must be 1 ... \(Self.maxLimit), not \"\(text)\"", parameter: "limit")
            }
            limit = n
        }
        return Query(from: window.from, to: window.to, limit: limit, device: p["device"], trap: p["trap"])
    }
}

/// The body of `GET /api/v1/events`.
struct EventList: Encodable {
    var fromMillis: UInt64
    var toMillis: UInt64
    var events: [SNMPEvent]
}
