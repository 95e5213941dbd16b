import Foundation
import NetsightModel

/// The idempotency key of a notification: FNV-1a 64 over receiver, group, kind, the sorted
/// firing and resolved ids, and when the previous message to this group was sent. The last
/// part makes a repeat (same alerts, hours later) a new message, while a retry or a replay
/// after a restart (the log rebuilt as it was) gets the very same id.
enum NotificationID {
    static func make(
        receiver: String, groupKey: String, kind: AlertNotification.Kind, firing: [String], resolved: [String],
        previousSentAt: Date?
    ) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String) {
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            hash = (hash ^ 0xff) &* 0x0000_0100_0000_01b3
        }
        mix(receiver)
        mix(groupKey)
        mix(kind.rawValue)
        for id in firing.sorted() { mix(id) }
        mix("|")
        for id in resolved.sorted() { mix(id) }
        mix(previousSentAt.map { String(Int64(($0.timeIntervalSince1970 * 1000).rounded())) } ?? "-")
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
