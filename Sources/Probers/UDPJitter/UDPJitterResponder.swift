import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The far end of UDP jitter probes (Cisco's `ip sla responder`): one UDP socket that
/// answers every valid request with the same-sized reply carrying T2 and T3. Runs as a
/// `Service` in `netsight serve` or alone with `netsight responder --listen ADDR`.
///
/// Safe to expose: it answers only well-formed requests, never with more bytes than it
/// received (no amplification), and keeps no per-client state.
public final class UDPJitterResponder: Service, Sendable {
    /// The port `netsight responder` listens on when none is given: the one operators
    /// already open for IP SLA responders (the wire format is Netsight's own, see
    /// docs/udp-jitter-protocol.md, so a Cisco prober gets no answer).
    public static let defaultPort = 1967

    public let host: String
    public let port: Int
    public let counters = UDPJitterResponderCounters()
    private let group: any EventLoopGroup
    private let logger: Logger
    private let bound = Mutex<BindState>(BindState())

    private struct BindState {
        var port: Int?
        var error: String?
        var waiters: [CheckedContinuation<Int?, Never>] = []
    }

    /// - Parameters:
    ///   - host: address to bind ("0.0.0.0", "::", "127.0.0.1", "::1").
    ///   - port: UDP port; 0 lets the system choose (tests read it from ``boundPort()``).
    public init(
        host: String, port: Int = UDPJitterResponder.defaultPort,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "netsight.udp-jitter-responder")
    ) {
        self.host = host
        self.port = port
        self.group = eventLoopGroup
        self.logger = logger
    }

    /// Valid requests answered so far.
    public var answered: Int { counters.answered }
    /// Datagrams dropped as not a valid request so far.
    public var rejected: Int { counters.rejected }

    /// The port actually bound, once listening; nil when binding failed.
    public func boundPort() async -> Int? {
        await withCheckedContinuation { continuation in
            let ready: Int?? = bound.withLock { s in
                if let port = s.port { return .some(port) }
                if s.error != nil { return .some(nil) }
                s.waiters.append(continuation)
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Listens until graceful shutdown or cancellation.
    /// - Throws: `UDPJitterResponderError` when the socket cannot be bound.
    public func run() async throws {
        let channel: any Channel
        do {
            // No SO_REUSEADDR: on Linux it would let a second responder bind the same UDP
            // port and silently take its traffic, and UDP has no TIME_WAIT to work around.
            channel = try await DatagramBootstrap(group: group)
                // Requests may be up to 64 KB (`UDPJitterPacket.maximumSize`); NIO's default
                // 2 KB read would cut them and the reply would come back short.
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
                .channelInitializer { [counters] channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(UDPJitterResponderHandler(counters: counters))
                    }
                }
                .bind(host: host, port: port).get()
        } catch {
            let message = "cannot listen for UDP jitter probes on \(host):\(port): \(error)"
            publish(port: nil, error: message)
            throw UDPJitterResponderError(message: message)
        }
        let actualPort = channel.localAddress?.port ?? port
        publish(port: actualPort, error: nil)
        logger.info("answering UDP jitter probes", metadata: ["address": "\(host):\(actualPort)"])
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await channel.closeFuture.get()
            } onGracefulShutdown: {
                channel.close(promise: nil)
            }
        } onCancel: {
            channel.close(promise: nil)
        }
        logger.info("stopped answering UDP jitter probes", metadata: [
            "answered": "\(counters.answered)", "rejected": "\(counters.rejected)",
        ])
    }

    private func publish(port: Int?, error: String?) {
        let waiters = bound.withLock { s in
            s.port = port
            s.error = error
            defer { s.waiters = [] }
            return s.waiters
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }
}

/// The responder could not start; the message names the address and the cause.
public struct UDPJitterResponderError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
