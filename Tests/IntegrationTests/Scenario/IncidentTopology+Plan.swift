import Foundation

extension IncidentTopology {
    /// What a device is in the scenario: it decides its parents and its LLDP ports.
    enum Role: Sendable, Hashable {
        /// `core-1`: the router every switch hangs off.
        case core
        /// `sw-01`…`sw-20`: reachable only through the core.
        case accessSwitch
        /// `r-ldn`, `r-nyc`, `r-tyo`, `r-fra`: own management link, plus `to-core`.
        case remoteRouter
        /// `r-sgp`: own management link and `svc0`, nothing to do with the core.
        case unrelatedRouter
    }

    /// One simulated device: a namespace with its own snmpd and lldpd.
    struct Device: Sendable, Hashable {
        let name: String
        let site: String
        let role: Role
        /// The address its snmpd listens on (port 161), reached from the host through a
        /// host-side veth: directly for the core and the routers, via the core for switches.
        let address: String
        /// The devices whose loss makes this one unreachable (alerting's dependency tree).
        let parents: [String]
        /// The interfaces lldpd speaks on: only links to other devices.
        let lldpInterfaces: [String]

        var snmpAddress: String { "\(address):\(IncidentTopology.snmpPort)" }
    }

    /// One end of a veth pair: in a device's namespace, the stub namespace, or the host
    /// (`device == nil && !inStub`).
    struct LinkEnd: Sendable, Hashable {
        var device: String?
        var inStub = false
        let interface: String
        /// CIDR (`10.211.100.2/30`), or nil for links that only carry oper status.
        let address: String?
    }

    /// A veth pair between two ends.
    struct Link: Sendable, Hashable {
        let a: LinkEnd
        let b: LinkEnd
    }

    /// The whole address and wiring plan, a pure function of the name prefix, so it can be
    /// printed and checked before anything is created.
    ///
    /// Everything is in 10.211.100.0/22 (the range this scenario owns) in /30s:
    /// - 10.211.100.0/30: host .1 ↔ core-1 `uplink` .2
    /// - 10.211.100.(4+4i)/30, i = 0…4 (ldn, nyc, tyo, fra, sgp): host .4i+5 ↔ router `mgmt` .4i+6
    /// - 10.211.101.(4n)/30, n = 0…19: core-1 `sw-NN` .4n+1 ↔ switch `to-core` .4n+2
    /// - 10.211.102.(4i)/30, i = 0…3: core-1 `r-XXX` .4i+1 ↔ router `to-core` .4i+2
    /// The host reaches 10.211.101.0/24 via the core; 10.211.102.0/24 is never sent to.
    struct Plan: Sendable {
        static let remoteSites = ["ldn", "nyc", "tyo", "fra"]
        static let unrelatedSite = "sgp"
        static let coreName = "core-1"
        static let coreSite = "dc1"

        let prefix: String
        let devices: [Device]
        let links: [Link]

