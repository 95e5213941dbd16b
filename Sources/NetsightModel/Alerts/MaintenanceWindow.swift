import Foundation

/// Planned work: alerts that match `matchers` during the window are muted (still shown,
/// marked as muted) and, like silenced ones, never notified as resolved afterwards.
///
/// Scope is a label set, so "per device" is `device="sw-3"`, "per site" is `site="ldn"`,
/// and anything else is any matchers. A window is one-off or weekly (LibreNMS #4480:
/// "every Sunday 02:00-04:00 Europe/London").
public struct MaintenanceWindow: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var matchers: [LabelMatcher]
    public var schedule: MaintenanceSchedule
    public var createdBy: String
    public var comment: String
    public var createdAt: Date

    public init(
        id: String, name: String, matchers: [LabelMatcher], schedule: MaintenanceSchedule, createdBy: String,
        comment: String, createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.matchers = matchers
        self.schedule = schedule
        self.createdBy = createdBy
        self.comment = comment
        self.createdAt = createdAt
    }
}

/// When a maintenance window is open. Whether `now` is inside it is computed in Alerting
/// (`MaintenanceCalendar`), with the time zone's daylight-saving rules.
public enum MaintenanceSchedule: Sendable, Hashable, Codable {
    /// From `start` (inclusive) to `end` (exclusive).
    case once(start: Date, end: Date)
    /// On each of `weekdays` (1 = Monday ... 7 = Sunday, ISO 8601) at `startMinute` minutes
    /// after local midnight in `timeZone` (an IANA name), for `durationMinutes`; a window
    /// may run past midnight. Active between `from` and `until` when they are set.
    case weekly(weekdays: [Int], startMinute: Int, durationMinutes: Int, timeZone: String, from: Date?, until: Date?)
}
