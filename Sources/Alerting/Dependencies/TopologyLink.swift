/// One LLDP fact: `device` sees `neighbour` on `port`, the neighbour's side being
/// `neighbourPort`. LLDP has no direction, so the graph decides who depends on whom.
public struct TopologyLink: Sendable, Hashable {
    public var device: String
    public var port: String
    public var neighbour: String
    public var neighbourPort: String

    public init(device: String, port: String, neighbour: String, neighbourPort: String) {
        self.device = device
        self.port = port
        self.neighbour = neighbour
        self.neighbourPort = neighbourPort
    }
}
