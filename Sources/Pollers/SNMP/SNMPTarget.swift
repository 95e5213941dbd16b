import NetsightModel
import SNMPCodec

/// One agent as the client sees it: address, version, credentials, and the timing and
/// concurrency limits that keep it from delaying other targets.
public struct SNMPTarget: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var version: SNMPVersion
    /// v1/v2c community.
    public var community: String
    /// v3 user (its level is the request level); build it once: it hashes the passwords.
    public var user: USMUser?
    public var contextName: String
    /// Per-attempt timeout. 1 s and 5 retries: net-snmp's defaults (`-t 1 -r 5`).
    public var timeout: Duration
    public var retries: Int
    /// Requests in flight to this target at once. 4: enough to overlap round trips, few
    /// enough not to overrun small agents (many drop requests beyond a short queue).
    public var maxConcurrentRequests: Int

    public init(
        host: String, port: Int = 161, version: SNMPVersion = .v2c, community: String = "public",
        user: USMUser? = nil, contextName: String = "", timeout: Duration = .seconds(1), retries: Int = 5,
        maxConcurrentRequests: Int = 4
    ) {
        self.host = host
        self.port = port
        self.version = version
        self.community = community
        self.user = user
        self.contextName = contextName
        self.timeout = timeout
        self.retries = max(0, retries)
        self.maxConcurrentRequests = max(1, maxConcurrentRequests)
    }

    /// "HOST:PORT", as errors name the target.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Identifies the agent and the security principal: engine state, key cache and
    /// concurrency slots are kept per key.
    /// Built without interpolating `version` (that goes through reflection: it was ~6% of
    /// a fast walk's CPU, computed twice per request); the same text as before.
    var key: String {
        var key = description
        switch version {
        case .v1: key += "|v1|" + community
        case .v2c: key += "|v2c|" + community
        case .v3: key += "|v3|" + (user?.name ?? "")
        }
        return key
    }

    /// Parses net-snmp's target syntax: `HOST`, `HOST:PORT`, `udp:HOST:PORT`,
    /// `udp:HOST`, `[IPV6]:PORT`, `udp6:[IPV6]:PORT`, and a bare IPv6 address (`::1`,
    /// `udp6:2001:db8::1`) on the default port. Returns nil for other transports or a bad port.
    public static func parseAddress(_ text: String, defaultPort: Int = 161) -> (host: String, port: Int)? {
        var rest = Substring(text)
        var ipv6 = false
        if rest.lowercased().hasPrefix("udp:") {
            rest = rest.dropFirst(4)
        } else if rest.lowercased().hasPrefix("udp6:") {
            rest = rest.dropFirst(5)
            ipv6 = true
        }
        if rest.lowercased().hasPrefix("tcp") || rest.lowercased().hasPrefix("udp") { return nil }
        if rest.first != "[", rest.filter({ $0 == ":" }).count >= 2 {
            // More than one colon and no brackets: only an IPv6 address can look like that.
            guard IPAddress(String(rest)).map({ !$0.isIPv4 }) == true else { return nil }
            return (String(rest), defaultPort)
        }
        if ipv6 && rest.first != "[" { return nil }
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            let host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.isEmpty { return (host, defaultPort) }
            guard after.first == ":", let port = Int(after.dropFirst()), (1...65535).contains(port) else { return nil }
            return (host, port)
        }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1 where !rest.isEmpty: return (String(rest), defaultPort)
        case 2:
            guard !parts[0].isEmpty, let port = Int(parts[1]), (1...65535).contains(port) else { return nil }
            return (String(parts[0]), port)
        default: return nil
        }
    }
}
