import Collectors
import NetsightModel
import Pollers
import SNMPCodec
import Yams

extension NetsightConfiguration {
    /// What every device inherits unless it sets its own (the `snmp:` section).
    struct SNMPDefaults {
        var version = SNMPVersion.v2c
        var community = "public"
        /// 60 s: the LibreNMS and Zabbix default; counters of 10G links still wrap far slower.
        var intervalMillis: UInt64 = 60_000
        /// 1 s and 5 retries: net-snmp's `-t 1 -r 5`, as `SNMPTarget` defaults.
        var timeoutMillis: UInt64 = 1_000
        var retries = 5
        var rewalkEvery = 60
    }

    static let deviceKeys = [
        "name", "address", "version", "community", "user", "auth_protocol", "auth_password", "priv_protocol",
        "priv_password", "context", "site", "parent", "parents", "interval", "timeout", "retries", "rewalk_every", "speed_overrides",
    ]

    /// Reads the `snmp:` defaults and the `devices:` list (docs/configuration.md, "SNMP
    /// devices") into `devices` and `deviceRatesRetentionMillis`.
    static func parseDevices(_ node: ConfigNode?, defaults snmpNode: ConfigNode?, into config: inout NetsightConfiguration) throws(ConfigurationError) {
        var defaults = SNMPDefaults()
        if let snmpNode {
            let m = try snmpNode.mapping(allowed: ["version", "community", "interval", "timeout", "retries", "rewalk_every", "retention"])
            if let n = m["version"] { defaults.version = try version(n) }
            if let n = m["community"] { defaults.community = try community(n) }
            if let n = m["interval"] { defaults.intervalMillis = try interval(n) }
            if let n = m["timeout"] { defaults.timeoutMillis = try timeout(n) }
            if let n = m["retries"] { defaults.retries = try n.int(in: 0...10) }
            if let n = m["rewalk_every"] { defaults.rewalkEvery = try n.int(in: 1...1_000_000) }
            if let n = m["retention"] { config.deviceRatesRetentionMillis = try n.durationMillis() }
        }
        guard let node else { return }
        var specs: [DevicePollSpec] = []
        var nameNodes: [String: ConfigNode] = [:]
        var parentNodes: [String: ConfigNode] = [:]
        // Deriving a v3 user's keys hashes a megabyte per password: once per distinct user.
        var users: [[String?]: USMUser] = [:]
        for item in try node.sequence() {
            let f = try item.mapping(allowed: deviceKeys)
            guard let nameNode = f["name"] else { throw item.error("a device needs a name") }
            let name = try nameNode.string()
            if name.isEmpty { throw nameNode.error("must not be empty") }
            if nameNodes[name] != nil { throw nameNode.error("device \(name) is listed twice") }
            nameNodes[name] = nameNode
            guard let addressNode = f["address"] else { throw item.error("device \(name) needs an address") }
            let addressText = try addressNode.string()
            guard let hostPort = deviceAddress(addressText) else {
                throw addressNode.error("expected HOST or HOST:PORT (IPv6 as [ADDR]:PORT), found \"\(addressText)\"")
            }
            let version = try f["version"].map { n throws(ConfigurationError) in try Self.version(n) } ?? defaults.version
            var target = SNMPTarget(
                host: hostPort.host, port: hostPort.port, version: version, community: defaults.community,
                timeout: .milliseconds(Int64(defaults.timeoutMillis)), retries: defaults.retries)
            let v3Keys = ["user", "auth_protocol", "auth_password", "priv_protocol", "priv_password", "context"]
            if version == .v3 {
                if let n = f["community"] { throw n.error("community is for SNMP v1 and v2c; version 3 uses user") }
                target.user = try usmUser(f, item: item, device: name, cache: &users)
                target.contextName = try f["context"]?.string() ?? ""
            } else {
                if let key = v3Keys.first(where: { f[$0] != nil }), let n = f[key] {
                    throw n.error("\(key) is for SNMPv3 (set version: 3)")
                }
                if let n = f["community"] { target.community = try community(n) }
            }
            if let n = f["timeout"] { target.timeout = .milliseconds(Int64(try timeout(n))) }
            if let n = f["retries"] { target.retries = try n.int(in: 0...10) }
            let intervalMillis = try f["interval"].map { n throws(ConfigurationError) in try interval(n) } ?? defaults.intervalMillis
            let rewalk = try f["rewalk_every"].map { n throws(ConfigurationError) in try n.int(in: 1...1_000_000) } ?? defaults.rewalkEvery
            var parents: [String] = []
            if let n = f["parent"], let m = f["parents"] {
                throw m.error("set either parent or parents, not both (\(n.path) is set too)")
            }
            if let n = f["parent"] {
                parents = [try n.string()]
                parentNodes[name] = n
            } else if let n = f["parents"] {
                parents = try n.sequence().map { item throws(ConfigurationError) in try item.string() }
                if parents.isEmpty { throw n.error("must list at least one device (leave it out for none)") }
                if Set(parents).count != parents.count { throw n.error("lists a device twice") }
                parentNodes[name] = n
            }
            if let n = parentNodes[name] {
                if parents.contains("") { throw n.error("must not be empty") }
                if parents.contains(name) { throw n.error("a device cannot be its own parent") }
            }
            var overrides: [String: UInt64] = [:]
            if let n = f["speed_overrides"] { overrides = try speedOverrides(n) }
            let site = try f["site"]?.string() ?? ""
            specs.append(DevicePollSpec(
                name: name, target: target, site: site, parents: parents,
                interval: .milliseconds(Int64(intervalMillis)), rewalkEveryCycles: rewalk, speedOverrides: overrides))
        }
        try checkParents(specs, parentNodes: parentNodes)
        config.devices = specs
    }

