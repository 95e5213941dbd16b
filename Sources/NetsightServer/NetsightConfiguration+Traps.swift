import Collectors
import NetsightModel

extension NetsightConfiguration {
    /// Reads the `traps:` section (docs/configuration.md, "SNMP traps").
    static func parseTraps(_ node: ConfigNode) throws(ConfigurationError) -> Traps {
        var traps = Traps()
        let m = try node.mapping(allowed: ["communities", "users", "engine_id", "retention"])
        if let c = m["communities"] {
            for item in try c.sequence() {
                let text = try item.string()
                if text.isEmpty { throw item.error("a community must not be empty") }
                traps.communities.append(text)
            }
        }
        if let e = m["engine_id"] {
            let text = try e.string()
            guard let id = TrapLocalEngine.parseEngineID(text) else {
                throw e.error("expected an engine ID in hex, 5 to 32 octets (e.g. 80001f88804e657473696768740a), found \"\(text)\"")
            }
            traps.engineID = id
        }
        if let r = m["retention"] { traps.retentionMillis = try r.durationMillis() }
        if let u = m["users"] {
            var names: Set<String> = []
            for item in try u.sequence() {
                let f = try item.mapping(allowed: ["user", "auth_protocol", "auth_password", "priv_protocol", "priv_password", "engine_ids"])
                guard let n = f["user"] else { throw item.error("a traps user needs a user name") }
                let name = try n.string()
                guard names.insert(name).inserted else { throw n.error("user \(name) is listed twice") }
                var user = TrapUser(name: name)
                user.authProtocol = try f["auth_protocol"]?.string()
                user.authPassword = try f["auth_password"]?.string()
                user.privProtocol = try f["priv_protocol"]?.string()
                user.privPassword = try f["priv_password"]?.string()
                if let ids = f["engine_ids"] {
                    for idNode in try ids.sequence() {
                        let text = try idNode.string()
                        guard let id = TrapLocalEngine.parseEngineID(text) else {
                            throw idNode.error("expected an engine ID in hex, 5 to 32 octets, found \"\(text)\"")
                        }
                        user.engineIDs.append(id)
                    }
                }
                if let problem = user.problem { throw item.error(problem) }
                traps.users.append(user)
            }
        }
        return traps
    }
}

extension NetsightConfiguration {
    /// The trap listener's settings, or nil when `listen.traps` is off. Device names come
    /// from `exporters` (a router usually exports flows and sends traps from one address).
    public var trapListenerConfiguration: TrapListenerService.Configuration? {
        guard let endpoint = trapsListen else { return nil }
        var c = TrapListenerService.Configuration(host: endpoint.host, port: endpoint.port)
        c.communities = traps.communities
        c.users = traps.users
        c.engineID = traps.engineID
        c.retentionMillis = traps.retentionMillis
        c.deviceNames = Dictionary(exporters.map { ($0.address, $0.name) }, uniquingKeysWith: { a, _ in a })
        // Polled devices name their traps too, where no exporter already does.
        for device in devices {
            if let ip = IPAddress(device.target.host), c.deviceNames[ip] == nil { c.deviceNames[ip] = device.name }
        }
        return c
    }
}
