import Foundation
import NetsightModel

/// What alerting did over a period, so engineers can tune it: per day and per rule, alerts
/// raised against notifications delivered, the compression ratio, the flappiest series and
/// the noisiest rules (issue 5, "a noise report").
///
/// Counted from the alert history (`AlertEvent`s): a `raised` event is one alert raised; a
/// `notified` event is written once per alert per delivered notification, and its
/// `detail` is the notification's id, so notifications are counted as distinct ids per
/// receiver. Compression is 1 − notifications / raised (0 when nothing was raised).
public struct NoiseReport: Sendable, Hashable, Codable {
    public struct Row: Sendable, Hashable, Codable {
        /// `YYYY-MM-DD` in the report's time zone; "" for the totals row.
        public var day: String
        /// "" for a day's row over every rule.
        public var rule: String
        public var raised: Int
        public var notifications: Int
        public var flapping: Int
        public var deliveryFailures: Int
        public var compression: Double
    }

    public struct Series: Sendable, Hashable, Codable {
        public var alertID: String
        public var rule: String
        public var raised: Int
        public var flappingStarted: Int
    }

    public var from: Date
    public var to: Date
    public var timeZone: String
    public var totals: Row
    public var days: [Row]
    public var rules: [Row]
    /// Per day and rule, for the dashboard's table.
    public var dayRules: [Row]
    public var flappiest: [Series]
    public var noisiestRules: [Row]

    /// - Parameter top: how many series and rules the two rankings keep.
    public static func build(events: [AlertEvent], from: Date, to: Date, timeZone: TimeZone, top: Int = 10) -> NoiseReport {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        struct Tally {
            var raised = 0
            var notifications: Set<String> = []
            var flapping = 0
            var failures = 0
        }
        var byDay: [String: Tally] = [:], byRule: [String: Tally] = [:], byDayRule: [String: Tally] = [:], total = Tally()
        var series: [String: Series] = [:]
        for e in events where e.time >= from && e.time <= to {
            let c = calendar.dateComponents([.year, .month, .day], from: e.time)
            let day = String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
            func add(_ update: (inout Tally) -> Void) {
                update(&byDay[day, default: Tally()])
                update(&byRule[e.rule, default: Tally()])
                update(&byDayRule[day + "\u{0}" + e.rule, default: Tally()])
                update(&total)
            }
            switch e.kind {
            case .raised:
                add { $0.raised += 1 }
                series[e.alertID, default: Series(alertID: e.alertID, rule: e.rule, raised: 0, flappingStarted: 0)].raised += 1
            case .notified:
                let key = (e.receiver ?? "") + "\u{0}" + e.detail
                add { $0.notifications.insert(key) }
            case .flappingStarted:
                add { $0.flapping += 1 }
                series[e.alertID, default: Series(alertID: e.alertID, rule: e.rule, raised: 0, flappingStarted: 0)].flappingStarted += 1
            case .deliveryFailed:
                add { $0.failures += 1 }
            case .resolved, .flappingStopped, .acknowledged:
                break
            }
        }
        func row(_ day: String, _ rule: String, _ t: Tally) -> Row {
            let n = t.notifications.count
            return Row(
                day: day, rule: rule, raised: t.raised, notifications: n, flapping: t.flapping, deliveryFailures: t.failures,
                compression: t.raised == 0 ? 0 : max(0, 1 - Double(n) / Double(t.raised)))
        }
        let rules = byRule.map { row("", $0.key, $0.value) }.sorted { $0.rule < $1.rule }
        let dayRules = byDayRule.map { key, t -> Row in
            let parts = key.split(separator: "\u{0}", maxSplits: 1).map(String.init)
            return row(parts[0], parts.count > 1 ? parts[1] : "", t)
        }.sorted { ($0.day, $0.rule) < ($1.day, $1.rule) }
        return NoiseReport(
            from: from, to: to, timeZone: timeZone.identifier, totals: row("", "", total),
            days: byDay.map { row($0.key, "", $0.value) }.sorted { $0.day < $1.day }, rules: rules, dayRules: dayRules,
            flappiest: series.values.filter { $0.flappingStarted > 0 }
                .sorted { ($1.flappingStarted, $1.raised, $0.alertID) < ($0.flappingStarted, $0.raised, $1.alertID) }
                .prefix(top).map { $0 },
            noisiestRules: rules.sorted { ($1.raised, $0.rule) < ($0.raised, $1.rule) }.prefix(top).map { $0 })
    }

    /// The report as the CLI prints it.
    public var text: String {
        func pct(_ v: Double) -> String { String(format: "%.1f%%", v * 100) }
        var out = "Alert noise \(Self.iso(from)) .. \(Self.iso(to)) (\(timeZone))\n"
        out += "total: \(totals.raised) raised, \(totals.notifications) notifications, compression \(pct(totals.compression))"
        out += ", \(totals.flapping) flapping, \(totals.deliveryFailures) failed deliveries\n\nper day:\n"
        for d in days {
            out += "  \(d.day)  raised \(d.raised)  notified \(d.notifications)  compression \(pct(d.compression))\n"
        }
        out += "\nnoisiest rules:\n"
        for r in noisiestRules {
            out += "  \(r.rule)  raised \(r.raised)  notified \(r.notifications)  compression \(pct(r.compression))\n"
        }
        if !flappiest.isEmpty {
            out += "\nflappiest series:\n"
            for s in flappiest { out += "  \(s.rule) \(s.alertID)  flapping \(s.flappingStarted)x, raised \(s.raised)x\n" }
        }
        return out
    }

    private static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
