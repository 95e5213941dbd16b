import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import Collectors

/// The flow socket's receive buffer: grown past `net.core.rmem_max` when the process has
/// CAP_NET_ADMIN, never shrunk when it has not.
struct ReceiveBufferTests {
    /// True when /proc says this process holds CAP_NET_ADMIN (bit 12 of CapEff).
    static var hasNetAdmin: Bool {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("CapEff:") }),
            let mask = UInt64(line.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return false }
        return mask & (1 << 12) != 0
    }

    @Test func growsPastTheCapWhenAllowed() async throws {
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let before = Int(try await channel.getOption(.socketOption(.so_rcvbuf)).get())
        // Far above any default rmem_max, so plain SO_RCVBUF cannot reach it.
        let wanted = 64 << 20
        let got = try #require(await FlowListenerService.enlargeReceiveBuffer(channel, to: wanted))
        #expect(got >= before, "never smaller than the socket had")
        #expect(got == Int(try await channel.getOption(.socketOption(.so_rcvbuf)).get()))
        if Self.hasNetAdmin {
            #expect(got >= wanted, "SO_RCVBUFFORCE with CAP_NET_ADMIN must give the full size")
        }
        let again = try #require(await FlowListenerService.enlargeReceiveBuffer(channel, to: 1 << 16))
        #expect(again == got, "a smaller size leaves a larger buffer alone")
        try await channel.close()
    }
}
