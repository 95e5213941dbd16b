import Foundation
import GRDB
import NetsightModel

extension MetadataStore {
    // MARK: Notification log

    public func notificationLog() throws -> [NotificationLogEntry] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT json FROM notification_log ORDER BY receiver, group_key").map {
                try AlertStoreCoding.decode(NotificationLogEntry.self, $0)
            }
        }
    }

    /// Upserts entries by (receiver, group key).
    public func saveNotificationLog(_ entries: [NotificationLogEntry]) throws {
        guard !entries.isEmpty else { return }
        try write { db in
            let upsert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO notification_log (receiver, group_key, sent_ms, json) VALUES (?, ?, ?, ?)
                """)
            for e in entries {
                try upsert.execute(arguments: [
                    e.receiver, e.groupKey, AlertStoreCoding.millis(e.sentAt), try AlertStoreCoding.encode(e),
                ])
            }
        }
    }

    public func deleteNotificationLog(sentBefore: Date) throws -> Int {
        try write { db in
            try db.execute(sql: "DELETE FROM notification_log WHERE sent_ms < ?", arguments: [AlertStoreCoding.millis(sentBefore)])
            return db.changesCount
        }
    }

    // MARK: Deliveries still to make

    /// Upserts by (notification id, receiver).
    public func savePendingDelivery(_ delivery: PendingDelivery) throws {
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO pending_deliveries (id, receiver, next_attempt_ms, attempts, json)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [
                    delivery.notification.id, delivery.notification.receiver,
                    AlertStoreCoding.millis(delivery.nextAttemptAt), delivery.attempts, try AlertStoreCoding.encode(delivery),
                ])
        }
    }

    /// Every pending delivery, soonest attempt first.
    public func pendingDeliveries() throws -> [PendingDelivery] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT json FROM pending_deliveries ORDER BY next_attempt_ms, id").map {
                try AlertStoreCoding.decode(PendingDelivery.self, $0)
            }
        }
    }

    public func removePendingDelivery(id: String, receiver: String) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM pending_deliveries WHERE id = ? AND receiver = ?", arguments: [id, receiver])
        }
    }
}
