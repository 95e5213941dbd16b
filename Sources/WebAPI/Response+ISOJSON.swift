import Foundation
import Hummingbird

extension Response {
    /// A `status` answer with `value` as JSON, dates as RFC 3339 with milliseconds (what
    /// Alertmanager's API sends and its clients parse), keys sorted.
    static func isoJSON(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(RFC3339.format(date))
        }
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// RFC 3339 times as Alertmanager's API writes and reads them: `2026-11-28T07:00:00.000Z`,
/// with or without fractional seconds, any offset.
enum RFC3339 {
    static func format(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }

    static func parse(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)
    }
}

extension Date {
    init(millis: UInt64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}

extension APIContext {
    /// `last` (default `defaultLast`) or `from`/`to`, plus the route's own parameters.
    func window(_ request: Request, defaultLast: String, known: [String] = []) throws -> (from: Date, to: Date, query: [String: String]) {
        let query = try TimeWindow.parameters(request, known: ["last", "from", "to"] + known)
        let w = try TimeWindow(query, now: now(), defaultLast: defaultLast)
        return (Date(millis: w.from), Date(millis: w.to), query)
    }
}
