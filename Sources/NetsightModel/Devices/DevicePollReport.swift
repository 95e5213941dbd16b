/// Everything one poll of one device produced, handed by the poller to its sink (the
/// store, the metrics, the flow enricher). Parts not read this cycle are nil: the
/// inventory (system, interfaces, neighbours) is re-read only on a re-walk.
public struct DevicePollReport: Sendable, Hashable, Codable {
    public var status: DevicePollStatus
    public var system: DeviceSystemInfo?
    /// The whole interface table when it was (re)walked or its status read this cycle.
    public var interfaces: [InterfaceInfo]?
    public var rates: [InterfaceRateSample]
    public var health: DeviceHealth?
    public var neighbours: [LLDPNeighbour]?

    public init(
        status: DevicePollStatus, system: DeviceSystemInfo? = nil, interfaces: [InterfaceInfo]? = nil,
        rates: [InterfaceRateSample] = [], health: DeviceHealth? = nil, neighbours: [LLDPNeighbour]? = nil
    ) {
        self.status = status
        self.system = system
        self.interfaces = interfaces
        self.rates = rates
        self.health = health
        self.neighbours = neighbours
    }

    public var device: String { status.device }
}
