import Foundation
import NetsightModel
import Testing

@testable import Storage

/// Alert state, history, silences, maintenance, the notification log and pending
/// deliveries survive in the store (MetadataStore+Alerts*.swift).
@Suite struct AlertsStoreTests {
    /// A time with milliseconds, so a lossy date encoding would show.
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000.123)

    static func alert(_ device: String, state: AlertState = .firing, at t: Date = t0) -> Alert {
        let labels: LabelSet = ["alertname": "DeviceDown", "device": device, "severity": "critical", "site": "ldn"]
        return Alert(
            id: labels.fingerprintHex, rule: "DeviceDown", metric: "device_up", labels: labels, severity: .critical,
            state: state, value: 0, summary: "\(device) does not answer SNMP", activeSince: t, firingSince: t,
            lastEvaluatedAt: t, impact: [AlertImpact(id: "x", rule: "InterfaceDown", labels: ["device": "sw-2"], summary: "s")],
            mutedBy: [AlertMute(kind: .silence, id: "s1")])
    }

    static func store(_ dir: TemporaryDirectory) throws -> MetadataStore { try MetadataStore(path: dir.path + "/m.sqlite") }

    @Test func replaceKeepsExactlyTheGivenAlertsAndRoundTripsToTheMillisecond() throws {
        let dir = try TemporaryDirectory()
        let store = try Self.store(dir)
        let a = Self.alert("core-1"), b = Self.alert("sw-1"), c = Self.alert("sw-2", state: .pending)
        try store.replaceAlerts([a, b, c])
        #expect(try store.alerts() == [a, b, c].sorted { $0.id < $1.id })
        var b2 = b
        b2.state = .resolved
        b2.resolvedAt = Self.t0.addingTimeInterval(60.5)
        try store.replaceAlerts([b2, c])
        #expect(try store.alerts() == [b2, c].sorted { $0.id < $1.id })
        #expect(try store.alert(id: a.id) == nil)
        #expect(try store.alert(id: b.id)?.resolvedAt == b2.resolvedAt)
        // A restart (a new store on the same file) sees the same.
        #expect(try Self.store(dir).alerts() == [b2, c].sorted { $0.id < $1.id })
    }

    @Test func acknowledgementSurvivesTheEnginesReplaceUntilTheAlertIsGone() throws {
        let dir = try TemporaryDirectory()
        let store = try Self.store(dir)
        let a = Self.alert("core-1")
        try store.replaceAlerts([a])
        #expect(try store.acknowledge(id: "0000000000000000", by: "ann", comment: "", at: Self.t0) == nil)
        let acked = try #require(try store.acknowledge(id: a.id, by: "ann", comment: "on it", at: Self.t0))
        #expect(acked.acknowledgement == AlertAcknowledgement(by: "ann", comment: "on it", at: Self.t0))
        var later = a
        later.lastEvaluatedAt = Self.t0.addingTimeInterval(15)
        try store.replaceAlerts([later])
        #expect(try store.alert(id: a.id)?.acknowledgement?.by == "ann")
        #expect(try store.acknowledgements().keys.sorted() == [a.id])
        try store.replaceAlerts([])
        #expect(try store.acknowledgements().isEmpty)
        try store.replaceAlerts([a])
        #expect(try store.alert(id: a.id)?.acknowledgement == nil, "a new occurrence starts unacknowledged")
    }

    @Test func historyIsFilteredLimitedAndAgedOut() throws {
        let dir = try TemporaryDirectory()
        let store = try Self.store(dir)
        var events: [AlertEvent] = []
        for i in 0..<10 {
            let time = Self.t0.addingTimeInterval(Double(i) * 60)
            let kind: AlertEvent.Kind = i == 9 ? .notified : .raised
            let receiver: String? = i == 9 ? "ops" : nil
            events.append(AlertEvent(
                time: time, alertID: i % 2 == 0 ? "a" : "b", rule: i < 5 ? "R1" : "R2", kind: kind, receiver: receiver,
                detail: "e\(i)"))
        }
        try store.appendAlertEvents(events)
        let end = Self.t0.addingTimeInterval(3_600)
        #expect(try store.alertEvents(from: Self.t0, to: end) == events)
        #expect(try store.alertEvents(from: Self.t0, to: end, rule: "R1").map(\.detail) == ["e0", "e1", "e2", "e3", "e4"])
        #expect(try store.alertEvents(from: Self.t0, to: end, alertID: "b", limit: 2).map(\.detail) == ["e7", "e9"])
        #expect(try store.alertEvents(from: Self.t0.addingTimeInterval(120), to: Self.t0.addingTimeInterval(180)).count == 2)
        #expect(try store.alertEvents(from: Self.t0, to: end).last?.receiver == "ops")
        #expect(try store.deleteAlertEvents(before: Self.t0.addingTimeInterval(300)) == 5)
        #expect(try store.alertEvents(from: Self.t0, to: end).map(\.detail) == ["e5", "e6", "e7", "e8", "e9"])
    }

    @Test func silencesExpireLikeAlertmanager() throws {
        let dir = try TemporaryDirectory()
        let store = try Self.store(dir)
        let s = Silence(
            id: "s1", matchers: [LabelMatcher(name: "site", value: "ldn")], startsAt: Self.t0,
            endsAt: Self.t0.addingTimeInterval(3_600), createdBy: "ann", comment: "works", untilResolved: true,
            updatedAt: Self.t0)
        try store.insertSilence(s)
        #expect(try store.silence(id: "s1") == s)
        #expect(try store.expireSilence(id: "nope", at: Self.t0) == nil)
        let now = Self.t0.addingTimeInterval(600)
        let expired = try #require(try store.expireSilence(id: "s1", at: now))
        #expect(expired.endsAt == now && expired.updatedAt == now && expired.status(at: now) == .expired)
        // Expiring again changes nothing.
        #expect(try store.expireSilence(id: "s1", at: now.addingTimeInterval(60)) == expired)
        #expect(try Self.store(dir).silences() == [expired])
        #expect(try store.deleteSilences(expiredBefore: now) == 0)
        #expect(try store.deleteSilences(expiredBefore: now.addingTimeInterval(1)) == 1)
        #expect(try store.silences().isEmpty)
    }

    @Test func maintenanceWindowsRoundTrip() throws {
        let dir = try TemporaryDirectory()
        let store = try Self.store(dir)
        let weekly = MaintenanceWindow(
            id: "m1", name: "Sunday patching", matchers: [LabelMatcher(name: "site", value: "ldn")],
            schedule: .weekly(weekdays: [7], startMinute: 120, durationMinutes: 120, timeZone: "Europe/London", from: nil, until: nil),
            createdBy: "ann", comment: "", createdAt: Self.t0)
        let once = MaintenanceWindow(
            id: "m2", name: "core swap", matchers: [LabelMatcher(name: "device", value: "core-1")],
            schedule: .once(start: Self.t0, end: Self.t0.addingTimeInterval(7_200)), createdBy: "bob", comment: "RFC 42",
            createdAt: Self.t0)
        try store.insertMaintenanceWindow(weekly)
        try store.insertMaintenanceWindow(once)
        #expect(try Self.store(dir).maintenanceWindows() == [weekly, once])
        #expect(try store.maintenanceWindow(id: "m2") == once)
        #expect(try store.deleteMaintenanceWindow(id: "m2"))
        #expect(try !store.deleteMaintenanceWindow(id: "m2"))
        #expect(try store.maintenanceWindows() == [weekly])
    }

    @Test func notificationLogAndPendingDeliveriesSurviveARestart() throws {
        let dir = try TemporaryDirectory()
        let store = try Self.store(dir)
        let entry = NotificationLogEntry(receiver: "ops", groupKey: "{}/{site=\"ldn\"}", firing: ["a", "b"], resolved: [], flapping: [], sentAt: Self.t0)
        try store.saveNotificationLog([entry])
        var updated = entry
        updated.firing = ["a"]
        updated.resolved = ["b"]
        updated.sentAt = Self.t0.addingTimeInterval(300)
        try store.saveNotificationLog([updated])
        #expect(try Self.store(dir).notificationLog() == [updated])
        #expect(try store.deleteNotificationLog(sentBefore: Self.t0.addingTimeInterval(301)) == 1)

        let n = AlertNotification(
            id: "n1", receiver: "ops", groupKey: "g", groupLabels: ["site": "ldn"], commonLabels: [:], kind: .alert,
            status: .firing, alerts: [Self.alert("core-1")], createdAt: Self.t0)
        var other = n
        other.receiver = "mail"
        try store.savePendingDelivery(PendingDelivery(notification: n, nextAttemptAt: Self.t0))
        try store.savePendingDelivery(PendingDelivery(notification: other, nextAttemptAt: Self.t0.addingTimeInterval(5)))
        let retried = PendingDelivery(notification: n, attempts: 2, nextAttemptAt: Self.t0.addingTimeInterval(10), lastError: "HTTP 500")
        try store.savePendingDelivery(retried)
        #expect(try Self.store(dir).pendingDeliveries() == [PendingDelivery(notification: other, nextAttemptAt: Self.t0.addingTimeInterval(5)), retried])
        try store.removePendingDelivery(id: "n1", receiver: "ops")
        #expect(try store.pendingDeliveries().map(\.notification.receiver) == ["mail"])
    }

    /// A storm's worth of alerts replaced, then all but ten kept.
    @Test func tenThousandAlertsReplace() throws {
        let dir = try TemporaryDirectory()
        let store = try Self.store(dir)
        let alerts = (0..<10_000).map { Self.alert("sw-\($0)") }
        try store.replaceAlerts(alerts)
        try store.replaceAlerts(Array(alerts.dropFirst(10)))
        #expect(try store.alerts().count == 9_990)
    }
}

extension AlertsStoreTests {
    @Test func updateWritesChangesAndRemovesGoneAlertsWithTheirAcks() throws {
        let dir = try TemporaryDirectory()
        let store = try Self.store(dir)
        let a = Self.alert("core-1"), b = Self.alert("sw-1")
        try store.updateAlerts(upserting: [a, b], removing: [])
        _ = try store.acknowledge(id: b.id, by: "ann", comment: "", at: Self.t0)
        var a2 = a
        a2.value = 1
        try store.updateAlerts(upserting: [a2], removing: [b.id])
        #expect(try store.alerts() == [a2])
        #expect(try store.acknowledgements().isEmpty)
    }
}
