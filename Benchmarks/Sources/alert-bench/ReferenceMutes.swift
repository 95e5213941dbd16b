import Alerting
import Foundation
import NetsightModel

/// A plain restatement of what `SilenceMuter` and `MaintenanceMuter` decide, through the
/// public `CompiledMatcher.all`, with no memo and no shortcuts. The benchmark compares the
/// muters' answers with it on its own workload (regex silences over thousands of alerts,
/// which the unit tests do not reach), outside the timing, and stops if they differ.
enum ReferenceMutes {
    static func compiled(_ matchers: [LabelMatcher]) -> [CompiledMatcher]? {
        try? matchers.map { matcher throws(MatcherError) in try CompiledMatcher(matcher) }
    }

    static func silenced(_ alerts: [Alert], silences: [Silence], at now: Date) -> (mutes: [[String]], expire: [String]) {
        let active = silences.filter { $0.status(at: now) == .active }.compactMap { s in compiled(s.matchers).map { (s, $0) } }
        var hadFired: Set<String> = []
        var stillActive: Set<String> = []
        var mutes: [[String]] = []
        for alert in alerts {
            var ids: [String] = []
            for (silence, matchers) in active where CompiledMatcher.all(matchers, match: alert.labels) {
                ids.append(silence.id)
                guard silence.untilResolved else { continue }
                if alert.state == .pending || alert.state == .firing { stillActive.insert(silence.id) }
                if alert.firingSince != nil || alert.state == .firing || alert.state == .resolved { hadFired.insert(silence.id) }
            }
            mutes.append(ids)
        }
        return (mutes, hadFired.subtracting(stillActive).sorted())
    }

    static func maintenance(_ alerts: [Alert], windows: [MaintenanceWindow], at now: Date) -> [[String]] {
        let open = windows.filter { MaintenanceCalendar.isOpen($0.schedule, at: now) }.compactMap { w in compiled(w.matchers).map { (w, $0) } }
        return alerts.map { alert in open.filter { CompiledMatcher.all($0.1, match: alert.labels) }.map(\.0.id) }
    }

    /// Stops the benchmark when the muters disagree with the reference on `alerts`.
    static func check(_ alerts: [Alert], silences: [Silence], windows: [MaintenanceWindow], at now: Date) {
        let (silencedAlerts, expire) = SilenceMuter(silences: silences).apply(alerts, at: now)
        let muted = MaintenanceMuter(windows: windows).apply(silencedAlerts, at: now)
        let reference = silenced(alerts, silences: silences, at: now)
        let referenceWindows = maintenance(alerts, windows: windows, at: now)
        for (i, alert) in muted.enumerated() {
            let got = alert.mutedBy.filter { $0.kind == .silence }.map(\.id)
            let gotWindows = alert.mutedBy.filter { $0.kind == .maintenance }.map(\.id)
            precondition(got == reference.mutes[i], "silences differ for \(alert.labels): \(got) vs \(reference.mutes[i])")
            precondition(gotWindows == referenceWindows[i], "maintenance differs for \(alert.labels): \(gotWindows) vs \(referenceWindows[i])")
        }
        precondition(expire == reference.expire, "expired silences differ: \(expire) vs \(reference.expire)")
        let silencedCount = muted.count { $0.mutedBy.contains { $0.kind == .silence } }
        let windowCount = muted.count { $0.mutedBy.contains { $0.kind == .maintenance } }
        print(
            "   check: the muters agree with the plain restatement on \(grouped(alerts.count)) alerts "
                + "(\(grouped(silencedCount)) silenced, \(grouped(windowCount)) in maintenance, \(expire.count) silences to expire)")
    }
}
