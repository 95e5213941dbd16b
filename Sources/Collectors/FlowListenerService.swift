import FlowCodec
import Logging
import NIOCore
import NIOPosix
import NetsightModel
import ServiceLifecycle

/// One UDP socket receiving NetFlow v5/v9, IPFIX or sFlow (the decoder tells them apart
/// by the version field, so any listener accepts any of them).
public struct FlowListenerService: Service {
    public struct Configuration: Sendable {
        /// A name for logs, metrics and template persistence ("netflow", "sflow").
        public var name: String
        public var host: String
        public var port: Int
        /// SO_RCVBUF in bytes. Bursts of a router's export outrun any single read loop;
        /// the kernel buffer absorbs them (nfcapd uses the same trick with -B), and it is
        /// all that covers the times the receive thread is kept off a busy core. Linux
        /// doubles the value for its bookkeeping and a 1.4 KB datagram takes 2.3 KB of it:
        /// 32 MB holds about 29,000 datagrams, 0.26 s at 3 million flows/s, where the 8 MB
        /// that nfcapd's -B 8388608 gets under the benchmark machine's 4 MB `net.core.rmem_max`
        /// lasts 33 ms. The kernel caps the value at `rmem_max` unless the process has
        /// CAP_NET_ADMIN (see `enlargeReceiveBuffer`).
        public var receiveBufferBytes: Int = 32 << 20
        /// Datagrams per recvmmsg call: fewer syscalls per datagram at high rates.
        public var vectorReadCount: Int = 32
        /// recvmmsg calls per readable event before the event loop turns to its other
        /// channels (NIO's default is 4). 16 x 32 datagrams is a few milliseconds of
        /// decoding: long enough to drain a burst without another epoll round trip, short
        /// enough that the HTTP server sharing the loop still answers promptly.
        public var readsPerWakeup: Int = 16

        public init(name: String, host: String, port: Int) {
            self.name = name
            self.host = host
            self.port = port
        }
    }

    public let configuration: Configuration
    /// Where the socket is bound, published once it listens.
    public let bound: BoundAddress
    let templates: TemplateCache
    let enricher: FlowEnricher
    let queue: IngestQueue
    let metrics: FlowIngestMetrics
    let group: any EventLoopGroup
    let logger: Logger
    let now: @Sendable () -> UInt64

    public init(
        configuration: Configuration, templates: TemplateCache, enricher: FlowEnricher,
        queue: IngestQueue, metrics: FlowIngestMetrics, group: any EventLoopGroup,
        logger: Logger, now: @escaping @Sendable () -> UInt64, bound: BoundAddress = BoundAddress()
    ) {
        self.bound = bound
        self.configuration = configuration
        self.templates = templates
        self.enricher = enricher
        self.queue = queue
        self.metrics = metrics
        self.group = group
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        let c = configuration
        let activity = ReadActivity()
        let channel: any Channel
        do {
            channel = try await DatagramBootstrap(group: group)
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(c.receiveBufferBytes))
                .channelOption(.datagramVectorReadMessageCount, value: c.vectorReadCount)
                .channelOption(.maxMessagesPerRead, value: UInt(c.readsPerWakeup))
                // Each vector slot must hold the largest datagram (IPFIX allows 65,535 bytes);
                // a smaller slot would truncate big datagrams silently.
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: c.vectorReadCount * 65_536))
                .channelInitializer { [templates, enricher, queue, metrics, now, activity] channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            FlowDatagramHandler(
                                listener: c.name, templates: templates, enricher: enricher, queue: queue,
                                metrics: metrics, now: now, activity: activity))
                    }
                }
                .bind(host: c.host, port: c.port).get()
        } catch {
            bound.fail("\(error)")
            throw ListenerError(message: "cannot listen for \(c.name) flows on \(c.host):\(c.port): \(error)")
        }
        logReceiveBuffer(await Self.enlargeReceiveBuffer(channel, to: c.receiveBufferBytes), logger: logger)
        let port = channel.localAddress?.port ?? c.port
        bound.publish(host: c.host, port: port)
        logger.info("listening for flows", metadata: ["listener": "\(c.name)", "address": "\(c.host):\(port)"])
        try await withGracefulShutdownHandler {
            try await channel.closeFuture.get()
        } onGracefulShutdown: {
            // Read what already reached the socket before closing it (SIGTERM must not
            // discard an exporter's last burst).
            Self.closeWhenDrained(channel, activity: activity)
        }
    }
}

/// A listener that could not start; the message names the address and the cause.
public struct ListenerError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
