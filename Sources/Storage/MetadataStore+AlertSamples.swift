import Analytics
import Foundation
import GRDB
import NetsightModel

extension MetadataStore {
    /// The newest value of every series alert rules can use (`AlertMetricCatalog`), read
    /// in one read transaction so every rule of one evaluation sees the same moment.
    ///
    /// Read from the store rather than from the pollers' memory so that any `netsight`
    /// sharing the store evaluates the same data (DESIGN.md: shared state lives in the
    /// store). A few table scans: about 0.1 s for 100,000 interfaces here.
    /// - Parameter nowMillis: the end of the trap-rate window (the last 5 minutes).
    public func alertSamples(nowMillis: Int64) throws -> [MetricSample] {
        try read { db in
            var out: [MetricSample] = []
            try Self.deviceSamples(db, into: &out)
            try Self.interfaceSamples(db, into: &out)
            try Self.probeSamples(db, into: &out)
            try Self.trapSamples(db, nowMillis: nowMillis, into: &out)
            return out
        }
    }

    private static func deviceSamples(_ db: Database, into out: inout [MetricSample]) throws {
        let rows = try Row.fetchCursor(
            db, sql: "SELECT name, address, site, error, consecutive_failures, last_poll_ms, health FROM snmp_devices")
        while let row = try rows.next() {
            let name: String = row[0]
            let labels = LabelSet(["device": name, "address": row[1], "site": row[2]])
            let time: Int64 = row[5]
            let up = (row[3] as String?) == nil
            out.append(MetricSample(metric: "device_up", labels: labels, value: up ? 1 : 0, timestampMillis: time))
            out.append(MetricSample(
                metric: "device_poll_failures", labels: labels, value: Double(row[4] as Int64), timestampMillis: time))
            guard let text = row[6] as String?, let health = try? JSONDecoder().decode(DeviceHealth.self, from: Data(text.utf8)) else {
                continue
            }
            if let busiest = health.cpuPercents.max() {
                out.append(MetricSample(metric: "device_cpu_percent", labels: labels, value: busiest, timestampMillis: time))
            }
            for storage in health.storage where storage.sizeBytes > 0 {
                var l = labels
                l["storage"] = storage.descr
                out.append(MetricSample(
                    metric: "device_storage_used_percent", labels: l,
                    value: Double(storage.usedBytes) / Double(storage.sizeBytes) * 100, timestampMillis: time))
            }
        }
    }

    private static func interfaceSamples(_ db: Database, into out: inout [MetricSample]) throws {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT i.device, d.site, i.if_index, i.name, i.alias, i.admin_status, i.oper_status, i.rate_ms,
                       i.in_bps, i.out_bps, i.in_errors, i.out_errors, i.in_discards, i.out_discards, i.in_util, i.out_util,
                       d.last_poll_ms
                FROM snmp_interfaces i JOIN snmp_devices d ON d.name = i.device
                """)
        while let row = try rows.next() {
            let labels = LabelSet([
                "device": row[0], "site": row[1], "ifindex": String(row[2] as Int64), "ifname": row[3], "ifalias": row[4],
            ])
            let polled: Int64 = row[16]
            // ifAdminStatus up(1) only: an interface shut on purpose is not "down".
            if (row[5] as Int64) == 1 {
                // ifOperStatus up(1) and dormant(5) carry traffic or wait for it.
                let oper: Int64 = row[6]
                out.append(MetricSample(
                    metric: "interface_oper_up", labels: labels, value: oper == 1 || oper == 5 ? 1 : 0, timestampMillis: polled))
            }
            guard let rateTime = row[7] as Int64? else { continue }
            func add(_ metric: String, _ value: Double?) {
                if let value { out.append(MetricSample(metric: metric, labels: labels, value: value, timestampMillis: rateTime)) }
            }
            let inUtil: Double? = row[14], outUtil: Double? = row[15]
            add("interface_in_bps", row[8])
            add("interface_out_bps", row[9])
            add("interface_in_utilisation_percent", inUtil)
            add("interface_out_utilisation_percent", outUtil)
            add("interface_utilisation_percent", [inUtil, outUtil].compactMap { $0 }.max())
            add("interface_errors_per_second", sum(row[10], row[11]))
            add("interface_discards_per_second", sum(row[12], row[13]))
        }
    }

    /// In plus out when either is known.
    private static func sum(_ a: Double?, _ b: Double?) -> Double? {
        a == nil && b == nil ? nil : (a ?? 0) + (b ?? 0)
    }

    private static func probeSamples(_ db: Database, into out: inout [MetricSample]) throws {
        let decoder = JSONDecoder()
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, kind, target, labels, latest, latest_ms, raised FROM probes WHERE configured = 1")
        while let row = try rows.next() {
            var labels = LabelSet((try? decoder.decode([String: String].self, from: Data((row[3] as String).utf8))) ?? [:])
            labels["probe"] = row[0]
            labels["kind"] = row[1]
            labels["target"] = row[2]
            guard let text = row[4] as String?, let time = row[5] as Int64?,
                let result = try? decoder.decode(ProbeResult.self, from: Data(text.utf8))
            else { continue }
            func add(_ metric: String, _ value: Double?) {
                if let value { out.append(MetricSample(metric: metric, labels: labels, value: value, timestampMillis: time)) }
            }
            add("probe_success", result.success ? 1 : 0)
            // Loss on a path that works: a run that failed outright is probe_success 0, and
            // a second alert for its 100 % loss would be noise.
            if result.success { add("probe_loss_percent", result.value(of: .lossPercent)) }
            add("probe_rtt_median_ms", result.value(of: .rttMedian))
            add("probe_rtt_avg_ms", result.value(of: .rttAverage))
            add("probe_rtt_max_ms", result.value(of: .rttMax))
            add("probe_jitter_ms", result.value(of: .jitter))
            add("probe_mos", result.value(of: .mos))
            add("probe_certificate_days", result.value(of: .certificateDays))
            let raised = (try? decoder.decode([String].self, from: Data((row[6] as String).utf8))) ?? []
            for reaction in raised {
                var l = labels
                l["reaction"] = reaction
                out.append(MetricSample(metric: "probe_reaction_raised", labels: l, value: 1, timestampMillis: time))
            }
        }
    }

    /// Traps of one kind from one device over the last five minutes, per minute: enough to
    /// catch a storm of linkDown traps without alerting on each one.
    private static func trapSamples(_ db: Database, nowMillis: Int64, into out: inout [MetricSample]) throws {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT COALESCE(e.device_name, ''), COALESCE(d.site, ''), e.trap_name, COUNT(*), MAX(e.time_ms)
                FROM snmp_events e LEFT JOIN snmp_devices d ON d.name = e.device_name
                WHERE e.time_ms > ? AND e.time_ms <= ?
                GROUP BY 1, 2, 3
                """,
            arguments: [nowMillis - 300_000, nowMillis])
        while let row = try rows.next() {
            let labels = LabelSet(["device": row[0], "site": row[1], "trap": row[2]])
            out.append(MetricSample(
                metric: "snmp_traps_per_minute", labels: labels, value: Double(row[3] as Int64) / 5,
                timestampMillis: row[4]))
        }
    }
}
