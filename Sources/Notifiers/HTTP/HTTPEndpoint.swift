/// Where a webhook or Slack receiver posts: a URL split into what the connection needs.
/// Parsed once when the receiver is made, so a bad URL is a configuration error, not a
/// failure on every delivery.
public struct HTTPEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var tls: Bool
    /// A name or an address; IPv6 without brackets.
    public var host: String
    public var port: Int
    /// Path and query, never empty (`/` at least).
    public var target: String

    public init?(_ url: String) {
        let rest: Substring
        if url.hasPrefix("https://") {
            tls = true
            rest = url.dropFirst(8)
        } else if url.hasPrefix("http://") {
            tls = false
            rest = url.dropFirst(7)
        } else {
            return nil
        }
        let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<slash]
        let path = rest[slash...]
        target = path.isEmpty ? "/" : (path.first == "?" ? "/" + path : String(path))
        // user:password@ is not supported: credentials belong in headers.
        if authority.contains("@") || authority.isEmpty { return nil }
        var hostPart = authority
        var portText: Substring?
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { return nil }
        host = String(hostPart)
        if let portText {
            guard let p = Int(portText), (1...65535).contains(p) else { return nil }
            port = p
        } else {
            port = tls ? 443 : 80
        }
    }

    /// The Host header: the port only when it is not the scheme's default.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (tls ? 443 : 80) ? name : "\(name):\(port)"
    }

    public var description: String { "\(tls ? "https" : "http")://\(hostHeader)\(target)" }
}
