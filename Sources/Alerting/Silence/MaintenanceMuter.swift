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
        // As in `SilenceMuter.apply`: only the id and a regex memo per open window.
        var open = windows.filter { MaintenanceCalendar.isOpen($0.window.schedule, at: now) }.map {
            (id: $0.window.id, matchers: MatcherMemo($0.matchers))
        }
        var result = alerts
        for index in result.indices {
            result[index].mutedBy.removeAll { $0.kind == .maintenance }
            let labels = result[index].labels
            for k in open.indices where open[k].matchers.matches(labels) {
                result[index].mutedBy.append(AlertMute(kind: .maintenance, id: open[k].id))
            }
        }
        return result
    }
}
