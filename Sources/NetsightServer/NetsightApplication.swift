import Collectors
import FlowCodec
import Foundation
import Logging
import NIOPosix
import NetsightModel
import Pollers
import Probers
import Prometheus
import ServiceLifecycle
import Storage
import Synchronization
import UnixSignals
import WebAPI

/// The composition root of `netsight serve`: opens the store, builds every part as a
/// `Service` and runs them in one `ServiceGroup` until SIGINT or SIGTERM.
///
/// Shutdown runs in reverse order of the service list: the listeners stop first, then the
/// HTTP server, and the store writer last, so it drains the queue and flushes everything
/// that was accepted before the process exits.
public struct NetsightApplication: Sendable {
    public let configuration: NetsightConfiguration
    public let logger: Logger
    public let now: @Sendable () -> UInt64
    /// Published once each listener is bound (port 0 in a configuration becomes a real port).
    public let netflowBound = BoundAddress()
    public let sflowBound = BoundAddress()
    public let httpBound = BoundAddress()
    public let trapsBound = BoundAddress()
    private let running = RunningGroup()

    public init(configuration: NetsightConfiguration, logger: Logger, now: @escaping @Sendable () -> UInt64 = SystemClock.nowMillis) {
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }

    public func run(signals: [UnixSignal] = [.sigterm, .sigint]) async throws {
        let config = configuration
        let paths = try DataDirectory(path: config.dataDirectory)
        let writer = try FlowStoreWriter(directory: paths.flowsDirectory)
        let metadata = try MetadataStore(path: paths.metadataPath)
        let registry = PrometheusCollectorRegistry()
        let metrics = FlowIngestMetrics(registry: registry)
        let queue = IngestQueue(capacity: config.queueRecords)
        let enricher = FlowEnricher(
            exporters: Dictionary(
                config.exporters.map { ($0.address, ExporterInfo(name: $0.name, site: $0.site, samplingOverride: $0.sampling)) },
                uniquingKeysWith: { a, _ in a }),
            sites: config.sites.map { (name: $0.name, prefixes: $0.prefixes) },
            asnDatabase: try config.asnDatabasePath.map { path throws in try ASNDatabase(path: path) })
        let savedTemplates = (try? metadata.loadTemplates()) ?? [:]
        let group = MultiThreadedEventLoopGroup.singleton

        var listeners: [any Service] = []
        for (name, endpoint, bound) in [
            ("netflow", config.netflowListen, netflowBound), ("sflow", config.sflowListen, sflowBound),
        ] {
            guard let endpoint else {
                bound.publishDisabled()
                continue
            }
            var templates = TemplateCache()
            if let blob = savedTemplates[name] {
                do {
                    templates = try JSONDecoder().decode(TemplateCache.self, from: Data(blob))
                } catch {
                    logger.warning("ignoring unreadable saved templates", metadata: ["listener": "\(name)", "error": "\(error)"])
                }
            }
            listeners.append(
                FlowListenerService(
                    configuration: .init(name: name, host: endpoint.host, port: endpoint.port),
                    templates: templates, enricher: enricher, queue: queue, metrics: metrics, group: group,
                    logger: logger, now: now, bound: bound))
        }
        if let traps = config.trapListenerConfiguration {
            listeners.append(TrapListenerService(
                configuration: traps, metadata: metadata, metrics: TrapMetrics(registry: registry), group: group,
                logger: logger, now: now, bound: trapsBound))
        } else {
            trapsBound.publishDisabled()
        }
        // SNMP polling: one scheduler for every configured device, its reports stored,
        // counted in /metrics, and its interface names used to name flow interfaces.
        var pollers: (any Service)?
        var snmpClient: SNMPClient?
        if !config.devices.isEmpty {
            let client = try await SNMPClient.start(group: group)
            snmpClient = client
            let recorder = DevicePollRecorder(
                store: metadata, registry: registry, retentionMillis: config.deviceRatesRetentionMillis, logger: logger,
                clientDrops: { client.drops })
            recorder.forgetDevices(except: config.devices)
            pollers = DevicePollScheduler(specs: config.devices, client: client, sink: recorder, nowMillis: now, logger: logger)
        } else {
            _ = try? metadata.forgetDevices(keeping: [])
        }
        // Probes: one scheduler for every configured probe, its results stored (batched),
        // counted in /metrics and fed to reactions; and the UDP jitter responder if asked.
        var probeServices: [any Service] = []
        var probers: ProberSet?
        var metricSources: [any MetricsSource] = []
        do {
            try metadata.syncProbes(config.probes)
        } catch {
            logger.warning("cannot record the configured probes in the store", metadata: ["error": "\(error)"])
        }
        if !config.probes.isEmpty {
            let set = ProberSet.standard(eventLoopGroup: group)
            probers = set
            let probeMetrics = ProbeMetrics(registry: registry)
            metricSources.append(probeMetrics)
            let recorder = ProbeRecorder(
                store: metadata, metrics: probeMetrics, retentionMillis: config.probeRetentionMillis, logger: logger)
            // The recorder comes first: the group stops services in reverse order, so the
            // scheduler stops before the recorder's last flush.
            probeServices += [recorder, ProbeScheduler(specs: config.probes, probers: set, sink: recorder, logger: logger)]
        }
        if let listen = config.responderListen {
            probeServices.append(UDPJitterResponder(host: listen.host, port: listen.port, eventLoopGroup: group, logger: logger))
        }
        // Alerting: the rules over what the pollers and probes stored; it starts after them
        // in the group, so it stops before them.
        // Delivery: one worker per receiver over the outbox the pipeline fills; listed before
        // alerting so it stops after it and takes its last notifications.
        var deliveryServices: [any Service] = []
        var sink: (any AlertNotificationSink)?
        let receivers = try NotificationReceivers.make(
            config.alerting.receivers, externalURL: config.alerting.externalURL, group: group)
        if !receivers.isEmpty {
            let delivery = DeliveryQueue(
                receivers: receivers, specs: config.alerting.receivers, store: metadata,
                metrics: DeliveryMetrics(registry: registry), logger: logger)
            deliveryServices.append(delivery)
            sink = delivery
        }
        let alerting = AlertingService(
            configuration: config.alerting, devices: config.devices, store: metadata, sink: sink,
            metrics: AlertingMetrics(registry: registry), logger: logger)
        let store = FlowStoreService(
            queue: queue, writer: writer, metadata: metadata, metrics: metrics,
            retention: .init(rawMillis: config.rawRetentionMillis, rollupMillis: config.rollupRetentionMillis),
            logger: logger, now: now)
        var flows = FlowQueryEngine(directory: paths.flowsDirectory, metadata: metadata)
        flows.exporterNames = config.exporterNamesByAddress
        let http = HTTPServer.makeService(
            host: config.httpListen.host, port: config.httpListen.port,
            context: APIContext(flows: flows, registry: registry, metadata: metadata, metricSources: metricSources, now: now),
            logger: logger, bound: httpBound)

        let services: [ServiceGroupConfiguration.ServiceConfiguration] =
            [.init(service: store), .init(service: http)] + (listeners + [pollers].compactMap { $0 } + probeServices + deliveryServices + [alerting]).map { .init(service: $0) }
        let serviceGroup = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: signals, cancellationSignals: [], logger: logger))
        logger.info("netsight serving", metadata: ["data_dir": "\(config.dataDirectory)"])
        running.set(serviceGroup)
        do {
            try await serviceGroup.run()
        } catch {
            try? await snmpClient?.close()
            probers?.close()
            throw error
        }
        // The schedulers have stopped; their client and sockets go with them.
        try? await snmpClient?.close()
        probers?.close()
    }

    /// Starts the same graceful shutdown SIGTERM does (for tests and embedding).
    public func shutdown() async {
        await running.get()?.triggerGracefulShutdown()
    }
}

/// Holds the running service group so `shutdown()` can reach it from another task.
final class RunningGroup: Sendable {
    private let group = Mutex<ServiceGroup?>(nil)
    func set(_ g: ServiceGroup) { group.withLock { $0 = g } }
    func get() -> ServiceGroup? { group.withLock { $0 } }
}