    /// Every parent names a listed device, and following parents never comes back to
    /// where it started (a depth-first search over every parent, since a device may have
    /// several).
    private static func checkParents(_ specs: [DevicePollSpec], parentNodes: [String: ConfigNode]) throws(ConfigurationError) {
        let parents = Dictionary(specs.map { ($0.name, $0.parents) }, uniquingKeysWith: { a, _ in a })
        for spec in specs {
            guard let node = parentNodes[spec.name] else { continue }
            if let unknown = spec.parents.first(where: { parents[$0] == nil }) {
                throw node.error("unknown device \"\(unknown)\" (a parent must be listed in devices)")
            }
        }
        // 0: not visited, 1: on the current path, 2: done.
        var mark: [String: Int] = [:]
        var path: [String] = []
        func visit(_ name: String) -> [String]? {
            if mark[name] == 2 { return nil }
            if mark[name] == 1 { return path[(path.firstIndex(of: name) ?? 0)...] + [name] }
            mark[name] = 1
            path.append(name)
            for parent in parents[name] ?? [] {
                if let cycle = visit(parent) { return cycle }
            }
            path.removeLast()
            mark[name] = 2
            return nil
        }
        for spec in specs {
            if let cycle = visit(spec.name), let node = parentNodes[cycle[0]] ?? parentNodes[spec.name] {
                throw node.error("parents form a cycle: \(cycle.joined(separator: " -> "))")
            }
        }
    }

    /// The v3 user of one device, checked like a `traps.users` entry, derived once per
    /// distinct set of credentials.
    private static func usmUser(
        _ f: [String: ConfigNode], item: ConfigNode, device: String, cache: inout [[String?]: USMUser]
    ) throws(ConfigurationError) -> USMUser {
        guard let userNode = f["user"] else { throw item.error("device \(device): version 3 needs a user") }
        let user = TrapUser(
            name: try userNode.string(), authProtocol: try f["auth_protocol"]?.string(),
            authPassword: try f["auth_password"]?.string(), privProtocol: try f["priv_protocol"]?.string(),
            privPassword: try f["priv_password"]?.string())
        if user.authProtocol == nil, let n = f["auth_password"] { throw n.error("auth_password needs auth_protocol") }
        if user.privProtocol == nil, let n = f["priv_password"] { throw n.error("priv_password needs priv_protocol") }
        if let problem = user.problem { throw item.error(problem) }
        let key = [user.name, user.authProtocol, user.authPassword, user.privProtocol, user.privPassword]
        if let cached = cache[key] { return cached }
        do {
            let made = try user.makeUSMUser()
            cache[key] = made
            return made
        } catch {
            throw item.error("\(error)")
        }
    }

