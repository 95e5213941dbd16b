import NetsightModel

/// A plain aligned text table: two spaces between columns, text left, numbers right,
/// no trailing spaces (so golden-string tests and `diff` stay clean).
struct TextTable {
    enum Alignment { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []

    init(_ columns: [(String, Alignment)]) {
        headers = columns.map(\.0)
        alignments = columns.map(\.1)
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    func render() -> String {
        var widths = headers.map(\.count)
        for r in rows { for (i, cell) in r.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            var out = ""
            for (i, cell) in cells.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                if i > 0 { out += "  " }
                out += alignments[i] == .left ? cell + pad : pad + cell
            }
            while out.last == " " { out.removeLast() }
            return out
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}

/// CSV per RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled.
enum CSV {
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingQuotes() + "\""
    }

    static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }
}

private extension String {
    func replacingQuotes() -> String {
        var out = ""
        for c in self {
            if c == "\"" { out += "\"\"" } else { out.append(c) }
        }
        return out
    }
}

/// UTC calendar text from epoch milliseconds, without Foundation.
public enum UTCTime {
    /// "2024-07-11T09:15:00.123Z": RFC 3339 with milliseconds, for machine-readable output.
    public static func rfc3339(_ millis: UInt64) -> String {
        let t = text(millis)
        let ms = millis % 1000
        let frac = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return t.replacingSpaceWithT() + ".\(frac)Z"
    }

    /// "2024-07-11 09:15:00".
    public static func text(_ millis: UInt64) -> String {
        let secs = Int64(millis / 1000)
        let days = secs / 86_400
        let rem = secs % 86_400
        let (y, m, d) = CivilDate.fromDays(Int(days))
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let r = Int(rem)
        return "\(y)-\(two(m))-\(two(d)) \(two(r / 3600)):\(two(r % 3600 / 60)):\(two(r % 60))"
    }
}

extension String {
    fileprivate func replacingSpaceWithT() -> String {
        String(map { $0 == " " ? "T" : $0 })
    }
}
