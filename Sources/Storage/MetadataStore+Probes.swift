import Foundation
import GRDB
import NetsightModel

extension MetadataStore {
    // MARK: Probes

    /// Makes the stored probe list match the configuration: each spec is upserted (its
    /// latest result kept), and probes no longer configured are marked so, not deleted, so
    /// their history stays readable.
    public func syncProbes(_ specs: [ProbeSpec]) throws {
        try write { db in
            try db.execute(sql: "UPDATE probes SET configured = 0")
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO probes (id, kind, target, labels, interval_ms, count, configured)
                VALUES (?, ?, ?, ?, ?, ?, 1)
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, target = excluded.target,
                  labels = excluded.labels, interval_ms = excluded.interval_ms, count = excluded.count, configured = 1
                """)
            for spec in specs {
                try upsert.execute(arguments: [
                    spec.id, spec.kind.rawValue, spec.target, try Self.json(spec.labels),
                    spec.interval.components.seconds * 1000 + spec.interval.components.attoseconds / 1_000_000_000_000_000,
                    spec.count,
                ])
            }
        }
    }

    /// Appends results in one transaction and makes each its probe's latest.
    public func recordProbeResults(_ results: [ProbeResult]) throws {
        guard !results.isEmpty else { return }
        try write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO probe_results
                (probe_id, started_ms, success, failure_reason, sent, received, rtt_median_us, rtt_mean_us, rtt_max_us, result)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let latest = try db.cachedStatement(sql: """
                UPDATE probes SET latest = ?, latest_ms = ? WHERE id = ? AND (latest_ms IS NULL OR latest_ms <= ?)
                """)
            for r in results {
                let json = try Self.json(r)
                let ms = Self.millis(r.startedAt)
                try insert.execute(arguments: [
                    r.probeID, ms, r.success, r.failure?.reason.rawValue, r.sent, r.received, r.rtt?.medianMicros,
                    r.rtt?.meanMicros, r.rtt?.maxMicros, json,
                ])
                try latest.execute(arguments: [json, ms, r.probeID, ms])
            }
        }
    }

    /// Appends reaction events and keeps each probe's list of raised reactions current.
    public func recordProbeReactions(_ events: [ProbeReactionRecord]) throws {
        guard !events.isEmpty else { return }
        try write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO probe_reaction_events
                (probe_id, reaction, metric, severity, raised, value, threshold, timestamp_ms, labels)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for e in events {
                try insert.execute(arguments: [
                    e.probeID, e.reaction, e.metric.rawValue, e.severity, e.raised, e.value, e.threshold,
                    e.timestampMillis, try Self.json(e.labels),
                ])
                let current = try String.fetchOne(db, sql: "SELECT raised FROM probes WHERE id = ?", arguments: [e.probeID])
                var raised = Set(try current.map { try JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? [])
                if e.raised { raised.insert(e.reaction) } else { raised.remove(e.reaction) }
                try db.execute(
                    sql: "UPDATE probes SET raised = ? WHERE id = ?", arguments: [try Self.json(raised.sorted()), e.probeID])
            }
        }
    }

    /// Every stored probe, configured ones first, by id.
    public func probes() throws -> [ProbeRecord] {
        try read { db in
            try Row.fetchAll(db, sql: Self.probeSelect + " ORDER BY configured DESC, id").map(Self.probeRecord)
        }
    }

    public func probe(id: String) throws -> ProbeRecord? {
        try read { db in
            try Row.fetchOne(db, sql: Self.probeSelect + " WHERE id = ?", arguments: [id]).map(Self.probeRecord)
        }
    }

    /// One probe's results with `fromMillis <= startedAt <= toMillis`, oldest first.
    public func probeResults(id: String, fromMillis: UInt64, toMillis: UInt64) throws -> [ProbeResult] {
        try read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT result FROM probe_results WHERE probe_id = ? AND started_ms BETWEEN ? AND ?
                    ORDER BY started_ms
                    """,
                arguments: [id, Int64(clamping: fromMillis), Int64(clamping: toMillis)]
            ).map { try Self.decoder.decode(ProbeResult.self, from: Data($0.utf8)) }
        }
    }

    /// Reaction events with `fromMillis <= timestamp <= toMillis`, of one probe or all, oldest first.
    public func probeReactions(id: String? = nil, fromMillis: UInt64, toMillis: UInt64) throws -> [ProbeReactionRecord] {
        try read { db in
            var sql = """
                SELECT probe_id, reaction, metric, severity, raised, value, threshold, timestamp_ms, labels
                FROM probe_reaction_events WHERE timestamp_ms BETWEEN ? AND ?
                """
            var arguments: StatementArguments = [Int64(clamping: fromMillis), Int64(clamping: toMillis)]
            if let id {
                sql += " AND probe_id = ?"
                arguments += [id]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY timestamp_ms, id", arguments: arguments).map { row in
                ProbeReactionRecord(
                    probeID: row[0], reaction: row[1], metric: ProbeMetric(rawValue: row[2]) ?? .failed, severity: row[3],
                    raised: row[4], value: row[5], threshold: row[6], timestampMillis: row[7],
                    labels: (try? JSONDecoder().decode([String: String].self, from: Data((row[8] as String).utf8))) ?? [:])
            }
        }
    }

    /// Deletes results older than the cutoff; returns how many.
    public func deleteProbeResults(olderThanMillis: UInt64) throws -> Int {
        try write { db in
            try db.execute(sql: "DELETE FROM probe_results WHERE started_ms < ?", arguments: [Int64(clamping: olderThanMillis)])
            return db.changesCount
        }
    }

    private static let probeSelect = """
        SELECT id, kind, target, labels, interval_ms, count, configured, latest, raised FROM probes
        """

    private static func probeRecord(_ row: Row) throws -> ProbeRecord {
        ProbeRecord(
            id: row[0], kind: ProbeKind(rawValue: row[1]) ?? .icmp, target: row[2],
            labels: try decoder.decode([String: String].self, from: Data((row[3] as String).utf8)),
            intervalMillis: row[4], count: row[5], configured: row[6],
            latest: try (row[7] as String?).map { try decoder.decode(ProbeResult.self, from: Data($0.utf8)) },
            raisedReactions: try decoder.decode([String].self, from: Data((row[8] as String).utf8)))
    }

    private static let decoder = JSONDecoder()

    private static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }
}