    /// `HOST`, `HOST:PORT`, `[V6]:PORT` or a bare IPv6 address; the host is an IP address
    /// or a DNS name (resolved when polled). nil when malformed.
    static func deviceAddress(_ text: String) -> (host: String, port: Int)? {
        if text.contains(":"), !text.hasPrefix("["), IPAddress(text) != nil { return (text, 161) }
        guard let parsed = SNMPTarget.parseAddress(text), !parsed.host.isEmpty else {
            return nil
        }
        let (host, port) = parsed
        if IPAddress(host) != nil { return (host, port) }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")
        guard host.count <= 253, host.allSatisfy(allowed.contains), !host.hasPrefix("-"), !host.hasPrefix("."),
            !host.contains(".."), host.contains(where: \.isLetter)
        else { return nil }
        return (host, port)
    }

    private static func version(_ n: ConfigNode) throws(ConfigurationError) -> SNMPVersion {
        let text = try n.string()
        switch text.lowercased() {
        case "1", "v1": return .v1
        case "2c", "v2c", "2": return .v2c
        case "3", "v3": return .v3
        default: throw n.error("expected 1, 2c or 3, found \"\(text)\"")
        }
    }

    private static func community(_ n: ConfigNode) throws(ConfigurationError) -> String {
        let text = try n.string()
        if text.isEmpty { throw n.error("a community must not be empty") }
        return text
    }

    /// 1 s to 1 d: under a second would flood agents; over a day no rate means much.
    private static func interval(_ n: ConfigNode) throws(ConfigurationError) -> UInt64 {
        let ms = try n.durationMillis()
        guard (1_000...86_400_000).contains(ms) else { throw n.error("must be between 1s and 1d") }
        return ms
    }

    /// `500ms` or a duration (`2s`); 10 ms to 60 s per try.
    private static func timeout(_ n: ConfigNode) throws(ConfigurationError) -> UInt64 {
        try n.millis(in: 10...60_000)
    }

    /// ifName → speed; keys are free text (interface names), so not `mapping(allowed:)`.
    private static func speedOverrides(_ n: ConfigNode) throws(ConfigurationError) -> [String: UInt64] {
        guard let m = n.node.mapping else { throw n.error("expected a mapping of interface name to speed (e.g. Gi0/1: 10g)") }
        var out: [String: UInt64] = [:]
        for (k, v) in m {
            let ifName = k.string ?? ""
            let child = ConfigNode(node: v, path: "\(n.path).\(ifName)", file: n.file)
            if ifName.isEmpty { throw n.error("an interface name must not be empty") }
            if out[ifName] != nil { throw child.error("duplicate key") }
            let text = try child.string()
            guard let speed = parseSpeed(text) else {
                throw child.error("expected a speed in bit/s such as 10g, 100m, 2.5g or 1000000, found \"\(text)\"")
            }
            out[ifName] = speed
        }
        return out
    }

    /// `10g`, `100m`, `2.5g`, `64k`, `1t` (decimal SI, as interface speeds are quoted) or
    /// plain bit/s. nil for anything else, zero, or past 10^15 (1 Pbit/s).
    static let speedUnits: [Character: Double] = ["k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12]

    static func parseSpeed(_ text: String) -> UInt64? {
        var t = Substring(text.lowercased())
        var factor = 1.0
        if let last = t.last, let f = speedUnits[last] {
            factor = f
            t = t.dropLast()
        }
        guard !t.isEmpty, t.allSatisfy({ $0.isNumber || $0 == "." }), let v = Double(t) else { return nil }
        let bits = (v * factor).rounded()
        guard bits >= 1, bits <= 1e15 else { return nil }
        return UInt64(bits)
    }
}

extension NetsightConfiguration {
    /// Configured exporter names by address text, for naming flow interfaces.
    public var exporterNamesByAddress: [String: String] {
        Dictionary(exporters.map { ($0.address.description, $0.name) }, uniquingKeysWith: { a, _ in a })
    }
}
