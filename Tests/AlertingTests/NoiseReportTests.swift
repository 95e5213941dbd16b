import Alerting
import Foundation
import NetsightModel
import Testing

@Suite struct NoiseReportTests {
    static let day1 = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z

    @Test func countsRaisedAgainstDistinctNotifications() {
        var events: [AlertEvent] = []
        // 10 DeviceDown alerts raised on day 1, all told in one notification to two receivers.
        for i in 0..<10 {
            events.append(AlertEvent(time: Self.day1, alertID: "d\(i)", rule: "DeviceDown", kind: .raised))
            events.append(AlertEvent(time: Self.day1, alertID: "d\(i)", rule: "DeviceDown", kind: .notified, receiver: "ops", detail: "n1"))
            events.append(AlertEvent(time: Self.day1, alertID: "d\(i)", rule: "DeviceDown", kind: .notified, receiver: "mail", detail: "n1"))
        }
        // A flapping interface on day 2: raised 5 times, flapping once, one notification.
        let day2 = Self.day1.addingTimeInterval(86_400)
        for _ in 0..<5 { events.append(AlertEvent(time: day2, alertID: "f", rule: "InterfaceDown", kind: .raised)) }
        events.append(AlertEvent(time: day2, alertID: "f", rule: "InterfaceDown", kind: .flappingStarted))
        events.append(AlertEvent(time: day2, alertID: "f", rule: "InterfaceDown", kind: .notified, receiver: "ops", detail: "n2"))
        events.append(AlertEvent(time: day2, alertID: "f", rule: "InterfaceDown", kind: .deliveryFailed, receiver: "mail"))
        // Outside the window: ignored.
        events.append(AlertEvent(time: Self.day1.addingTimeInterval(-86_400), alertID: "x", rule: "DeviceDown", kind: .raised))

        let r = NoiseReport.build(
            events: events, from: Self.day1, to: day2.addingTimeInterval(3_600), timeZone: TimeZone(identifier: "UTC")!)
        #expect(r.totals.raised == 15 && r.totals.notifications == 3 && r.totals.flapping == 1 && r.totals.deliveryFailures == 1)
        #expect(abs(r.totals.compression - 0.8) < 1e-9)
        #expect(r.days.map(\.day) == ["2027-01-15", "2027-01-16"])
        #expect(r.days.map(\.notifications) == [2, 1] && r.days[0].compression == 0.8)
        #expect(r.noisiestRules.map(\.rule) == ["DeviceDown", "InterfaceDown"])
        #expect(r.flappiest.map(\.alertID) == ["f"] && r.flappiest[0].raised == 5)
        #expect(r.dayRules.count == 2)
        #expect(r.text.contains("compression 80.0%"))
    }

    /// Days are cut in the report's time zone: 23:30 UTC is the next day in Tokyo.
    @Test func daysFollowTheTimeZone() {
        let late = Date(timeIntervalSince1970: 1_800_019_800)  // 2027-01-15T13:30:00Z
        let e = [AlertEvent(time: late.addingTimeInterval(36_000), alertID: "a", rule: "R", kind: .raised)]
        let utc = NoiseReport.build(events: e, from: late, to: late.addingTimeInterval(86_400), timeZone: TimeZone(identifier: "UTC")!)
        let tokyo = NoiseReport.build(events: e, from: late, to: late.addingTimeInterval(86_400), timeZone: TimeZone(identifier: "Asia/Tokyo")!)
        #expect(utc.days.map(\.day) == ["2027-01-15"])
        #expect(tokyo.days.map(\.day) == ["2027-01-16"])
        #expect(utc.totals.compression == 1, "raised and never notified")
    }
}
