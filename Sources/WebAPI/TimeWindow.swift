import Analytics
import Hummingbird

/// The time window of a query, in milliseconds since the epoch: `last` (a duration
/// back from `to` or now, default 1h) or `from`, optionally with `to`. Shared by the
/// routes that answer "what happened between these times" (events, rate series).
struct TimeWindow: Sendable, Equatable {
    var from: UInt64
    var to: UInt64

    /// Reads `last`, `from` and `to` from `parameters`; a bad one is a 400 naming it.
    init(_ parameters: [String: String], now: UInt64, defaultLast: String = "1h") throws {
        to = now
        if let text = parameters["to"] {
            guard let t = TimeText.parseInstant(text) else {
                throw APIError.badRequest("not a time: \"\(text)\" (epoch seconds or 2026-11-27T10:00:00Z)", parameter: "to")
            }
            to = t
        }
        if let text = parameters["from"] {
            guard parameters["last"] == nil else { throw APIError.badRequest("give either last or from, not both", parameter: "last") }
            guard let f = TimeText.parseInstant(text) else {
                throw APIError.badRequest("not a time: \"\(text)\" (epoch seconds or 2026-11-27T10:00:00Z)", parameter: "from")
            }
            from = f
        } else {
            let text = parameters["last"] ?? defaultLast
            guard let d = TimeText.parseDuration(text), d > 0 else {
                throw APIError.badRequest("not a duration: \"\(text)\" (e.g. 15m, 1h, 7d)", parameter: "last")
            }
            from = to > d ? to - d : 0
        }
        guard from <= to else { throw APIError.badRequest("the window ends before it starts", parameter: "to") }
    }

    /// The query parameters of `request` as a dictionary, refusing any not in `known`.
    static func parameters(_ request: Request, known: [String]) throws -> [String: String] {
        var p: [String: String] = [:]
        for (k, v) in request.uri.queryParameters {
            let key = String(k)
            guard known.contains(key) else {
                throw APIError.badRequest("unknown parameter (known: \(known.joined(separator: ", ")))", parameter: key)
            }
            p[key] = String(v)
        }
        return p
    }
}
