import Foundation
import Testing

/// The ICMP prober's fallback for an unprivileged `netsight`: without CAP_NET_RAW the raw
/// socket is refused and the Linux ping socket is used instead, when
/// net.ipv4.ping_group_range admits the process's group; otherwise the error names both
/// refusals. Run as user and group 65534 with no capabilities (`setpriv`) in a network
/// namespace of the test's own, whose ping_group_range the test sets (the sysctl is per
/// namespace), pinging that namespace's loopback only.
@Suite(.serialized) struct ICMPPingSocketFallbackTests {
    @Test func unprivilegedProbeUsesThePingSocketWhenTheGroupMayAndSaysWhyWhenNot() throws {
        guard let ip = Peers.find("ip"), let sysctl = Peers.find("sysctl"), let setpriv = Peers.find("setpriv") else { return }
        let dir = try Peers.temporaryDirectory("ping-socket")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A copy any user can run: the build tree may sit under a directory only root enters.
        let binary = dir + "/netsight"
        try FileManager.default.copyItem(atPath: Peers.netsightBinary, toPath: binary)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir)

        let namespace = "ns-ping-\(UUID().uuidString.prefix(6).lowercased())"
        let created = try runCapturing(ip, ["netns", "add", namespace])
        try #require(created.status == 0, "\(created.stderr)")
        defer { _ = try? runCapturing(ip, ["netns", "del", namespace]) }
        func inNamespace(_ arguments: [String]) throws -> ToolRun {
            try runCapturing(ip, ["netns", "exec", namespace] + arguments, timeout: 60)
        }
        #expect(try inNamespace([ip, "link", "set", "lo", "up"]).status == 0)
        let unprivileged = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"]
        let probe = unprivileged + [binary, "probe", "icmp", "127.0.0.1", "-c", "3", "-i", "50", "-t", "1000"]

        #expect(try inNamespace([sysctl, "-qw", "net.ipv4.ping_group_range=0 2147483647"]).status == 0)
        let allowed = try inNamespace(probe)
        #expect(allowed.status == 0, "\(allowed.stdout)\(allowed.stderr)")
        #expect(allowed.stdout.contains("icmp 127.0.0.1: 3 sent, 3 received, 0.0% loss"), "\(allowed.stdout)\(allowed.stderr)")

        #expect(try inNamespace([sysctl, "-qw", "net.ipv4.ping_group_range=1 0"]).status == 0)
        let refused = try inNamespace(probe)
        #expect(refused.status != 0)
        let text = refused.stdout + refused.stderr
        #expect(text.contains("raw socket: Operation not permitted (needs CAP_NET_RAW)"), "\(text)")
        #expect(text.contains("ping socket: Permission denied (see net.ipv4.ping_group_range)"), "\(text)")
    }
}
