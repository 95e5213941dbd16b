import NetsightModel

/// Reads the time forms engineers type: epoch seconds, `2026-11-27T10:00:00Z`,
/// `2026-11-27 10:00[:00]`, and relative durations (`15m`, `1h`, `7d`). All times are UTC,
/// as in every timestamp Netsight prints.
public enum TimeText {
    /// Milliseconds since the epoch, or nil when `text` is none of the accepted forms.
    public static func parseInstant(_ text: String) -> UInt64? {
        if let secs = UInt64(text) { return secs * 1000 }
        var s = Substring(text)
        if s.hasSuffix("Z") { s = s.dropLast() }
        let parts = s.split(whereSeparator: { $0 == "T" || $0 == " " })
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        guard date.count == 3, let y = Int(date[0]), let m = Int(date[1]), let d = Int(date[2]),
            (1970...9999).contains(y), (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        var hh = 0, mm = 0, ss = 0
        if parts.count == 2 {
            let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
            guard time.count == 2 || time.count == 3, let h = Int(time[0]), let mi = Int(time[1]),
                (0...23).contains(h), (0...59).contains(mi)
            else { return nil }
            hh = h
            mm = mi
            if time.count == 3 {
                guard let sec = Int(time[2]), (0...59).contains(sec) else { return nil }
                ss = sec
            }
        }
        let days = CivilDate.days(year: y, month: m, day: d)
        return UInt64(days * 86_400 + hh * 3600 + mm * 60 + ss) * 1000
    }

    /// A positive duration like `90s`, `15m`, `1h`, `7d`, `2w` in milliseconds.
    public static func parseDuration(_ text: String) -> UInt64? {
        guard let unit = text.last, let n = UInt64(text.dropLast()), n > 0 else { return nil }
        let factor: UInt64
        switch unit {
        case "s": factor = 1000
        case "m": factor = 60_000
        case "h": factor = 3_600_000
        case "d": factor = 86_400_000
        case "w": factor = 604_800_000
        default: return nil
        }
        let (v, overflow) = n.multipliedReportingOverflow(by: factor)
        return overflow ? nil : v
    }
}
