import Foundation
import NetsightModel

/// A Slack incoming-webhook body (also taken by Mattermost and Rocket.Chat): `text` as the
/// fallback and the notification preview, plus one `section` block per alert in Slack's
/// mrkdwn. Slack limits a section's text to 3,000 characters and a message to 50 blocks,
/// so long impact lists are cut with a count of what was left out.
public struct SlackMessage: Sendable, Hashable, Codable {
    public struct Block: Sendable, Hashable, Codable {
        public struct Text: Sendable, Hashable, Codable {
            public var type: String
            public var text: String
        }
        public var type: String
        public var text: Text
    }

    public var text: String
    public var channel: String?
    public var blocks: [Block]

    static let maxBlocks = 50
    static let maxSectionText = 3_000

    public init(_ n: AlertNotification, channel: String?, externalURL: String) {
        text = NotificationText.title(n)
        self.channel = channel
        var blocks = [Block(type: "section", text: .init(type: "mrkdwn", text: "*\(Self.escape(text))*"))]
        let room = Self.maxBlocks - 2
        for alert in n.alerts.prefix(room) {
            let body = NotificationText.lines(alert, externalURL: externalURL).map(Self.escape).joined(separator: "\n")
            blocks.append(Block(type: "section", text: .init(type: "mrkdwn", text: Self.cut(body))))
        }
        if n.alerts.count > room {
            blocks.append(Block(type: "section", text: .init(type: "mrkdwn", text: "… and \(n.alerts.count - room) more alerts")))
        }
        self.blocks = blocks
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// Slack's three control characters in mrkdwn.
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    static func cut(_ s: String) -> String {
        guard s.count > maxSectionText else { return s }
        let kept = s.prefix(maxSectionText - 20)
        let cutAt = kept.lastIndex(of: "\n") ?? kept.endIndex
        let dropped = s[cutAt...].split(separator: "\n").count
        return String(kept[..<cutAt]) + "\n… \(dropped) more lines"
    }
}
