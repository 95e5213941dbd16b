import Foundation
import NetsightModel

/// Marks alerts muted by open maintenance windows (`mutedBy`, kind `.maintenance`). The
/// alert stays visible; the dispatcher does not notify it, nor its later resolution.
/// A window whose matchers do not compile is skipped (see `SilenceMuter`).
public struct MaintenanceMuter: Sendable {
    private let windows: [(window: MaintenanceWindow, matchers: [CompiledMatcher])]

    public init(windows: [MaintenanceWindow]) {
        self.windows = windows.compactMap { window in
            do {
                return (window, try window.matchers.map { matcher throws(MatcherError) in try CompiledMatcher(matcher) })
            } catch {
                return nil
            }
        }
    }

    public func apply(_ alerts: [Alert], at now: Date) -> [Alert] {
        let open = windows.filter { MaintenanceCalendar.isOpen($0.window.schedule, at: now) }
        var result = alerts
        for index in result.indices {
            result[index].mutedBy.removeAll { $0.kind == .maintenance }
            for entry in open where CompiledMatcher.all(entry.matchers, match: result[index].labels) {
                result[index].mutedBy.append(AlertMute(kind: .maintenance, id: entry.window.id))
            }
        }
        return result
    }
}
