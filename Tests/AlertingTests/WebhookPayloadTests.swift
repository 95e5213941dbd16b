import Foundation
import NetsightModel
import Testing

@testable import Alerting

@Suite struct WebhookPayloadTests {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    static func alert(_ id: String, device: String, state: AlertState, resolvedAt: Date? = nil) -> Alert {
        Alert(
            id: id, rule: "DeviceDown", metric: "device_up",
            labels: LabelSet(["alertname": "DeviceDown", "device": device, "site": "ldn"]), severity: .critical,
            state: state, value: 0, summary: "\(device) down", runbook: "https://wiki.example/rb",
            firingSince: start, resolvedAt: resolvedAt, lastEvaluatedAt: start,
            impact: device == "core-1"
                ? [AlertImpact(id: "x", rule: "DeviceDown", labels: LabelSet(["device": "sw-3"]), summary: "sw-3 down")] : [])
    }

    static func notification() -> AlertNotification {
        AlertNotification(
            id: "key-123", receiver: "ops", groupKey: "{}/{site=\"ldn\"}", groupLabels: LabelSet(["site": "ldn"]),
            commonLabels: LabelSet(["alertname": "DeviceDown", "site": "ldn"]), kind: .alert, status: .firing,
            alerts: [
                alert("aaaa", device: "core-1", state: .firing),
                alert("bbbb", device: "sw-9", state: .resolved, resolvedAt: start.addingTimeInterval(90.5)),
            ],
            createdAt: start)
    }

    @Test func bodyHasAlertmanagerFieldsAndValues() throws {
        let data = WebhookPayload(Self.notification(), externalURL: "http://netsight:8080").encoded()
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            Set(json.keys) == [
                "version", "groupKey", "truncatedAlerts", "status", "receiver", "groupLabels", "commonLabels",
                "commonAnnotations", "externalURL", "alerts", "netsightKind", "idempotencyKey",
            ])
        #expect(json["version"] as? String == "4")
        #expect(json["groupKey"] as? String == "{}/{site=\"ldn\"}")
        #expect(json["status"] as? String == "firing")
        #expect(json["receiver"] as? String == "ops")
        #expect(json["idempotencyKey"] as? String == "key-123")
        #expect(json["truncatedAlerts"] as? Int == 0)
        #expect(json["groupLabels"] as? [String: String] == ["site": "ldn"])
        #expect(json["commonAnnotations"] as? [String: String] == ["runbook_url": "https://wiki.example/rb"])
        let alerts = try #require(json["alerts"] as? [[String: Any]])
        #expect(alerts.count == 2)
        #expect(
            Set(alerts[0].keys) == ["status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint"])
        #expect(alerts[0]["status"] as? String == "firing")
        #expect(alerts[0]["startsAt"] as? String == "2023-11-14T22:13:20Z")
        #expect(alerts[0]["endsAt"] as? String == "0001-01-01T00:00:00Z")
        #expect(alerts[0]["fingerprint"] as? String == "aaaa")
        #expect(alerts[0]["generatorURL"] as? String == "http://netsight:8080/alerts/aaaa")
        let annotations = try #require(alerts[0]["annotations"] as? [String: String])
        #expect(annotations["summary"] == "core-1 down")
        #expect(annotations["impact"]?.contains("sw-3 down") == true)
        #expect(alerts[1]["status"] as? String == "resolved")
        #expect(alerts[1]["endsAt"] as? String == "2023-11-14T22:14:50.500Z")
    }

    @Test func maxAlertsCountsTheRestAsTruncated() {
        let payload = WebhookPayload(Self.notification(), externalURL: "", maxAlerts: 1)
        #expect(payload.alerts.map(\.fingerprint) == ["aaaa"])
        #expect(payload.truncatedAlerts == 1)
        #expect(payload.alerts[0].generatorURL == "")
    }

    @Test func sameNotificationSameBytes() {
        let one = WebhookPayload(Self.notification(), externalURL: "x").encoded()
        let two = WebhookPayload(Self.notification(), externalURL: "x").encoded()
        #expect(one == two)
        #expect(!one.isEmpty)
    }
}
