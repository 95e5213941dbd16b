import NetsightModel
/// How segment files are named: `<root>/YYYY-MM-DD/HHMM-<writerID>.nsf` (UTC), where the
/// day and minute are those in which the writer *received* the flows. Readers prune by these
/// names, so most files outside a query window are never opened.
enum SegmentName {
    static let minuteMillis: UInt64 = 60_000
    static let dayMillis: UInt64 = 86_400_000

    /// `YYYY-MM-DD` of the UTC day holding `millis`.
    static func dayDirectory(_ millis: UInt64) -> String {
        let (y, m, d) = CivilDate.fromDays(Int(millis / dayMillis))
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    /// `HHMM-<writerID>` plus the sealed or open suffix.
    static func fileName(minuteMillis: UInt64, writerID: String, sealed: Bool) -> String {
        let minuteOfDay = Int((minuteMillis % dayMillis) / Self.minuteMillis)
        return pad(minuteOfDay / 60, 2) + pad(minuteOfDay % 60, 2) + "-" + writerID
            + (sealed ? FlowSegmentFormat.sealedSuffix : FlowSegmentFormat.openSuffix)
    }

    /// Path of a segment below `root`.
    static func path(root: String, minuteMillis: UInt64, writerID: String, sealed: Bool) -> String {
        root + "/" + dayDirectory(minuteMillis) + "/" + fileName(minuteMillis: minuteMillis, writerID: writerID, sealed: sealed)
    }

    /// Start of the day a `YYYY-MM-DD` directory stands for, or nil for other names.
    static func parseDay(_ name: String) -> UInt64? {
        let u = Array(name.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
            let y = number(u[0..<4]), let m = number(u[5..<7]), let d = number(u[8..<10]),
            (1...12).contains(m), (1...31).contains(d), y >= 1970
        else { return nil }
        return UInt64(CivilDate.days(year: y, month: m, day: d)) * dayMillis
    }

    /// A parsed segment file name.
    struct Parsed: Equatable {
        var minuteOfDay: Int
        var writerID: String
        var sealed: Bool
    }

    /// Parses `HHMM-<writerID>.nsf` or `.nsf.open`; nil for anything else.
    static func parseFile(_ name: String) -> Parsed? {
        let sealed: Bool
        let stem: Substring
        if name.hasSuffix(FlowSegmentFormat.openSuffix) {
            sealed = false
            stem = name.dropLast(FlowSegmentFormat.openSuffix.count)
        } else if name.hasSuffix(FlowSegmentFormat.sealedSuffix) {
            sealed = true
            stem = name.dropLast(FlowSegmentFormat.sealedSuffix.count)
        } else {
            return nil
        }
        let u = Array(stem.utf8)
        guard u.count >= 6, u[4] == UInt8(ascii: "-"), let hh = number(u[0..<2]), let mm = number(u[2..<4]),
            hh < 24, mm < 60
        else { return nil }
        return Parsed(minuteOfDay: hh * 60 + mm, writerID: String(stem.dropFirst(5)), sealed: sealed)
    }

    /// Writer IDs end up in file names: 1–64 characters of `[A-Za-z0-9_-]`.
    static func isValidWriterID(_ id: String) -> Bool {
        let u = Array(id.utf8)
        return (1...64).contains(u.count) && u.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
        }
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var v = 0
        for c in digits {
            guard c >= 0x30 && c <= 0x39 else { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        return v
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
