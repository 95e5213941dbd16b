import Foundation
import NetsightModel

/// When a maintenance schedule is open.
///
/// A weekly window starts at the wall-clock time `startMinute` on each listed weekday in its
/// own IANA time zone ("Sunday 02:00 Europe/London" follows the clocks across summer time)
/// and lasts `durationMinutes` of real time, so it may run past midnight and past the end
/// of the week (Sunday 23:00 for 3 h closes Monday 02:00). A start that does not exist on a
/// spring-forward day moves forward with the clocks, as Foundation's Calendar does; a start
/// that happens twice on a fall-back day uses the first.
public enum MaintenanceCalendar {
    public static func isOpen(_ schedule: MaintenanceSchedule, at now: Date) -> Bool {
        guard let window = currentOrNextWindow(schedule, at: now) else { return false }
        return window.start <= now && now < window.end
    }

    /// The window open at `now`, else the next one (for display: "closes at" / "opens at");
    /// nil when the schedule never opens again.
    public static func currentOrNextWindow(_ schedule: MaintenanceSchedule, at now: Date) -> DateInterval? {
        switch schedule {
        case .once(let start, let end):
            return end > now && end > start ? DateInterval(start: start, end: end) : nil
        case .weekly(let weekdays, let startMinute, let durationMinutes, let timeZone, let from, let until):
            guard let zone = TimeZone(identifier: timeZone), !weekdays.isEmpty, durationMinutes > 0 else { return nil }
            if let until, until <= now { return nil }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let duration = TimeInterval(durationMinutes) * 60
            let searchFrom = max(now, from ?? now)
            // Start far enough back to catch a window opened earlier that is still open.
            var day = calendar.startOfDay(for: searchFrom.addingTimeInterval(-duration - 86_400))
            let limit = searchFrom.addingTimeInterval(duration + 9 * 86_400)
            let wanted = Set(weekdays)
            while day < limit {
                let gregorian = calendar.component(.weekday, from: day)
                let iso = (gregorian + 5) % 7 + 1
                if wanted.contains(iso) {
                    var parts = calendar.dateComponents([.year, .month, .day], from: day)
                    parts.hour = startMinute / 60
                    parts.minute = startMinute % 60
                    if let start = calendar.date(from: parts) {
                        var window = DateInterval(start: start, duration: duration)
                        if let from, window.start < from { window = DateInterval(start: from, end: max(from, window.end)) }
                        if let until, window.end > until { window = DateInterval(start: window.start, end: max(window.start, until)) }
                        if window.end > now && window.duration > 0 { return window }
                    }
                }
                guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { return nil }
                day = next
            }
            return nil
        }
    }
}
