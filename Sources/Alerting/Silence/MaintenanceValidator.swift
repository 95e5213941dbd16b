import Foundation
import NetsightModel

/// Checks a maintenance window before it is stored: the matcher rules of silences, plus a
/// schedule that can actually open (real weekdays, a start within the day, a duration of at
/// most a week, an IANA time zone Foundation knows).
public enum MaintenanceValidator {
    public static let maxDurationMinutes = 7 * 24 * 60

    public static func validate(_ window: MaintenanceWindow) throws(AlertValidationError) {
        if window.name.trimmingCharacters(in: .whitespaces).isEmpty {
            throw AlertValidationError(field: "name", problem: "required")
        }
        try MatcherListValidator.validate(window.matchers)
        switch window.schedule {
        case .once(let start, let end):
            if end <= start { throw AlertValidationError(field: "schedule.end", problem: "must be after start") }
        case .weekly(let weekdays, let startMinute, let durationMinutes, let timeZone, let from, let until):
            if weekdays.isEmpty { throw AlertValidationError(field: "schedule.weekdays", problem: "at least one weekday is required") }
            for (index, day) in weekdays.enumerated() where !(1...7).contains(day) {
                throw AlertValidationError(field: "schedule.weekdays[\(index)]", problem: "\(day) is not 1 (Monday) ... 7 (Sunday)")
            }
            if !(0..<1440).contains(startMinute) {
                throw AlertValidationError(field: "schedule.startMinute", problem: "\(startMinute) is not 0...1439")
            }
            if !(1...maxDurationMinutes).contains(durationMinutes) {
                throw AlertValidationError(field: "schedule.durationMinutes", problem: "\(durationMinutes) is not 1...\(maxDurationMinutes)")
            }
            if TimeZone(identifier: timeZone) == nil {
                throw AlertValidationError(field: "schedule.timeZone", problem: "unknown time zone \"\(timeZone)\"")
            }
            if let from, let until, until <= from {
                throw AlertValidationError(field: "schedule.until", problem: "must be after from")
            }
        }
    }
}
