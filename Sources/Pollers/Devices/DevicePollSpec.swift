/// One device the poller polls, as the `devices:` configuration section describes it.
public struct DevicePollSpec: Sendable, Hashable {
    /// Unique name: labels metrics, names the device in status and errors.
    public var name: String
    /// Address, version, credentials, timeout, retries and concurrency limit.
    public var target: SNMPTarget
    public var site: String
    /// The devices this one sits behind. Alerting treats it as unreachable, not down, only
    /// when every parent is down (Nagios' semantics), and then suppresses its alerts.
    public var parents: [String]
    /// The first parent, for displays that show one.
    public var parent: String? { parents.first }
    /// Time between the starts of two polls. 60 s: the LibreNMS/Zabbix default.
    public var interval: Duration
    /// Re-walk the name/index tables (interfaces, LLDP, storage) every this many cycles,
    /// and whenever sysUpTime went back.
    public var rewalkEveryCycles: Int
    /// Speeds that win over what the agent reports, bit/s, keyed by ifName.
    public var speedOverrides: [String: UInt64]

    public init(
        name: String, target: SNMPTarget, site: String = "", parent: String? = nil, parents: [String] = [],
        interval: Duration = .seconds(60), rewalkEveryCycles: Int = 60, speedOverrides: [String: UInt64] = [:]
    ) {
        self.name = name
        self.target = target
        self.site = site
        self.parents = (parent.map { [$0] } ?? []) + parents.filter { $0 != parent }
        self.interval = interval
        self.rewalkEveryCycles = max(1, rewalkEveryCycles)
        self.speedOverrides = speedOverrides
    }
}