        init(prefix: String, switchCount: Int) {
            self.prefix = prefix
            var devices: [Device] = []
            var links: [Link] = []
            let switchNames = (1...switchCount).map { String(format: "sw-%02d", $0) }
            let routerNames = Self.remoteSites.map { "r-\($0)" }
            devices.append(
                Device(
                    name: Self.coreName, site: Self.coreSite, role: .core, address: "10.211.100.2", parents: [],
                    lldpInterfaces: switchNames + routerNames))
            links.append(
                Link(
                    a: LinkEnd(device: nil, interface: "\(prefix)c", address: "10.211.100.1/30"),
                    b: LinkEnd(device: Self.coreName, interface: "uplink", address: "10.211.100.2/30")))
            for (n, name) in switchNames.enumerated() {
                devices.append(
                    Device(
                        name: name, site: Self.coreSite, role: .accessSwitch, address: "10.211.101.\(4 * n + 2)",
                        parents: [Self.coreName], lldpInterfaces: ["to-core"]))
                links.append(
                    Link(
                        a: LinkEnd(device: Self.coreName, interface: name, address: "10.211.101.\(4 * n + 1)/30"),
                        b: LinkEnd(device: name, interface: "to-core", address: "10.211.101.\(4 * n + 2)/30")))
            }
            for (i, site) in (Self.remoteSites + [Self.unrelatedSite]).enumerated() {
                let name = "r-\(site)"
                let unrelated = site == Self.unrelatedSite
                devices.append(
                    Device(
                        name: name, site: site, role: unrelated ? .unrelatedRouter : .remoteRouter,
                        address: "10.211.100.\(4 * i + 6)", parents: [], lldpInterfaces: unrelated ? [] : ["to-core"]))
                links.append(
                    Link(
                        a: LinkEnd(device: nil, interface: "\(prefix)\(site)", address: "10.211.100.\(4 * i + 5)/30"),
                        b: LinkEnd(device: name, interface: "mgmt", address: "10.211.100.\(4 * i + 6)/30")))
                if !unrelated {
                    links.append(
                        Link(
                            a: LinkEnd(device: Self.coreName, interface: name, address: "10.211.102.\(4 * i + 1)/30"),
                            b: LinkEnd(device: name, interface: "to-core", address: "10.211.102.\(4 * i + 2)/30")))
                }
            }
            // Links that only carry oper status; their peers sit in the stub namespace.
            links.append(
                Link(
                    a: LinkEnd(device: "r-\(Self.unrelatedSite)", interface: IncidentTopology.unrelatedInterface, address: nil),
                    b: LinkEnd(device: nil, inStub: true, interface: IncidentTopology.unrelatedStubInterface, address: nil)))
            links.append(
                Link(
                    a: LinkEnd(device: "r-fra", interface: IncidentTopology.flappingInterface, address: nil),
                    b: LinkEnd(device: nil, inStub: true, interface: IncidentTopology.flappingStubInterface, address: nil)))
            self.devices = devices
            self.links = links
        }

        var stubNamespace: String { "\(prefix)-stub" }
        func namespace(_ device: String) -> String { "\(prefix)-\(device)" }
        func namespace(of end: LinkEnd) -> String? {
            if end.inStub { return stubNamespace }
            return end.device.map(namespace)
        }

        /// Every namespace, the stub last.
        var namespaces: [String] { devices.map { namespace($0.name) } + [stubNamespace] }

        /// The host ends of the management links: a host route into the scenario must use one.
        var hostInterfaces: [String] { links.compactMap { $0.a.device == nil && !$0.a.inStub ? $0.a.interface : nil } }

        /// The host interface that must carry traffic to `device`.
        func hostInterface(for device: Device) -> String {
            switch device.role {
            case .core, .accessSwitch: return "\(prefix)c"
            case .remoteRouter, .unrelatedRouter: return "\(prefix)\(device.site)"
            }
        }

        /// `ip -batch` lines for the host: namespaces, veth pairs created straight into
        /// their namespaces (so interface names may repeat across devices), host addresses.
        var hostBatch: [String] {
            var lines = namespaces.map { "netns add \($0)" }
            for link in links {
                let aNS = namespace(of: link.a).map { " netns \($0)" } ?? ""
                let bNS = namespace(of: link.b).map { " netns \($0)" } ?? ""
                lines.append("link add \(link.a.interface)\(aNS) type veth peer name \(link.b.interface)\(bNS)")
            }
            for link in links where namespace(of: link.a) == nil {
                if let address = link.a.address { lines.append("addr add \(address) dev \(link.a.interface)") }
                lines.append("link set \(link.a.interface) up")
            }
            return lines
        }

        /// `ip -n NS -batch` lines for one namespace: addresses, every link up, and for
        /// switches a default route via the core (their only way back to the host).
        func namespaceBatch(_ namespaceName: String) -> [String] {
            var lines = ["link set lo up"]
            for link in links {
                for end in [link.a, link.b] where namespace(of: end) == namespaceName {
                    if let address = end.address { lines.append("addr add \(address) dev \(end.interface)") }
                    lines.append("link set \(end.interface) up")
                }
            }
            if let device = devices.first(where: { namespace($0.name) == namespaceName }), device.role == .accessSwitch,
                let coreSide = links.first(where: { $0.b.device == device.name })?.a.address
            {
                lines.append("route add default via \(coreSide.split(separator: "/")[0])")
            }
            return lines
        }

        /// The core's interfaces, loopback first: what `failCore()` sets down.
        var coreInterfaces: [String] {
            ["lo"]
                + links.flatMap { link in [link.a, link.b].filter { $0.device == Self.coreName }.map(\.interface) }
        }

        /// The host route that sends switch traffic into the core's veth.
        var switchRoute: String { "10.211.101.0/24 via 10.211.100.2 dev \(prefix)c" }
    }
}
