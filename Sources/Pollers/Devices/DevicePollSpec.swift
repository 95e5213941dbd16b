/// One device the poller polls, as the `devices:` configuration section describes it.
public struct DevicePollSpec: Sendable, Hashable {
    /// Unique name: labels metrics, names the device in status and errors.
    public var name: String
    /// Address, version, credentials, timeout, retries and concurrency limit.
    public var target: SNMPTarget
    public var site: String
    /// The device this one sits behind (alerting suppresses its alerts when the parent is down).
    public var parent: String?
    /// Time between the starts of two polls. 60 s: the LibreNMS/Zabbix default.
    public var interval: Duration
    /// Re-walk the name/index tables (interfaces, LLDP, storage) every this many cycles,
    /// and whenever sysUpTime went back.
    public var rewalkEveryCycles: Int
    /// Speeds that win over what the agent reports, bit/s, keyed by ifName.
    public var speedOverrides: [String: UInt64]

    public init(
        name: String, target: SNMPTarget, site: String = "", parent: String? = nil,
        interval: Duration = .seconds(60), rewalkEveryCycles: Int = 60, speedOverrides: [String: UInt64] = [:]
    ) {
        self.name = name
        self.target = target
        self.site = site
        self.parent = parent
        self.interval = interval
        self.rewalkEveryCycles = max(1, rewalkEveryCycles)
        self.speedOverrides = speedOverrides
    }
}
