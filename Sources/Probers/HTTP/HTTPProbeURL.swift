import NetsightModel

/// An http:// or https:// probe target split into what the request needs. Parsed by hand
/// and strictly, because Foundation's URL accepts things a probe must reject (no host,
/// spaces, unknown schemes) and a misconfigured probe should fail loudly at setup, not
/// measure something else.
public struct HTTPProbeURL: Sendable, Hashable {
    public var useTLS: Bool
    /// Host name or address, without brackets for IPv6.
    public var host: String
    public var port: Int
    /// Path and query as sent on the request line ("/" when the URL has none).
    public var requestTarget: String

    /// The Host header value: the port is left out when it is the scheme's default, as
    /// browsers and curl do, so virtual hosts match.
    public var hostHeader: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return port == (useTLS ? 443 : 80) ? h : "\(h):\(port)"
    }

    /// - Throws: `ProbeFailure(.setup, ...)` naming what is wrong.
    public init(parsing text: String) throws(ProbeFailure) {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") {
            useTLS = true
            rest = text.dropFirst("https://".count)
        } else if lower.hasPrefix("http://") {
            useTLS = false
            rest = text.dropFirst("http://".count)
        } else {
            throw ProbeFailure(.setup, "URL \(text): scheme must be http:// or https://")
        }
        if let bad = text.first(where: { $0.isWhitespace || $0.asciiValue == nil || $0.asciiValue! < 0x21 }) {
            throw ProbeFailure(.setup, "URL \(text): character \(bad.unicodeScalars.first.map { "U+" + String($0.value, radix: 16, uppercase: true) } ?? "?") is not allowed")
        }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if let hash = target.firstIndex(of: "#") { target = String(target[..<hash]) }
        if target.isEmpty { target = "/" } else if target.hasPrefix("?") { target = "/" + target }
        if authority.contains("@") {
            throw ProbeFailure(.setup, "URL \(text): user info (user@host) is not supported")
        }
        guard !authority.isEmpty else { throw ProbeFailure(.setup, "URL \(text): no host") }
        let endpoint = try ProbeEndpoint(parsing: String(authority), defaultPort: useTLS ? 443 : 80)
        // ProbeEndpoint takes a bare IPv6 address as all host; in a URL it must be bracketed.
        if endpoint.host.contains(":") && !authority.hasPrefix("[") {
            throw ProbeFailure(.setup, "URL \(text): an IPv6 address must be written in brackets")
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:%")
        guard endpoint.host.allSatisfy({ allowed.contains($0) }) else {
            throw ProbeFailure(.setup, "URL \(text): host '\(endpoint.host)' has characters a host name cannot have")
        }
        host = endpoint.host
        port = endpoint.port
        requestTarget = target
    }
}
