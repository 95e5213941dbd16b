import Logging
import NIOCore
import NIOPosix
import NetsightModel
import SNMPCodec
import ServiceLifecycle
import Storage
import Synchronization

/// The SNMP trap and inform receiver: one UDP socket (v1, v2c and v3 on the same port,
/// told apart by msgVersion), events stored in the metadata store's `snmp_events`.
///
/// A socket that cannot be bound (port 162 needs root or CAP_NET_BIND_SERVICE, or
/// snmptrapd already holds it) is logged and published as failed, but does not stop
/// `netsight serve`: losing traps must not also lose flows.
public struct TrapListenerService: Service {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        /// Accepted v1/v2c communities; empty accepts any.
        public var communities: [String] = []
        public var users: [TrapUser] = []
        /// The receiver's engine ID for informs; nil: generated once and kept in the store.
        public var engineID: [UInt8]?
        /// Source (or v1 agent-addr) address to device name, from the configured exporters.
        public var deviceNames: [IPAddress: String] = [:]
        /// Events older than this are deleted (hourly). 90 days: a quarter of history for
        /// "how often did this link flap", at a few hundred bytes per event.
        public var retentionMillis: UInt64 = 90 * 86_400_000
        /// How often queued events are written: one transaction per interval keeps a trap
        /// storm from becoming one fsync per trap, and bounds the delay to the API.
        public var flushIntervalMillis: Int = 200

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    public let configuration: Configuration
    public let bound: BoundAddress
    let metadata: MetadataStore
    let metrics: TrapMetrics
    let sink: TrapEventSink
    let group: any EventLoopGroup
    let logger: Logger
    let now: @Sendable () -> UInt64

    public init(
        configuration: Configuration, metadata: MetadataStore, metrics: TrapMetrics, group: any EventLoopGroup,
        logger: Logger, now: @escaping @Sendable () -> UInt64, bound: BoundAddress = BoundAddress(),
        sink: TrapEventSink = TrapEventSink()
    ) {
        self.configuration = configuration
        self.metadata = metadata
        self.metrics = metrics
        self.group = group
        self.logger = logger
        self.now = now
        self.bound = bound
        self.sink = sink
    }

    public func run() async throws {
        let c = configuration
        let settings: TrapReceiver.Settings
        let users: [(USMUser, engineIDs: [[UInt8]])]
        do {
            users = try c.users.map { (try $0.makeUSMUser(), engineIDs: $0.engineIDs) }
            let (engineID, boots) = try metadata.startSNMPEngine(configuredEngineID: c.engineID, makeEngineID: TrapLocalEngine.randomEngineID)
            settings = TrapReceiver.Settings(
                communities: Set(c.communities.map { Array($0.utf8) }), deviceNames: c.deviceNames,
                engine: TrapLocalEngine(engineID: engineID, boots: boots, startMillis: now()))
        } catch {
            bound.fail("\(error)")
            throw ListenerError(message: "cannot start the trap receiver: \(error)")
        }
        let channel: any Channel
        do {
            channel = try await DatagramBootstrap(group: group)
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                // NIO reads into 2 KB by default and cuts longer datagrams; traps with many
                // or long varbinds (LLDP, syslog-like text) are bigger. 64 KB holds any UDP one.
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
                .channelInitializer { [sink, metrics, logger, now] channel in
                    channel.eventLoop.makeCompletedFuture {
                        let receiver = TrapReceiver(settings: settings, users: users, saltSeed: UInt64.random(in: .min ... .max))
                        try channel.pipeline.syncOperations.addHandler(
                            TrapDatagramHandler(receiver: receiver, sink: sink, metrics: metrics, logger: logger, now: now))
                    }
                }
                .bind(host: c.host, port: c.port).get()
        } catch {
            bound.fail("\(error)")
            logger.error(
                "cannot listen for SNMP traps; continuing without them",
                metadata: ["address": "\(c.host):\(c.port)", "error": "\(error)",
                           "hint": "port 162 needs root or CAP_NET_BIND_SERVICE; set listen.traps to another port or off"])
            try? await gracefulShutdown()
            return
        }
        let port = channel.localAddress?.port ?? c.port
        bound.publish(host: c.host, port: port)
        logger.info("listening for SNMP traps", metadata: [
            "address": "\(c.host):\(port)", "engine_id": "\(settings.engine.engineID.hexText)", "engine_boots": "\(settings.engine.boots)",
        ])
        let stop = TrapStopFlag()
        await withTaskGroup(of: Void.self) { tasks in
            tasks.addTask { await writeLoop(stop: stop) }
            do {
                try await withGracefulShutdownHandler {
                    try await channel.closeFuture.get()
                } onGracefulShutdown: {
                    channel.close(promise: nil)
                }
            } catch {
                logger.error("trap socket failed", metadata: ["error": "\(error)"])
            }
            stop.value.store(true, ordering: .releasing)
        }
    }

    /// Writes queued events every `flushIntervalMillis` until `stop`, then once more.
    private func writeLoop(stop: TrapStopFlag) async {
        var lastRetention: UInt64 = 0
        while !stop.value.load(ordering: .acquiring) {
            try? await Task.sleep(for: .milliseconds(configuration.flushIntervalMillis))
            flush()
            let t = now()
            if t &- lastRetention >= 3_600_000 {
                lastRetention = t
                _ = try? metadata.deleteEvents(olderThanMillis: t > configuration.retentionMillis ? t - configuration.retentionMillis : 0)
            }
        }
        flush()
    }

    private func flush() {
        let events = sink.take()
        guard !events.isEmpty else { return }
        do {
            try metadata.appendEvents(events)
        } catch {
            metrics.storeErrors.increment()
            logger.warning("cannot store trap events; retrying", metadata: ["count": "\(events.count)", "error": "\(error)"])
            let dropped = sink.putBack(events)
            if dropped > 0 { metrics.dropped.increment(by: Int64(dropped)) }
        }
    }
}

/// Tells the writer loop the socket is closed (an `Atomic` cannot be captured by a task).
final class TrapStopFlag: Sendable {
    let value = Atomic<Bool>(false)
}
