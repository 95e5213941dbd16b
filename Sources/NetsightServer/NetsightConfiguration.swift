import Collectors
import NetsightModel
import Pollers
import Yams

/// Everything `netsight serve` reads from its YAML file. Every field has a default, so an
/// empty file (or none) is the embedded default: NetFlow/IPFIX on UDP 2055, sFlow on UDP
/// 6343, HTTP on 127.0.0.1:8080, data in ./netsight-data.
public struct NetsightConfiguration: Sendable, Equatable {
    /// A `host:port` pair; IPv6 hosts are written in brackets, `[::]:2055`.
    public struct Endpoint: Sendable, Equatable, CustomStringConvertible {
        public var host: String
        public var port: Int
        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

        /// Parses `HOST:PORT` or `[V6]:PORT`; nil when malformed.
        public init?(_ text: String) {
            var hostPart: Substring
            var portPart: Substring
            if text.hasPrefix("[") {
                guard let close = text.firstIndex(of: "]") else { return nil }
                hostPart = text[text.index(after: text.startIndex)..<close]
                let rest = text[text.index(after: close)...]
                guard rest.hasPrefix(":") else { return nil }
                portPart = rest.dropFirst()
            } else {
                guard let colon = text.lastIndex(of: ":") else { return nil }
                hostPart = text[..<colon]
                portPart = text[text.index(after: colon)...]
                if hostPart.contains(":") { return nil }
            }
            guard let port = Int(portPart), (0...65535).contains(port), !hostPart.isEmpty else { return nil }
            if hostPart != "localhost", IPAddress(hostPart) == nil { return nil }
            self.host = String(hostPart)
            self.port = port
        }
    }

    public struct Exporter: Sendable, Equatable {
        public var address: IPAddress
        public var name: String
        public var site: String
        public var sampling: UInt32?

        public init(address: IPAddress, name: String, site: String = "", sampling: UInt32? = nil) {
            self.address = address
            self.name = name
            self.site = site
            self.sampling = sampling
        }
    }

    public struct Site: Sendable, Equatable {
        public var name: String
        public var prefixes: [IPPrefix]

        public init(name: String, prefixes: [IPPrefix]) {
            self.name = name
            self.prefixes = prefixes
        }
    }

    public var dataDirectory = "./netsight-data"
    public var netflowListen: Endpoint? = Endpoint(host: "0.0.0.0", port: 2055)
    public var sflowListen: Endpoint? = Endpoint(host: "0.0.0.0", port: 6343)
    /// SNMP traps and informs: UDP 162, where every device sends by default. Binding it
    /// needs root or CAP_NET_BIND_SERVICE; if that fails the server logs it and runs on
    /// without traps (docs/traps.md). `off` disables it.
    public var trapsListen: Endpoint? = Endpoint(host: "0.0.0.0", port: 162)
    /// The `traps:` section: communities, SNMPv3 users, engine ID, retention.
    public var traps = Traps()
    public var httpListen = Endpoint(host: "127.0.0.1", port: 8080)
    /// Raw flows: a week answers "what happened last night" without unbounded disk.
    public var rawRetentionMillis: UInt64 = 7 * 86_400_000
    /// Per-minute rollups are small; 90 days covers a quarter's capacity review.
    public var rollupRetentionMillis: UInt64 = 90 * 86_400_000
    /// Records the ingest queue holds before it drops (about 300 MB of records at most).
    public var queueRecords = 1_000_000
    public var exporters: [Exporter] = []
    public var sites: [Site] = []
    /// A MaxMind-format (.mmdb) ASN or ISP database; flows whose exporter sent no AS get
    /// the origin AS of their addresses from it. nil: AS numbers only as exported.
    public var asnDatabasePath: String?
    /// Probes to run (`probes.targets`); empty runs none.
    public var probes: [ProbeSpec] = []
    /// How long probe results are kept (`probes.retention`), 30 days by default.
    public var probeRetentionMillis: UInt64 = 30 * 86_400_000
    /// Where `netsight serve` runs a UDP jitter responder (`probes.responder.listen`); nil: none.
    public var responderListen: Endpoint?
    /// SNMP devices to poll (`devices:`, defaults from `snmp:`); empty polls nothing.
    public var devices: [DevicePollSpec] = []
    /// How long interface rate samples are kept (`snmp.retention`). 30 days: a month of
    /// one-minute samples; at 1,000 devices of 48 interfaces that is about 2 billion rows,
    /// so large fleets may want less.
    public var deviceRatesRetentionMillis: UInt64 = 30 * 86_400_000
    /// Rules, receivers, routes (`alerting:`); the default rules run even without it.
    public var alerting = AlertingConfiguration()

