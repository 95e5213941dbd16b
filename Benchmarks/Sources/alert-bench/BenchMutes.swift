import Foundation
import NetsightModel

/// The silences, maintenance windows and routes of the benchmark: 100 silences (per
/// device, per rule and site, regex ones, "until resolved" ones, some expired or not yet
/// started), 50 maintenance windows (weekly in three time zones, and one-off), and the
/// server's default route (every receiver, grouped by site and root cause) to a webhook and
/// an email receiver.
enum BenchMutes {
    static func silences(_ network: BenchNetwork, now: Date) -> [Silence] {
        var out: [Silence] = []
        let access = network.devices.filter { $0.role == .access }
        let routers = network.devices.filter { $0.role == .router }
        func add(_ matchers: [LabelMatcher], from: TimeInterval = -3_600, to: TimeInterval = 86_400, untilResolved: Bool = false) {
            out.append(
                Silence(
                    id: "silence-\(out.count)", matchers: matchers, startsAt: now + from, endsAt: now + to, createdBy: "bench",
                    comment: "benchmark", untilResolved: untilResolved, updatedAt: now + from))
        }
        // 40 per device, spread over the sites (sites s50-s99, so the storm's are not all muted).
        for i in 0..<40 { add([BenchRules.eq("device", access[950 + i * 23].name)]) }
        // 20 per rule and site.
        for i in 0..<20 {
            let site = BenchNetwork.siteName(60 + i)
            add([BenchRules.eq("alertname", "SiteCPU-\(site)"), BenchRules.eq("site", site)])
        }
        // 20 with regexes.
        for i in 0..<20 {
            add([BenchRules.re("ifname", "ge-0/0/[12]"), BenchRules.re("site", "s\(5 + i % 5)[0-9]"), BenchRules.eq("severity", "warning")])
        }
        // 10 until resolved.
        for i in 0..<10 {
            add([BenchRules.eq("device", routers[50 + i * 4].name), BenchRules.eq("alertname", "InterfaceDown")], untilResolved: true)
        }
        // 5 expired, 5 not yet started.
        for i in 0..<5 { add([BenchRules.eq("site", BenchNetwork.siteName(i))], from: -7_200, to: -3_600) }
        for i in 0..<5 { add([BenchRules.eq("site", BenchNetwork.siteName(10 + i))], from: 3_600, to: 7_200) }
        return out
    }

    static func maintenanceWindows(_ network: BenchNetwork, now: Date) -> [MaintenanceWindow] {
        var out: [MaintenanceWindow] = []
        let zones = ["Europe/London", "America/New_York", "Asia/Tokyo"]
        func add(_ matchers: [LabelMatcher], _ schedule: MaintenanceSchedule) {
            out.append(
                MaintenanceWindow(
                    id: "mw-\(out.count)", name: "window \(out.count)", matchers: matchers, schedule: schedule, createdBy: "bench",
                    comment: "benchmark", createdAt: now - 86_400))
        }
        // 30 weekly windows (every weekday in turn, 02:00 for 2 h local time).
        for i in 0..<30 {
            add([BenchRules.eq("site", BenchNetwork.siteName(50 + i))],
                .weekly(weekdays: [1 + i % 7], startMinute: 120, durationMinutes: 120, timeZone: zones[i % 3], from: nil, until: nil))
        }
        // 10 one-off windows open now, 10 later.
        let routers = network.devices.filter { $0.role == .router }
        for i in 0..<10 { add([BenchRules.eq("device", routers[80 + i].name)], .once(start: now - 600, end: now + 3_600)) }
        for i in 0..<10 { add([BenchRules.eq("device", routers[90 + i].name)], .once(start: now + 86_400, end: now + 90_000)) }
        return out
    }

    static let routes = [AlertRouteSpec(receivers: ["ops-webhook", "noc-email"])]
}
