import NetsightModel

/// One polled device as the store last saw it: what `netsight devices` and
/// `GET /api/v1/devices` list.
public struct DeviceRecord: Sendable, Hashable, Codable {
    public var status: DevicePollStatus
    /// nil until a poll read the system group.
    public var system: DeviceSystemInfo?
    /// nil until a poll read CPU or storage.
    public var health: DeviceHealth?
    /// Rows in the device's stored interface table.
    public var interfaceCount: Int

    public init(status: DevicePollStatus, system: DeviceSystemInfo? = nil, health: DeviceHealth? = nil, interfaceCount: Int = 0) {
        self.status = status
        self.system = system
        self.health = health
        self.interfaceCount = interfaceCount
    }
}

/// One interface of a device: its table row and the latest rates (nil before the first).
public struct InterfaceRecord: Sendable, Hashable, Codable {
    public var info: InterfaceInfo
    public var latest: InterfaceRateSample?

    public init(info: InterfaceInfo, latest: InterfaceRateSample? = nil) {
        self.info = info
        self.latest = latest
    }
}

/// One LLDP neighbour and the device that sees it: an edge of the topology.
public struct NeighbourRecord: Sendable, Hashable, Codable {
    public var device: String
    public var neighbour: LLDPNeighbour

    public init(device: String, neighbour: LLDPNeighbour) {
        self.device = device
        self.neighbour = neighbour
    }
}