    /// The trap receiver's settings (`traps:`); the address is `listen.traps`.
    public struct Traps: Sendable, Equatable {
        /// v1/v2c communities accepted; empty accepts any community.
        public var communities: [String] = []
        /// SNMPv3 users (authNoPriv or authPriv; noAuthNoPriv when no auth_protocol).
        public var users: [TrapUser] = []
        /// The receiver's own engine ID for v3 informs; nil: generated once, kept in the store.
        public var engineID: [UInt8]?
        /// How long events are kept: 90 days by default.
        public var retentionMillis: UInt64 = 90 * 86_400_000
        public init() {}
    }

    public init() {}

    /// Reads and validates a YAML configuration.
    /// - Parameter file: the name used in error messages.
    public static func parse(yaml: String, file: String) throws(ConfigurationError) -> NetsightConfiguration {
        var config = NetsightConfiguration()
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigurationError(file: file, line: Self.line(of: error), key: "", problem: "not valid YAML: \(error)")
        }
        guard let root else {
            try parseAlerting(nil, file: file, into: &config)
            return config
        }
        let top = try ConfigNode(node: root, path: "", file: file).mapping(
            allowed: ["data_dir", "listen", "retention", "ingest", "exporters", "sites", "asn_database", "traps", "snmp", "devices", "probes", "alerting"])
        if let d = top["data_dir"] {
            config.dataDirectory = try d.string()
            if config.dataDirectory.isEmpty { throw d.error("must not be empty") }
        }
        if let l = top["listen"] {
            let m = try l.mapping(allowed: ["netflow", "sflow", "http", "traps"])
            if let n = m["netflow"] { config.netflowListen = try endpoint(n, optional: true) }
            if let n = m["sflow"] { config.sflowListen = try endpoint(n, optional: true) }
            if let n = m["traps"] { config.trapsListen = try endpoint(n, optional: true) }
            if let n = m["http"] { config.httpListen = try endpoint(n, optional: false)! }
        }
        if let r = top["retention"] {
            let m = try r.mapping(allowed: ["raw", "rollups"])
            if let n = m["raw"] { config.rawRetentionMillis = try n.durationMillis() }
            if let n = m["rollups"] { config.rollupRetentionMillis = try n.durationMillis() }
        }
        if let i = top["ingest"] {
            let m = try i.mapping(allowed: ["queue_records"])
            if let n = m["queue_records"] { config.queueRecords = try n.int(in: 1_000...100_000_000) }
        }
        if let e = top["exporters"] {
            var seen: Set<IPAddress> = []
            for item in try e.sequence() {
                let m = try item.mapping(allowed: ["address", "name", "site", "sampling"])
                guard let a = m["address"] else { throw item.error("an exporter needs an address") }
                let text = try a.string()
                guard let address = IPAddress(text) else { throw a.error("not an IP address: \"\(text)\"") }
                guard seen.insert(address).inserted else { throw a.error("exporter \(text) is listed twice") }
                let name = try m["name"]?.string() ?? text
                let site = try m["site"]?.string() ?? ""
                let sampling = try m["sampling"].map { n throws(ConfigurationError) in UInt32(try n.int(in: 1...16_777_215)) }
                config.exporters.append(Exporter(address: address, name: name, site: site, sampling: sampling))
            }
        }
        if let s = top["sites"] {
            var names: Set<String> = []
            for item in try s.sequence() {
                let m = try item.mapping(allowed: ["name", "prefixes"])
                guard let n = m["name"] else { throw item.error("a site needs a name") }
                let name = try n.string()
                guard !name.isEmpty else { throw n.error("must not be empty") }
                guard names.insert(name).inserted else { throw n.error("site \(name) is listed twice") }
                var prefixes: [IPPrefix] = []
                if let p = m["prefixes"] {
                    for pn in try p.sequence() {
                        let text = try pn.string()
                        guard let prefix = IPPrefix(text) else { throw pn.error("not an IP prefix: \"\(text)\"") }
                        prefixes.append(prefix)
                    }
                }
                config.sites.append(Site(name: name, prefixes: prefixes))
            }
        }
        if let t = top["traps"] { config.traps = try parseTraps(t) }
        try parseDevices(top["devices"], defaults: top["snmp"], into: &config)
        try parseProbes(top["probes"], into: &config)
        try parseAlerting(top["alerting"], file: file, into: &config)
        if let a = top["asn_database"] {
            let path = try a.string()
            if path.isEmpty { throw a.error("must not be empty") }
            // Opened here only to fail at start with the key and line; serve opens it again.
            do { _ = try ASNDatabase(path: path) } catch { throw a.error(error.problem) }
            config.asnDatabasePath = path
        }
        return config
    }

    private static func endpoint(_ n: ConfigNode, optional: Bool) throws(ConfigurationError) -> Endpoint? {
        let text = try n.string()
        if optional, text == "off" || text == "" { return nil }
        guard let e = Endpoint(text) else {
            throw n.error("expected HOST:PORT (IPv6 as [ADDR]:PORT)\(optional ? " or off" : ""), found \"\(text)\"")
        }
        return e
    }

    private static func line(of error: any Error) -> Int? {
        guard let y = error as? YamlError else { return nil }
        switch y {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _): return mark.line
        default: return nil
        }
    }
}
