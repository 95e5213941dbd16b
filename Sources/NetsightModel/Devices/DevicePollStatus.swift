/// How the last poll of one device went: what `netsight devices`, `GET /api/v1/devices`
/// and `/metrics` show, so an operator can tell which device is slow or failing and why.
public struct DevicePollStatus: Sendable, Hashable, Codable {
    public var device: String
    /// The polled address as configured ("10.1.2.3" or "10.1.2.3:1161").
    public var address: String
    public var site: String
    /// The devices this one depends on, comma-separated when several (alerting suppresses
    /// the alerts of a device whose parents are all down).
    public var parent: String?
    /// When the last poll started, milliseconds since the Unix epoch.
    public var lastPollMillis: UInt64
    public var durationMillis: UInt64
    /// nil when the last poll succeeded; else what failed, naming the device
    /// ("timeout after 2 tries", "authentication failed for user X on 10.1.2.3:161").
    public var error: String?
    /// When a poll last succeeded; nil if never.
    public var lastSuccessMillis: UInt64?
    public var consecutiveFailures: Int
    /// Whether the poll finished after its interval had already elapsed (the cycle overran).
    public var late: Bool

    public init(
        device: String, address: String, site: String = "", parent: String? = nil,
        lastPollMillis: UInt64, durationMillis: UInt64, error: String? = nil,
        lastSuccessMillis: UInt64? = nil, consecutiveFailures: Int = 0, late: Bool = false
    ) {
        self.device = device
        self.address = address
        self.site = site
        self.parent = parent
        self.lastPollMillis = lastPollMillis
        self.durationMillis = durationMillis
        self.error = error
        self.lastSuccessMillis = lastSuccessMillis
        self.consecutiveFailures = consecutiveFailures
        self.late = late
    }

    public var isUp: Bool { error == nil }
}
