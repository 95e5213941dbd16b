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
        try write { db in try Self.upsert(entries, db) }
    }

    static func upsert(_ entries: [NotificationLogEntry], _ db: Database) throws {
        let upsert = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO notification_log (receiver, group_key, sent_ms, json) VALUES (?, ?, ?, ?)
            """)
        for e in entries {
            try upsert.execute(arguments: [
                e.receiver, e.groupKey, AlertStoreCoding.millis(e.sentAt), try AlertStoreCoding.encode(e),
            ])
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
        try write { db in try Self.upsert([delivery], db) }
    }

    static func upsert(_ deliveries: [PendingDelivery], _ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO pending_deliveries (id, receiver, next_attempt_ms, attempts, json)
            VALUES (?, ?, ?, ?, ?)
            """)
        for d in deliveries {
            try statement.execute(arguments: [
                d.notification.id, d.notification.receiver, AlertStoreCoding.millis(d.nextAttemptAt), d.attempts,
                try AlertStoreCoding.encode(d),
            ])
        }
    }

    /// What one evaluation decided, in one transaction: the notification log says a group
    /// was notified exactly when the outbox holds the notification, so a crash between the
    /// two can neither lose a notification nor send it twice.
    public func recordDispatch(log: [NotificationLogEntry], deliveries: [PendingDelivery]) throws {
        guard !log.isEmpty || !deliveries.isEmpty else { return }
        try write { db in
            try Self.upsert(log, db)
            try Self.upsert(deliveries, db)
        }
    }

    /// The end of a delivery (delivered, or failed for good), with the events that say so,
    /// in one transaction.
    public func finishDelivery(id: String, receiver: String, events: [AlertEvent]) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM pending_deliveries WHERE id = ? AND receiver = ?", arguments: [id, receiver])
            try Self.insert(events, db)
        }
    }

    /// The pending deliveries of one receiver, soonest attempt first.
    public func pendingDeliveries(receiver: String) throws -> [PendingDelivery] {
        try read { db in
            try String.fetchAll(
                db, sql: "SELECT json FROM pending_deliveries WHERE receiver = ? ORDER BY next_attempt_ms, id",
                arguments: [receiver]
            ).map { try AlertStoreCoding.decode(PendingDelivery.self, $0) }
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
