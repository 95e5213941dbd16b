import Foundation
import NetsightModel
import Testing

@testable import Alerting

@Suite struct SlackMessageTests {
    @Test func titleNamesTheRootCauseAndTheGroup() {
        var n = WebhookPayloadTests.notification()
        #expect(NotificationText.title(n) == "[FIRING:1] core-1 down (+1 more) [site=ldn]")
        n.kind = .flapping
        #expect(NotificationText.title(n).hasPrefix("[FLAPPING] core-1 down"))
        n.kind = .alert
        n.status = .resolved
        n.alerts = [WebhookPayloadTests.alert("bbbb", device: "sw-9", state: .resolved)]
        #expect(NotificationText.title(n) == "[RESOLVED] sw-9 down [site=ldn]")
    }

    @Test func bodyListsImpactRunbookAndLink() {
        let text = NotificationText.body(WebhookPayloadTests.notification(), externalURL: "http://ns")
        #expect(text.contains("FIRING critical: core-1 down"))
        #expect(text.contains("impact: 1 dependent alert suppressed\n    - sw-3 down (DeviceDown {device=\"sw-3\"})"))
        #expect(text.contains("runbook: https://wiki.example/rb"))
        #expect(text.contains("http://ns/alerts/aaaa"))
        #expect(text.contains("RESOLVED critical: sw-9 down"))
    }

    @Test func slackBodyHasTextChannelAndEscapedBlocks() throws {
        var n = WebhookPayloadTests.notification()
        n.alerts[0].summary = "core-1 <down> & out"
        let data = SlackMessage(n, channel: "#noc", externalURL: "").encoded()
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["channel"] as? String == "#noc")
        #expect((json["text"] as? String)?.hasPrefix("[FIRING:1] core-1 <down> & out") == true)
        let blocks = try #require(json["blocks"] as? [[String: Any]])
        #expect(blocks.count == 3)
        let first = try #require((blocks[1]["text"] as? [String: String])?["text"])
        #expect(first.contains("core-1 &lt;down&gt; &amp; out"))
    }

    @Test func longMessagesStayInsideSlackLimits() {
        var n = WebhookPayloadTests.notification()
        let one = n.alerts[0]
        n.alerts = (0..<80).map { i in
            var a = one
            a.id = "id\(i)"
            a.impact = (0..<200).map { AlertImpact(id: "x\($0)", rule: "InterfaceDown", labels: LabelSet(["ifname": "Gi0/\($0)"]), summary: "Gi0/\($0) down") }
            return a
        }
        let message = SlackMessage(n, channel: nil, externalURL: "")
        #expect(message.blocks.count == SlackMessage.maxBlocks)
        #expect(message.blocks.allSatisfy { $0.text.text.count <= SlackMessage.maxSectionText })
        #expect(message.blocks.last?.text.text == "… and 32 more alerts")
        #expect(message.blocks[1].text.text.hasSuffix("more lines"))
    }

    @Test func aHugeImpactIsListedUpToTheLimitAndCounted() throws {
        var n = WebhookPayloadTests.notification()
        n.alerts[0].impact = (0..<12_451).map {
            AlertImpact(id: "x\($0)", rule: "DeviceDown", labels: LabelSet(["device": "d\($0)"]), summary: "d\($0) down")
        }
        let text = NotificationText.body(n, externalURL: "")
        #expect(text.contains("impact: 12451 dependent alerts suppressed"))
        #expect(text.contains("    - d99 down") && !text.contains("    - d100 down"))
        #expect(text.contains("… and 12351 more"))
        let item = WebhookPayload(n, externalURL: "").alerts[0]
        #expect(item.annotations["impact"]?.split(separator: "\n").count == NotificationText.impactListLimit + 1)
        #expect(item.annotations["impact_count"] == "12451")
    }
}
