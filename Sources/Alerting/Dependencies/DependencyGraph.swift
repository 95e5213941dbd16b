/// Who depends on whom, from the config's parents plus the LLDP topology.
///
/// Config parents always hold. An LLDP link between two devices the config does not relate
/// (neither is the other's parent) is oriented by distance from the top of the network:
///
/// - The **tops** are devices the config names as someone's parent but which have no parent
///   themselves (the cores). A device the config says nothing about (no parents, no
///   children) is not a top: LLDP alone places it.
/// - Hops are the breadth-first distance from the tops over config edges and LLDP links
///   (both treated as undirected for distance).
/// - The end with fewer hops becomes the parent of the other. Equal hops (two cores, two
///   access switches cabled together) give no dependency: neither can hide the other.
///   A link where neither end is reachable from a top gives none either.
///
/// The rule makes "sw-3 is behind core-1" true whether an operator wrote it or LLDP saw it,
/// and never turns a lateral link into a dependency that would hide a real fault.
public struct DependencyGraph: Sendable {
    public let devices: [String: DependencyDevice]
    /// Every parent of each device: config parents, then LLDP-derived ones, sorted.
    public let parents: [String: [String]]
    /// Distance from the tops; absent for devices not connected to any top.
    public let hops: [String: Int]
    /// `device` + port → the LLDP neighbour on that port.
    private let neighbourOnPort: [PortKey: String]

    struct PortKey: Hashable {
        var device: String
        var port: String
    }

    public init(devices: [DependencyDevice], links: [TopologyLink]) {
        var byName: [String: DependencyDevice] = [:]
        for device in devices { byName[device.name] = device }
        var configParents: [String: Set<String>] = [:]
        var hasChildren: Set<String> = []
        var adjacency: [String: [String]] = [:]
        for device in devices {
            configParents[device.name, default: []].formUnion(device.parents)
            for parent in device.parents where parent != device.name {
                hasChildren.insert(parent)
                adjacency[parent, default: []].append(device.name)
                adjacency[device.name, default: []].append(parent)
            }
        }
        var ports: [PortKey: String] = [:]
        for link in links where link.device != link.neighbour {
            adjacency[link.device, default: []].append(link.neighbour)
            adjacency[link.neighbour, default: []].append(link.device)
            ports[PortKey(device: link.device, port: link.port)] = link.neighbour
            if !link.neighbourPort.isEmpty { ports[PortKey(device: link.neighbour, port: link.neighbourPort)] = link.device }
        }
        let tops = hasChildren.filter { (configParents[$0] ?? []).isEmpty }.sorted()
        var hops: [String: Int] = [:]
        var queue = tops
        for top in tops { hops[top] = 0 }
        var head = 0
        while head < queue.count {
            let current = queue[head]
            head += 1
            let next = hops[current]! + 1
            for neighbour in adjacency[current] ?? [] where hops[neighbour] == nil {
                hops[neighbour] = next
                queue.append(neighbour)
            }
        }
        var allParents = configParents
        for link in links where link.device != link.neighbour {
            let a = link.device, b = link.neighbour
            if configParents[a]?.contains(b) == true || configParents[b]?.contains(a) == true { continue }
            switch (hops[a], hops[b]) {
            case let (ha?, hb?) where ha < hb: allParents[b, default: []].insert(a)
            case let (ha?, hb?) where hb < ha: allParents[a, default: []].insert(b)
            case (_?, nil): allParents[b, default: []].insert(a)
            case (nil, _?): allParents[a, default: []].insert(b)
            default: break
            }
        }
        self.devices = byName
        self.parents = Dictionary(uniqueKeysWithValues: allParents.map { ($0.key, $0.value.subtracting([$0.key]).sorted()) })
            .filter { !$0.value.isEmpty }
        self.hops = hops
        self.neighbourOnPort = ports
    }

    /// The LLDP neighbour seen on `port` of `device`, if any.
    public func neighbour(of device: String, port: String) -> String? {
        neighbourOnPort[PortKey(device: device, port: port)]
    }
}
