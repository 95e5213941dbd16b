import Foundation
import GRDB
import NetsightModel

extension MetadataStore {
    // MARK: Silences

    public func insertSilence(_ silence: Silence) throws {
        try write { db in
            try db.execute(
                sql: "INSERT INTO silences (id, ends_ms, json) VALUES (?, ?, ?)",
                arguments: [silence.id, AlertStoreCoding.millis(silence.endsAt), try AlertStoreCoding.encode(silence)])
        }
    }

    /// Ends a silence now, as Alertmanager's DELETE does: `endsAt` becomes `at` unless it
    /// was already earlier (an expired silence stays as it was). nil when unknown.
    public func expireSilence(id: String, at: Date) throws -> Silence? {
        try write { db in
            guard let text = try String.fetchOne(db, sql: "SELECT json FROM silences WHERE id = ?", arguments: [id]) else {
                return nil
            }
            var silence = try AlertStoreCoding.decode(Silence.self, text)
            guard silence.endsAt > at else { return silence }
            silence.endsAt = max(at, silence.startsAt)
            silence.updatedAt = at
            try db.execute(
                sql: "UPDATE silences SET ends_ms = ?, json = ? WHERE id = ?",
                arguments: [AlertStoreCoding.millis(silence.endsAt), try AlertStoreCoding.encode(silence), id])
            return silence
        }
    }

    /// Every stored silence, newest end first.
    public func silences() throws -> [Silence] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT json FROM silences ORDER BY ends_ms DESC, id").map {
                try AlertStoreCoding.decode(Silence.self, $0)
            }
        }
    }

    public func silence(id: String) throws -> Silence? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT json FROM silences WHERE id = ?", arguments: [id]).map {
                try AlertStoreCoding.decode(Silence.self, $0)
            }
        }
    }

    /// Forgets silences that ended before the cutoff; returns how many.
    public func deleteSilences(expiredBefore: Date) throws -> Int {
        try write { db in
            try db.execute(sql: "DELETE FROM silences WHERE ends_ms < ?", arguments: [AlertStoreCoding.millis(expiredBefore)])
            return db.changesCount
        }
    }

    // MARK: Maintenance windows

    public func insertMaintenanceWindow(_ window: MaintenanceWindow) throws {
        try write { db in
            try db.execute(
                sql: "INSERT INTO maintenance_windows (id, json) VALUES (?, ?)",
                arguments: [window.id, try AlertStoreCoding.encode(window)])
        }
    }

    public func maintenanceWindows() throws -> [MaintenanceWindow] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT json FROM maintenance_windows ORDER BY id").map {
                try AlertStoreCoding.decode(MaintenanceWindow.self, $0)
            }
        }
    }

    public func maintenanceWindow(id: String) throws -> MaintenanceWindow? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT json FROM maintenance_windows WHERE id = ?", arguments: [id]).map {
                try AlertStoreCoding.decode(MaintenanceWindow.self, $0)
            }
        }
    }

    /// Removes a window; false when there was none with that id.
    public func deleteMaintenanceWindow(id: String) throws -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM maintenance_windows WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }
}
