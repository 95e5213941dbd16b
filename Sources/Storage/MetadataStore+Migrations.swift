import GRDB

extension MetadataStore {
    /// Schema history. Append migrations; never edit a shipped one (GRDB records which ran).
    ///
    /// SQLite integers are signed 64-bit: timestamps are stored clamped to `Int64.max` (so
    /// range queries order correctly; that is year 292 million), counters as
    /// `Int64(bitPattern:)` so any `UInt64` survives a round trip. A counter sum past
    /// `Int64.max` in one rollup row would turn into a REAL in SQLite; at 100 Gb/s that
    /// takes 23 years within one minute bucket.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE exporter_templates (
                    exporter_key TEXT PRIMARY KEY NOT NULL,
                    blob BLOB NOT NULL
                );
                CREATE TABLE interface_counters (
                    agent BLOB NOT NULL,
                    timestamp_ms INTEGER NOT NULL,
                    if_index INTEGER NOT NULL,
                    if_type INTEGER NOT NULL,
                    if_speed INTEGER NOT NULL,
                    if_direction INTEGER NOT NULL,
                    if_status INTEGER NOT NULL,
                    in_octets INTEGER NOT NULL,
                    in_ucast INTEGER NOT NULL,
                    in_mcast INTEGER NOT NULL,
                    in_bcast INTEGER NOT NULL,
                    in_discards INTEGER NOT NULL,
                    in_errors INTEGER NOT NULL,
                    in_unknown_protos INTEGER NOT NULL,
                    out_octets INTEGER NOT NULL,
                    out_ucast INTEGER NOT NULL,
                    out_mcast INTEGER NOT NULL,
                    out_bcast INTEGER NOT NULL,
                    out_discards INTEGER NOT NULL,
                    out_errors INTEGER NOT NULL,
                    promiscuous INTEGER NOT NULL
                );
                CREATE INDEX interface_counters_time ON interface_counters(timestamp_ms);
                CREATE INDEX interface_counters_agent_time ON interface_counters(agent, timestamp_ms);
                CREATE TABLE flow_rollups (
                    minute_ms INTEGER NOT NULL,
                    exporter_name TEXT NOT NULL,
                    input_if INTEGER NOT NULL,
                    output_if INTEGER NOT NULL,
                    proto INTEGER NOT NULL,
                    src_as INTEGER NOT NULL,
                    dst_as INTEGER NOT NULL,
                    src_site TEXT NOT NULL,
                    dst_site TEXT NOT NULL,
                    bytes INTEGER NOT NULL,
                    packets INTEGER NOT NULL,
                    flows INTEGER NOT NULL,
                    PRIMARY KEY (minute_ms, exporter_name, input_if, output_if, proto, src_as, dst_as, src_site, dst_site)
                ) WITHOUT ROWID;
                """)
        }
        // SNMP traps and informs (MetadataStore+Events.swift), and the trap receiver's own
        // SNMPv3 engine (ID and boots survive restarts, RFC 3414 2.2).
        m.registerMigration("v2-snmp-events") { db in
            try db.execute(sql: """
                CREATE TABLE snmp_events (
                    id INTEGER PRIMARY KEY,
                    time_ms INTEGER NOT NULL,
                    source BLOB NOT NULL,
                    version TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    security TEXT NOT NULL,
                    trap_oid TEXT NOT NULL,
                    trap_name TEXT NOT NULL,
                    device_name TEXT,
                    agent_address BLOB,
                    uptime INTEGER,
                    if_index INTEGER,
                    if_descr TEXT,
                    if_admin_status INTEGER,
                    if_oper_status INTEGER,
                    varbinds TEXT NOT NULL
                );
                CREATE INDEX snmp_events_time ON snmp_events(time_ms);
                CREATE TABLE snmp_engine (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    engine_id BLOB NOT NULL,
                    boots INTEGER NOT NULL
                );
                """)
        }
        // SNMP device polling (MetadataStore+Devices.swift): the latest status, system group,
        // health, interface table and LLDP neighbours per device (replaced as polls report
        // them), and the interface rate time series.
        m.registerMigration("v3-snmp-devices") { db in
            try db.execute(sql: """
                CREATE TABLE snmp_devices (
                    name TEXT PRIMARY KEY NOT NULL,
                    address TEXT NOT NULL,
                    site TEXT NOT NULL,
                    parent TEXT,
                    last_poll_ms INTEGER NOT NULL,
                    duration_ms INTEGER NOT NULL,
                    error TEXT,
                    last_success_ms INTEGER,
                    consecutive_failures INTEGER NOT NULL,
                    late INTEGER NOT NULL,
                    sys_name TEXT,
                    sys_descr TEXT,
                    sys_object_id TEXT,
                    sys_uptime INTEGER,
                    health TEXT
                );
                CREATE TABLE snmp_interfaces (
                    device TEXT NOT NULL,
                    if_index INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    alias TEXT NOT NULL,
                    descr TEXT NOT NULL,
                    type INTEGER NOT NULL,
                    speed INTEGER,
                    admin_status INTEGER NOT NULL,
                    oper_status INTEGER NOT NULL,
                    generation INTEGER NOT NULL,
                    rate_ms INTEGER,
                    interval_ms INTEGER,
                    in_bps REAL, out_bps REAL, in_pps REAL, out_pps REAL, in_errors REAL, out_errors REAL,
                    in_discards REAL, out_discards REAL, in_util REAL, out_util REAL,
                    PRIMARY KEY (device, if_index)
                ) WITHOUT ROWID;
                CREATE TABLE snmp_neighbours (
                    device TEXT NOT NULL,
                    local_port_num INTEGER NOT NULL,
                    local_port TEXT NOT NULL,
                    remote_chassis_id TEXT NOT NULL,
                    remote_port TEXT NOT NULL,
                    remote_port_descr TEXT NOT NULL,
                    remote_sys_name TEXT NOT NULL
                );
                CREATE INDEX snmp_neighbours_device ON snmp_neighbours(device);
                CREATE TABLE snmp_interface_rates (
                    device TEXT NOT NULL,
                    site TEXT NOT NULL,
                    if_index INTEGER NOT NULL,
                    if_name TEXT NOT NULL,
                    if_alias TEXT NOT NULL,
                    timestamp_ms INTEGER NOT NULL,
                    interval_ms INTEGER,
                    speed INTEGER,
                    in_bps REAL, out_bps REAL, in_pps REAL, out_pps REAL, in_errors REAL, out_errors REAL,
                    in_discards REAL, out_discards REAL, in_util REAL, out_util REAL
                );
                CREATE INDEX snmp_interface_rates_series ON snmp_interface_rates(device, if_name, timestamp_ms);
                CREATE INDEX snmp_interface_rates_time ON snmp_interface_rates(timestamp_ms);
                """)
        }
        // Probes (MetadataStore+Probes.swift): the configured probes with their latest
        // result and raised reactions, every run's result, and reaction events.
        m.registerMigration("v4-probes") { db in
            try db.execute(sql: """
                CREATE TABLE probes (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    target TEXT NOT NULL,
                    labels TEXT NOT NULL,
                    interval_ms INTEGER NOT NULL,
                    count INTEGER NOT NULL,
                    configured INTEGER NOT NULL,
                    latest TEXT,
                    latest_ms INTEGER,
                    raised TEXT NOT NULL DEFAULT '[]'
                );
                CREATE TABLE probe_results (
                    probe_id TEXT NOT NULL,
                    started_ms INTEGER NOT NULL,
                    success INTEGER NOT NULL,
                    failure_reason TEXT,
                    sent INTEGER NOT NULL,
                    received INTEGER NOT NULL,
                    rtt_median_us REAL,
                    rtt_mean_us REAL,
                    rtt_max_us REAL,
                    result TEXT NOT NULL
                );
                CREATE INDEX probe_results_series ON probe_results(probe_id, started_ms);
                CREATE INDEX probe_results_time ON probe_results(started_ms);
                CREATE TABLE probe_reaction_events (
                    id INTEGER PRIMARY KEY,
                    probe_id TEXT NOT NULL,
                    reaction TEXT NOT NULL,
                    metric TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    raised INTEGER NOT NULL,
                    value REAL NOT NULL,
                    threshold REAL NOT NULL,
                    timestamp_ms INTEGER NOT NULL,
                    labels TEXT NOT NULL
                );
                CREATE INDEX probe_reaction_events_time ON probe_reaction_events(timestamp_ms);
                """)
        }
        // Alerting (MetadataStore+Alerts.swift, +AlertSilences.swift, +AlertNotifications.swift):
        // current alerts, their history, silences, maintenance windows, the notification
        // log and the deliveries still to make. Values are JSON (`AlertStoreCoding`), with
        // columns for what is queried.
        m.registerMigration("v5-alerts") { db in
            try db.execute(sql: """
                CREATE TABLE alerts (
                    id TEXT PRIMARY KEY NOT NULL,
                    rule TEXT NOT NULL,
                    state TEXT NOT NULL,
                    updated_ms INTEGER NOT NULL,
                    json TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE alert_acks (
                    id TEXT PRIMARY KEY NOT NULL,
                    json TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE alert_events (
                    id INTEGER PRIMARY KEY,
                    time_ms INTEGER NOT NULL,
                    alert_id TEXT NOT NULL,
                    rule TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    receiver TEXT,
                    detail TEXT NOT NULL
                );
                CREATE INDEX alert_events_time ON alert_events(time_ms);
                CREATE INDEX alert_events_rule ON alert_events(rule, time_ms);
                CREATE INDEX alert_events_alert ON alert_events(alert_id, time_ms);
                CREATE TABLE silences (
                    id TEXT PRIMARY KEY NOT NULL,
                    ends_ms INTEGER NOT NULL,
                    json TEXT NOT NULL
                );
                CREATE TABLE maintenance_windows (
                    id TEXT PRIMARY KEY NOT NULL,
                    json TEXT NOT NULL
                );
                CREATE TABLE notification_log (
                    receiver TEXT NOT NULL,
                    group_key TEXT NOT NULL,
                    sent_ms INTEGER NOT NULL,
                    json TEXT NOT NULL,
                    PRIMARY KEY (receiver, group_key)
                ) WITHOUT ROWID;
                CREATE TABLE pending_deliveries (
                    id TEXT NOT NULL,
                    receiver TEXT NOT NULL,
                    next_attempt_ms INTEGER NOT NULL,
                    attempts INTEGER NOT NULL,
                    json TEXT NOT NULL,
                    PRIMARY KEY (id, receiver)
                ) WITHOUT ROWID;
                """)
        }
        return m
    }
}
