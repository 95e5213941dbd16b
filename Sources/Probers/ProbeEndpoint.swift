import Foundation
import NetsightModel

/// A probe target split into host and port: `host`, `host:port`, `[v6]:port`, or a bare
/// IPv6 address (which is all host, as in `ping ::1`).
public struct ProbeEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `text`, using `defaultPort` when it names none.
    /// - Throws: `ProbeFailure(.setup, ...)` naming what is wrong.
    public init(parsing text: String, defaultPort: Int?) throws(ProbeFailure) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw ProbeFailure(.setup, "empty target") }
        var host = trimmed
        var portText: Substring?
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]") else {
                throw ProbeFailure(.setup, "target \(text): '[' without ']'")
            }
            host = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
            let rest = trimmed[trimmed.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw ProbeFailure(.setup, "target \(text): junk after ']'") }
                portText = rest.dropFirst()
            }
        } else if trimmed.filter({ $0 == ":" }).count == 1, let colon = trimmed.firstIndex(of: ":") {
            host = String(trimmed[..<colon])
            portText = trimmed[trimmed.index(after: colon)...]
        }
        guard !host.isEmpty else { throw ProbeFailure(.setup, "target \(text): no host") }
        let port: Int
        if let portText {
            guard let p = Int(portText), (1...65535).contains(p) else {
                throw ProbeFailure(.setup, "target \(text): port '\(portText)' is not 1-65535")
            }
            port = p
        } else if let defaultPort {
            port = defaultPort
        } else {
            throw ProbeFailure(.setup, "target \(text): no port (write HOST:PORT)")
        }
        self.init(host: host, port: port)
    }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
