import Foundation
import GRDB
import NetsightModel

extension MetadataStore {
    // MARK: Current alerts

    /// Makes the stored alerts exactly `alerts` (the engine's set after an evaluation):
    /// upserts them and deletes the others, in one transaction. An acknowledgement made
    /// meanwhile (by the API or the CLI) is kept in its own table, so this never wipes it;
    /// it is dropped only when its alert is gone.
    public func replaceAlerts(_ alerts: [Alert]) throws {
        try write { db in
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS keep_alerts (id TEXT PRIMARY KEY) WITHOUT ROWID")
            try db.execute(sql: "DELETE FROM keep_alerts")
            let keep = try db.cachedStatement(sql: "INSERT OR IGNORE INTO keep_alerts (id) VALUES (?)")
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO alerts (id, rule, state, updated_ms, json) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET rule = excluded.rule, state = excluded.state,
                  updated_ms = excluded.updated_ms, json = excluded.json
                  WHERE alerts.json IS NOT excluded.json
                """)
            for alert in alerts {
                var stored = alert
                stored.acknowledgement = nil
                try keep.execute(arguments: [alert.id])
                try upsert.execute(arguments: [
                    alert.id, alert.rule, alert.state.rawValue, AlertStoreCoding.millis(alert.lastEvaluatedAt),
                    try AlertStoreCoding.encode(stored),
                ])
            }
            try db.execute(sql: "DELETE FROM alerts WHERE id NOT IN (SELECT id FROM keep_alerts)")
            try db.execute(sql: "DELETE FROM alert_acks WHERE id NOT IN (SELECT id FROM keep_alerts)")
            try db.execute(sql: "DELETE FROM keep_alerts")
        }
    }

    /// Every stored alert, with its acknowledgement, by id.
    public func alerts() throws -> [Alert] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT a.json, k.json FROM alerts a LEFT JOIN alert_acks k ON k.id = a.id ORDER BY a.id"
            ).map(Self.alert)
        }
    }

    public func alert(id: String) throws -> Alert? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT a.json, k.json FROM alerts a LEFT JOIN alert_acks k ON k.id = a.id WHERE a.id = ?",
                arguments: [id]
            ).map(Self.alert)
        }
    }

    /// Records that someone took the alert; nil when no such alert is stored.
    public func acknowledge(id: String, by: String, comment: String, at: Date) throws -> Alert? {
        let ack = AlertAcknowledgement(by: by, comment: comment, at: at)
        let found = try write { db -> Bool in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM alerts WHERE id = ?", arguments: [id]) != nil else { return false }
            try db.execute(
                sql: "INSERT OR REPLACE INTO alert_acks (id, json) VALUES (?, ?)",
                arguments: [id, try AlertStoreCoding.encode(ack)])
            return true
        }
        return found ? try alert(id: id) : nil
    }

    /// Every acknowledgement, by alert id: the engine merges these each evaluation.
    public func acknowledgements() throws -> [String: AlertAcknowledgement] {
        try read { db in
            var out: [String: AlertAcknowledgement] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, json FROM alert_acks") {
                out[row[0]] = try AlertStoreCoding.decode(AlertAcknowledgement.self, row[1])
            }
            return out
        }
    }

    private static func alert(_ row: Row) throws -> Alert {
        var alert = try AlertStoreCoding.decode(Alert.self, row[0])
        if let ack = row[1] as String? { alert.acknowledgement = try AlertStoreCoding.decode(AlertAcknowledgement.self, ack) }
        return alert
    }

    // MARK: History

    public func appendAlertEvents(_ events: [AlertEvent]) throws {
        guard !events.isEmpty else { return }
        try write { db in try Self.insert(events, db) }
    }

    static func insert(_ events: [AlertEvent], _ db: Database) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO alert_events (time_ms, alert_id, rule, kind, receiver, detail) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for e in events {
            try insert.execute(arguments: [
                AlertStoreCoding.millis(e.time), e.alertID, e.rule, e.kind.rawValue, e.receiver, e.detail,
            ])
        }
    }

    /// Events with `from <= time <= to`, of one rule and/or one alert when given, oldest
    /// first; with `limit`, the newest `limit` of them (still oldest first).
    public func alertEvents(
        from: Date, to: Date, rule: String? = nil, alertID: String? = nil, limit: Int? = nil
    ) throws -> [AlertEvent] {
        try read { db in
            var sql = "SELECT time_ms, alert_id, rule, kind, receiver, detail FROM alert_events WHERE time_ms BETWEEN ? AND ?"
            var arguments: StatementArguments = [AlertStoreCoding.millis(from), AlertStoreCoding.millis(to)]
            if let rule {
                sql += " AND rule = ?"
                arguments += [rule]
            }
            if let alertID {
                sql += " AND alert_id = ?"
                arguments += [alertID]
            }
            sql += " ORDER BY time_ms DESC, id DESC"
            if let limit {
                sql += " LIMIT ?"
                arguments += [limit]
            }
            let events = try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                AlertEvent(
                    time: AlertStoreCoding.date(row[0]), alertID: row[1], rule: row[2],
                    kind: AlertEvent.Kind(rawValue: row[3]) ?? .raised, receiver: row[4], detail: row[5])
            }
            return events.reversed()
        }
    }

    public func deleteAlertEvents(before: Date) throws -> Int {
        try write { db in
            try db.execute(sql: "DELETE FROM alert_events WHERE time_ms < ?", arguments: [AlertStoreCoding.millis(before)])
            return db.changesCount
        }
    }
}

extension MetadataStore {
    /// The cheap path for each evaluation: writes only the alerts that changed and deletes
    /// the ones that are gone (with their acknowledgements). `replaceAlerts` encodes every
    /// alert, which for 100,000 of them costs seconds.
    public func updateAlerts(upserting changed: [Alert], removing gone: [String]) throws {
        guard !changed.isEmpty || !gone.isEmpty else { return }
        try write { db in
            let upsert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO alerts (id, rule, state, updated_ms, json) VALUES (?, ?, ?, ?, ?)
                """)
            for alert in changed {
                var stored = alert
                stored.acknowledgement = nil
                try upsert.execute(arguments: [
                    alert.id, alert.rule, alert.state.rawValue, AlertStoreCoding.millis(alert.lastEvaluatedAt),
                    try AlertStoreCoding.encode(stored),
                ])
            }
            let delete = try db.cachedStatement(sql: "DELETE FROM alerts WHERE id = ?")
            let deleteAck = try db.cachedStatement(sql: "DELETE FROM alert_acks WHERE id = ?")
            for id in gone {
                try delete.execute(arguments: [id])
                try deleteAck.execute(arguments: [id])
            }
        }
    }
}
