import Alerting
import Foundation
import NetsightModel
import Testing

/// SilenceValidator and MaintenanceValidator: each bad input names its field.
@Suite struct AlertValidatorTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let good = [LabelMatcher(name: "device", value: "sw-1")]

    static func silence(_ matchers: [LabelMatcher] = good, ends: TimeInterval = 3600, by: String = "ann", comment: String = "work") -> Silence {
        Silence(id: "s", matchers: matchers, startsAt: t0, endsAt: t0 + ends, createdBy: by, comment: comment, updatedAt: t0)
    }

    @Test(arguments: [
        (silence(), nil),
        (silence(ends: 0), "endsAt"),
        (silence(ends: -5), "endsAt"),
        (silence([]), "matchers"),
        (silence([LabelMatcher(name: "device", value: "sw-1"), LabelMatcher(name: "site", value: "(", isRegex: true)]), "matchers[1].value"),
        (silence([LabelMatcher(name: "", value: "x")]), "matchers[0].name"),
        (silence([LabelMatcher(name: "device", value: ".*", isRegex: true)]), "matchers"),
        (silence([LabelMatcher(name: "device", value: "sw-1", isEqual: false), LabelMatcher(name: "site", value: "")]), "matchers"),
        (silence([LabelMatcher(name: "device", value: ".*", isRegex: true), LabelMatcher(name: "site", value: "ldn")]), nil),
        (silence(by: " "), "createdBy"),
        (silence(comment: ""), "comment"),
    ] as [(Silence, String?)])
    func silences(silence: Silence, field: String?) {
        var got: String?
        do throws(AlertValidationError) {
            try SilenceValidator.validate(silence)
        } catch {
            got = error.field
        }
        #expect(got == field)
    }

    static func window(_ schedule: MaintenanceSchedule, name: String = "patch", matchers: [LabelMatcher] = good) -> MaintenanceWindow {
        MaintenanceWindow(id: "m", name: name, matchers: matchers, schedule: schedule, createdBy: "ann", comment: "", createdAt: t0)
    }

    static func weekly(days: [Int] = [7], start: Int = 120, minutes: Int = 60, zone: String = "Europe/London", until: Date? = nil) -> MaintenanceSchedule {
        .weekly(weekdays: days, startMinute: start, durationMinutes: minutes, timeZone: zone, from: t0, until: until)
    }

    @Test(arguments: [
        (window(weekly()), nil),
        (window(weekly(), name: ""), "name"),
        (window(weekly(), matchers: [LabelMatcher(name: "site", value: "ldn|", isRegex: true)]), "matchers"),
        (window(weekly(days: [])), "schedule.weekdays"),
        (window(weekly(days: [1, 0])), "schedule.weekdays[1]"),
        (window(weekly(days: [8])), "schedule.weekdays[0]"),
        (window(weekly(start: 1440)), "schedule.startMinute"),
        (window(weekly(start: -1)), "schedule.startMinute"),
        (window(weekly(minutes: 0)), "schedule.durationMinutes"),
        (window(weekly(minutes: 10_081)), "schedule.durationMinutes"),
        (window(weekly(zone: "Mars/Olympus")), "schedule.timeZone"),
        (window(weekly(until: t0)), "schedule.until"),
        (window(.once(start: t0, end: t0)), "schedule.end"),
        (window(.once(start: t0, end: t0 + 60)), nil),
    ] as [(MaintenanceWindow, String?)])
    func maintenance(window: MaintenanceWindow, field: String?) {
        var got: String?
        do throws(AlertValidationError) {
            try MaintenanceValidator.validate(window)
        } catch {
            got = error.field
        }
        #expect(got == field)
    }
}
