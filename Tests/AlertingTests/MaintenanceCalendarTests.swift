import Alerting
import Foundation
import NetsightModel
import Testing

@Suite struct MaintenanceCalendarTests {
    static func date(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    static let sundayLondon = MaintenanceSchedule.weekly(
        weekdays: [7], startMinute: 120, durationMinutes: 120, timeZone: "Europe/London", from: nil, until: nil)
    static let sundayLateUTC = MaintenanceSchedule.weekly(
        weekdays: [7], startMinute: 23 * 60, durationMinutes: 180, timeZone: "UTC", from: nil, until: nil)
    static let newYork = MaintenanceSchedule.weekly(
        weekdays: [7], startMinute: 150, durationMinutes: 60, timeZone: "America/New_York", from: nil, until: nil)
    static let bounded = MaintenanceSchedule.weekly(
        weekdays: [1, 3], startMinute: 600, durationMinutes: 60, timeZone: "UTC",
        from: date("2026-06-03T10:30:00Z"), until: date("2026-06-08T10:15:00Z"))
    static let once = MaintenanceSchedule.once(start: date("2026-06-01T10:00:00Z"), end: date("2026-06-01T11:00:00Z"))

    @Test(arguments: [
        (sundayLondon, "2026-01-04T02:30:00Z", true),  // winter: 02:30 GMT
        (sundayLondon, "2026-01-04T04:00:00Z", false),  // end is exclusive
        (sundayLondon, "2026-07-05T01:30:00Z", true),  // summer: 02:30 BST
        (sundayLondon, "2026-07-05T03:30:00Z", false),  // 04:30 BST
        (sundayLondon, "2026-07-05T00:30:00Z", false),  // 01:30 BST
        (sundayLondon, "2026-07-06T01:30:00Z", false),  // Monday
        (sundayLondon, "2026-03-29T01:30:00Z", true),  // the spring-forward Sunday
        (sundayLondon, "2026-10-25T02:30:00Z", true),  // the fall-back Sunday: 02:00 GMT is 02:00Z
        (sundayLondon, "2026-10-25T01:59:00Z", false),  // 01:59 GMT, the second pass through 01:xx
        (sundayLateUTC, "2026-07-05T23:30:00Z", true),  // Sunday night
        (sundayLateUTC, "2026-07-06T01:30:00Z", true),  // past midnight into the next week
        (sundayLateUTC, "2026-07-06T02:00:00Z", false),
        (newYork, "2026-03-08T07:30:00Z", true),  // 02:30 does not exist: opens with the clocks at 03:00 EDT
        (newYork, "2026-03-08T06:30:00Z", false),
        (newYork, "2026-03-15T06:45:00Z", true),  // 02:45 EDT a week later
        (bounded, "2026-06-03T10:15:00Z", false),  // Wednesday, before from
        (bounded, "2026-06-03T10:45:00Z", true),
        (bounded, "2026-06-08T10:10:00Z", true),  // Monday, before until
        (bounded, "2026-06-08T10:20:00Z", false),  // after until
        (bounded, "2026-06-10T10:20:00Z", false),
        (once, "2026-06-01T10:00:00Z", true),
        (once, "2026-06-01T11:00:00Z", false),
        (once, "2026-06-01T09:59:59Z", false),
    ] as [(MaintenanceSchedule, String, Bool)])
    func isOpen(schedule: MaintenanceSchedule, at: String, expected: Bool) {
        #expect(MaintenanceCalendar.isOpen(schedule, at: Self.date(at)) == expected)
    }

    @Test(arguments: [
        (sundayLondon, "2026-07-04T12:00:00Z", "2026-07-05T01:00:00Z", "2026-07-05T03:00:00Z"),  // next one
        (sundayLondon, "2026-07-05T02:00:00Z", "2026-07-05T01:00:00Z", "2026-07-05T03:00:00Z"),  // the open one
        (sundayLondon, "2026-01-03T12:00:00Z", "2026-01-04T02:00:00Z", "2026-01-04T04:00:00Z"),
        (sundayLateUTC, "2026-07-06T00:00:00Z", "2026-07-05T23:00:00Z", "2026-07-06T02:00:00Z"),
        (bounded, "2026-06-01T00:00:00Z", "2026-06-03T10:30:00Z", "2026-06-03T11:00:00Z"),
    ] as [(MaintenanceSchedule, String, String, String)])
    func windowForDisplay(schedule: MaintenanceSchedule, at: String, opens: String, closes: String) {
        let window = MaintenanceCalendar.currentOrNextWindow(schedule, at: Self.date(at))
        #expect(window?.start == Self.date(opens))
        #expect(window?.end == Self.date(closes))
    }

    @Test func aFinishedScheduleHasNoNextWindow() {
        #expect(MaintenanceCalendar.currentOrNextWindow(Self.bounded, at: Self.date("2026-06-09T00:00:00Z")) == nil)
        #expect(MaintenanceCalendar.currentOrNextWindow(Self.once, at: Self.date("2026-06-02T00:00:00Z")) == nil)
    }
}
