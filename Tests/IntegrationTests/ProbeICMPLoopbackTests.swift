import Foundation
import NetsightModel
import Probers
import Testing

/// ICMPProber against the host's own stack, side by side with fping (the reference).
@Suite(.serialized) struct ProbeICMPLoopbackTests {
    static func spec(_ target: String, count: Int, spacingMillis: Int, family: ProbeAddressFamily = .any) -> ProbeSpec {
        ProbeSpec(
            id: "icmp-\(target)", target: target, options: .icmp(ICMPProbeOptions(payloadSize: 56, family: family)),
            count: count, spacing: .milliseconds(spacingMillis), timeout: .seconds(1))
    }

    @Test(arguments: ["127.0.0.1", "::1"])
    func matchesFpingOnLoopback(address: String) async throws {
        guard let fping = Peers.find("fping") else { return }
        let prober = ICMPProber()
        defer { prober.close() }
        let result = await prober.run(Self.spec(address, count: 20, spacingMillis: 20), scheduledAt: nil)
        let reference = try FpingRun.run(fping, address: address, count: 20, periodMillis: 20)

        #expect(result.success, "\(result.failure?.message ?? "")")
        #expect(result.address == address)
        #expect(result.sent == 20)
        #expect(result.received == 20)
        #expect(result.lossPercent == 0)
        #expect(result.duplicates == 0)
        #expect(reference.roundTripsMillis.count == 20)
        #expect(reference.lossPercent == 0)
        let ours = try #require(result.rtt).medianMicros / 1000
        let theirs = try #require(reference.medianMillis)
        print("ICMP \(address): netsight median \(ours) ms, fping median \(theirs) ms, ipv4 socket \(prober.ipv4SocketKind ?? "-")")
        #expect(abs(ours - theirs) < 1, "netsight \(ours) ms vs fping \(theirs) ms")
        #expect(ours > 0)
        // A burst of 20 packets 20 ms apart takes about 380 ms plus the last reply.
        #expect(result.durationMicros >= 380_000 && result.durationMicros < 1_500_000)
    }

    /// Another program's ping to the same address runs during ours: the shared raw socket
    /// sees its replies too, and must count none of them.
    @Test func otherPingsRepliesAreNotCounted() async throws {
        guard let fping = Peers.find("fping") else { return }
        let prober = ICMPProber()
        defer { prober.close() }
        async let reference = Task.detached { try FpingRun.run(fping, address: "127.0.0.1", count: 50, periodMillis: 5) }.value
        let result = await prober.run(Self.spec("127.0.0.1", count: 10, spacingMillis: 20), scheduledAt: nil)
        let theirs = try await reference
        #expect(result.sent == 10)
        #expect(result.received == 10)
        #expect(result.duplicates == 0)
        #expect(theirs.roundTripsMillis.count == 50)
        #expect(theirs.lossPercent == 0)
    }

    /// A name goes through the resolver with the family asked for; a literal of the other
    /// family is refused before anything is sent. (This machine's /etc/hosts names only
    /// 127.0.0.1 "localhost", so the name case is IPv4.)
    @Test func familyOptionPicksTheAddressFamily() async {
        let prober = ICMPProber()
        defer { prober.close() }
        let v4 = await prober.run(Self.spec("localhost", count: 1, spacingMillis: 10, family: .ipv4), scheduledAt: nil)
        #expect(v4.address == "127.0.0.1")
        #expect(v4.success, "\(v4.failure?.message ?? "")")
        let wrong = await prober.run(Self.spec("127.0.0.1", count: 1, spacingMillis: 10, family: .ipv6), scheduledAt: nil)
        #expect(wrong.failure?.reason == .unresolvable)
        #expect(wrong.sent == 0)
        let wrong6 = await prober.run(Self.spec("::1", count: 1, spacingMillis: 10, family: .ipv4), scheduledAt: nil)
        #expect(wrong6.failure?.reason == .unresolvable)
    }

    /// The unprivileged ping socket works exactly when net.ipv4.ping_group_range holds our
    /// group; when it does not, the failure must say so rather than time out.
    @Test func datagramSocketFollowsPingGroupRange() async throws {
        let range = try String(contentsOfFile: "/proc/sys/net/ipv4/ping_group_range", encoding: .utf8)
            .split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        let gid = Int(getgid())
        let allowed = range.count == 2 && range[0] <= gid && gid <= range[1]
        let prober = ICMPProber(socketMode: .datagram)
        defer { prober.close() }
        let result = await prober.run(Self.spec("127.0.0.1", count: 3, spacingMillis: 10), scheduledAt: nil)
        if allowed {
            #expect(prober.ipv4SocketKind == "datagram")
            #expect(result.received == 3, "\(result.failure?.message ?? "")")
        } else {
            #expect(prober.ipv4SocketKind == nil)
            #expect(result.failure?.reason == .setup)
            #expect(result.failure?.message.contains("ping_group_range") == true, "\(result.failure?.message ?? "")")
            #expect(result.sent == 0)
        }
    }

    @Test func closedProberFailsWithSetupInsteadOfHanging() async {
        let prober = ICMPProber()
        prober.close()
        let result = await prober.run(Self.spec("127.0.0.1", count: 2, spacingMillis: 10), scheduledAt: nil)
        #expect(!result.success)
        #expect(result.failure?.reason == .setup)
    }
}
