import Foundation
import Testing

/// A network namespace created by a test, joined to the host by one veth pair, with an
/// IPv4 subnet on it: the only place besides loopback a test may send packets to
/// (PEERS.md safety rule). The host side is `.1`, the namespace side `.2`, of
/// `10.211.<subnet>.0/29`; `.3`–`.6` are in the subnet but owned by nobody.
///
/// Always call `remove()` (use `defer`); it is idempotent and also runs on deinit, so a
/// failed test does not leave the namespace or the host veth behind.
final class TestNetwork: @unchecked Sendable {
    let ip: String
    let namespace: String
    let hostInterface: String
    let namespaceInterface: String
    let subnet: Int
    private var removed = false

    var hostAddress: String { "10.211.\(subnet).1" }
    var namespaceAddress: String { "10.211.\(subnet).2" }
    /// An address inside the subnet that no interface has.
    func unusedAddress(_ host: Int = 5) -> String { "10.211.\(subnet).\(host)" }

    /// Creates the namespace and veth pair. Each test passes its own `subnet` (third
    /// octet) so tests running side by side do not collide.
    /// - Throws: when `ip` fails or the subnet is already on the host.
    init(label: String, subnet: Int) throws {
        guard let ip = Peers.find("ip") else { throw ToolError(message: "ip (iproute2) is not installed") }
        self.ip = ip
        self.subnet = subnet
        let tag = String(UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(6))
        namespace = "ns-\(label)-\(tag)"
        hostInterface = "vh\(tag)"
        namespaceInterface = "vn\(tag)"
        let existing = try runTool(ip, ["-4", "addr", "show", "to", "10.211.\(subnet).0/29"])
        guard existing.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ToolError(message: "10.211.\(subnet).0/29 is already on this host: \(existing)")
        }
        do {
            try runTool(ip, ["netns", "add", namespace])
            try runTool(ip, ["link", "add", hostInterface, "type", "veth", "peer", "name", namespaceInterface])
            try runTool(ip, ["link", "set", namespaceInterface, "netns", namespace])
            try runTool(ip, ["addr", "add", "\(hostAddress)/29", "dev", hostInterface])
            try runTool(ip, ["link", "set", hostInterface, "up"])
            try runTool(ip, ["-n", namespace, "addr", "add", "\(namespaceAddress)/29", "dev", namespaceInterface])
            try runTool(ip, ["-n", namespace, "link", "set", namespaceInterface, "up"])
            try runTool(ip, ["-n", namespace, "link", "set", "lo", "up"])
        } catch {
            remove()
            throw error
        }
    }

    /// The interface the host routes `address` through (`ip route get`).
    func routeDevice(for address: String) throws -> String? {
        let words = try runTool(ip, ["route", "get", address]).split(whereSeparator: \.isWhitespace)
        guard let dev = words.firstIndex(of: "dev"), dev + 1 < words.count else { return nil }
        return String(words[dev + 1])
    }

    /// Throws unless the host routes `address` into this network's veth: the check
    /// every test makes before sending to it.
    func requireRoutedThroughVeth(_ address: String) throws {
        let device = try routeDevice(for: address)
        guard device == hostInterface else {
            throw ToolError(message: "\(address) routes via \(device ?? "nothing"), not \(hostInterface): refusing to send")
        }
    }

    /// A permanent neighbour entry on the host veth for an address nobody has: frames go
    /// into the veth with a MAC the namespace side drops, so TCP SYNs vanish (a timeout).
    func addStaticNeighbour(_ address: String, mac: String = "02:00:5e:00:53:99") throws {
        try runTool(ip, ["neigh", "replace", address, "lladdr", mac, "dev", hostInterface, "nud", "permanent"])
    }

    func remove() {
        guard !removed else { return }
        removed = true
        _ = try? runTool(ip, ["link", "del", hostInterface])
        _ = try? runTool(ip, ["netns", "del", namespace])
    }

    deinit { remove() }
}
