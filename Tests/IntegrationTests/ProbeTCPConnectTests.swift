import Foundation
import NIOPosix
import NetsightModel
import Probers
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// TCPConnectProber against the kernel's own TCP: a listening socket, a closed port, and
/// SYNs that vanish into a test namespace's veth.
@Suite(.serialized) struct ProbeTCPConnectTests {
    static func spec(_ target: String, count: Int = 3, timeoutMillis: Int = 1000) -> ProbeSpec {
        ProbeSpec(
            id: "tcp-\(target)", target: target, options: .tcp, count: count, spacing: .milliseconds(50),
            timeout: .milliseconds(timeoutMillis))
    }

    /// A TCP socket bound to 127.0.0.1 on a kernel-chosen port; listening when asked.
    /// Returns the descriptor and port.
    static func loopbackSocket(listening: Bool) throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ToolError(message: "socket: \(errno)") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        guard bound == 0 else { throw ToolError(message: "bind: \(errno)") }
        if listening { guard listen(fd, 16) == 0 else { throw ToolError(message: "listen: \(errno)") } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return (fd, Int(UInt16(bigEndian: addr.sin_port)))
    }

    @Test func connectsToAListeningSocket() async throws {
        let (fd, port) = try Self.loopbackSocket(listening: true)
        defer { close(fd) }
        let prober = TCPConnectProber(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let result = await prober.run(Self.spec("127.0.0.1:\(port)"), scheduledAt: nil)
        #expect(result.success, "\(result.failure?.message ?? "")")
        #expect(result.kind == .tcp)
        #expect(result.address == "127.0.0.1")
        #expect(result.sent == 3)
        #expect(result.received == 3)
        let rtt = try #require(result.rtt)
        print("TCP connect to 127.0.0.1:\(port): median \(rtt.medianMicros) µs, max \(rtt.maxMicros) µs")
        // A loopback handshake is tens of microseconds; a few ms allows for a loaded box.
        #expect(rtt.minMicros > 0 && rtt.maxMicros < 50_000)
    }

    @Test func closedPortIsRefused() async throws {
        // Bound but not listening: the port is ours, so nothing else can answer on it.
        let (fd, port) = try Self.loopbackSocket(listening: false)
        defer { close(fd) }
        let prober = TCPConnectProber(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let result = await prober.run(Self.spec("127.0.0.1:\(port)", count: 2), scheduledAt: nil)
        #expect(!result.success)
        #expect(result.failure == ProbeFailure(.refused, "connection refused"))
        #expect(result.sent == 2)
        #expect(result.received == 0)
        #expect(result.samplesMicros == [nil, nil])
    }

    @Test func ipv6LoopbackListenerWithBracketedTarget() async throws {
        let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in6()
        addr.sin6_family = sa_family_t(AF_INET6)
        addr.sin6_addr = in6addr_loopback
        var len = socklen_t(MemoryLayout<sockaddr_in6>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        #expect(listen(fd, 4) == 0)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        let port = Int(UInt16(bigEndian: addr.sin6_port))
        let prober = TCPConnectProber(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let result = await prober.run(Self.spec("[::1]:\(port)", count: 1), scheduledAt: nil)
        #expect(result.success, "\(result.failure?.message ?? "")")
        #expect(result.address == "::1")
    }

    /// SYNs to an address with a static neighbour entry go into the veth and are dropped
    /// by the namespace side (wrong MAC): no answer at all, so the connect times out.
    @Test func silentAddressTimesOut() async throws {
        let network = try TestNetwork(label: "tcp", subnet: 42)
        defer { network.remove() }
        let address = network.unusedAddress(6)
        try network.addStaticNeighbour(address)
        try network.requireRoutedThroughVeth(address)

        let prober = TCPConnectProber(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let result = await prober.run(Self.spec("\(address):80", count: 2, timeoutMillis: 400), scheduledAt: nil)
        #expect(!result.success)
        #expect(result.failure == ProbeFailure(.timeout, "timeout after 400 ms"))
        #expect(result.received == 0)
        #expect(result.sent == 2)
        #expect(result.durationMicros >= 800_000 && result.durationMicros < 2_000_000)
    }

    @Test func badTargetIsASetupFailure() async {
        let prober = TCPConnectProber(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let result = await prober.run(Self.spec("127.0.0.1"), scheduledAt: nil)
        #expect(result.failure?.reason == .setup)
        #expect(result.sent == 0)
    }
}
