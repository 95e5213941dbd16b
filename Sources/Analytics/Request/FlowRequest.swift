import NetsightModel

/// The parameters `netsight flows top|series|matrix` and `GET /api/v1/flows/...` share,
/// read from name/value pairs, so the CLI and the HTTP API accept exactly the same words
/// and report exactly the same errors.
///
/// Names: `by` (repeatable or comma-separated), `metric`, `last`, `from`, `to`, `filter`,
/// `limit`, `step`, `topk`, `window` (`overlap` or `nfdump`).
public struct FlowRequest: Sendable {
    public var keys: [FlowKey] = [.srcip]
    /// True when `by` was given; a series is split per key only then.
    public var keysGiven = false
    public var metric: FlowMetric = .bytes
    public var fromMillis: UInt64
    public var toMillis: UInt64
    public var filter: FlowFilter?
    public var filterText = ""
    public var limit = 10
    public var stepMillis: UInt64?
    public var topK = 5
    public var windowMode: FlowWindowMode = .overlap

    /// The window when none is given: the last hour, the span engineers look at first.
    public static let defaultSpanMillis: UInt64 = 3_600_000

    /// - Parameters:
    ///   - parameters: name/value pairs in order; repeated `by` accumulate.
    ///   - now: the current time in epoch milliseconds (injected, for `last`).
    public init(parameters: [(String, String)], now: UInt64) throws(FlowRequestError) {
        var keys: [FlowKey] = []
        var last: UInt64?
        var from: UInt64?
        var to: UInt64?
        let known = ["by", "metric", "last", "from", "to", "filter", "limit", "step", "topk", "window", "format"]
        for (name, value) in parameters {
            switch name {
            case "by":
                for part in value.split(separator: ",") {
                    let word = part.trimmingSpaces.lowercased()
                    guard let k = FlowKey(rawValue: word) else {
                        throw FlowRequestError(
                            parameter: "by",
                            problem: "unknown key \"\(word)\" (known: \(FlowKey.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    keys.append(k)
                }
            case "metric":
                guard let m = FlowMetric(rawValue: value.lowercased()) else {
                    throw FlowRequestError(parameter: "metric", problem: "expected bytes, packets or flows, not \"\(value)\"")
                }
                metric = m
            case "last":
                guard let d = TimeText.parseDuration(value) else {
                    throw FlowRequestError(parameter: "last", problem: "expected a duration such as 15m, 1h or 7d, not \"\(value)\"")
                }
                last = d
            case "from", "to":
                guard let t = TimeText.parseInstant(value) else {
                    throw FlowRequestError(
                        parameter: name,
                        problem: "expected epoch seconds or a UTC time such as 2026-11-27T10:00:00Z, not \"\(value)\"")
                }
                if name == "from" { from = t } else { to = t }
            case "filter":
                filterText = value
                do {
                    filter = try FlowFilter.parse(value)
                } catch {
                    throw FlowRequestError(parameter: "filter", problem: error.description)
                }
            case "limit":
                guard let n = Int(value), n >= 0, n <= 1_000_000 else {
                    throw FlowRequestError(parameter: "limit", problem: "expected a whole number from 0 (all) to 1000000, not \"\(value)\"")
                }
                limit = n
            case "step":
                guard let d = TimeText.parseDuration(value) else {
                    throw FlowRequestError(parameter: "step", problem: "expected a duration such as 1m or 5m, not \"\(value)\"")
                }
                stepMillis = d
            case "topk":
                guard let n = Int(value), (1...100).contains(n) else {
                    throw FlowRequestError(parameter: "topk", problem: "expected a whole number from 1 to 100, not \"\(value)\"")
                }
                topK = n
            case "window":
                switch value {
                case "overlap": windowMode = .overlap
                case "nfdump": windowMode = .nfdumpContained
                default: throw FlowRequestError(parameter: "window", problem: "expected overlap or nfdump, not \"\(value)\"")
                }
            case "format":
                continue  // the caller's business (CLI and HTTP render differently)
            default:
                throw FlowRequestError(parameter: name, problem: "unknown parameter (known: \(known.joined(separator: ", ")))")
            }
        }
        if last != nil, from != nil || to != nil {
            throw FlowRequestError(parameter: "last", problem: "give either last or from/to, not both")
        }
        if !keys.isEmpty {
            self.keys = keys
            keysGiven = true
        }
        let end = to ?? now
        let start = from ?? (end &- (last ?? Self.defaultSpanMillis))
        guard end > start else {
            throw FlowRequestError(parameter: "to", problem: "the window must end after it starts")
        }
        fromMillis = start
        toMillis = end
    }

    public func topNQuery() throws(FlowRequestError) -> TopNQuery {
        do {
            return try TopNQuery(
                keys: keys, metric: metric, limit: limit, filter: filter, fromMillis: fromMillis, toMillis: toMillis,
                windowMode: windowMode)
        } catch {
            throw FlowRequestError(parameter: "by", problem: error.description)
        }
    }

    /// A series query, split per key when `by` was given. With no `step`, the window is cut
    /// into about 60 points, each a whole number of minutes (flows are exported in minute
    /// rhythms, so finer steps only show export jitter).
    public func seriesQuery() throws(FlowRequestError) -> FlowSeriesQuery {
        let span = toMillis - fromMillis
        let step = stepMillis ?? max(60_000, (span / 60 + 59_999) / 60_000 * 60_000)
        do {
            return try FlowSeriesQuery(
                fromMillis: fromMillis, toMillis: toMillis, stepMillis: step, metric: metric,
                keys: keysGiven ? keys : [], topK: topK, filter: filter)
        } catch {
            throw FlowRequestError(parameter: "step", problem: error.description)
        }
    }

    public func matrixQuery() throws(FlowRequestError) -> FlowMatrixQuery {
        do {
            return try FlowMatrixQuery(
                metric: metric, limit: limit == 10 ? 20 : limit, filter: filter, fromMillis: fromMillis,
                toMillis: toMillis, windowMode: windowMode)
        } catch {
            throw FlowRequestError(parameter: "limit", problem: error.description)
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
