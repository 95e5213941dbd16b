import Logging
import NetsightModel
import Pollers
import Prometheus
import Storage
import Synchronization

/// Where `netsight serve` hands each device poll: the metadata store, `/metrics`, and an
/// in-memory ifIndex → ifName map per device address for naming flow interfaces.
///
/// Store failures are logged and counted, never thrown: one bad write must not stop the
/// poller. Rate samples older than the retention are deleted at most once an hour.
public final class DevicePollRecorder: DevicePollSink {
    let store: MetadataStore?
    let metrics: DevicePollMetrics
    let retentionMillis: UInt64
    let logger: Logger
    private let state: Mutex<State>

    struct State {
        var names: [IPAddress: [UInt32: String]] = [:]
        var lastRetentionMillis: UInt64 = 0
    }

    /// How often retention runs: deleting an hour of samples at a time keeps each delete small.
    static let retentionEveryMillis: UInt64 = 3_600_000

    /// - Parameters:
    ///   - store: nil records metrics and names only (tests, or a process without a store).
    ///   - retentionMillis: how long rate samples are kept (`snmp.retention`).
    public init(
        store: MetadataStore?, registry: PrometheusCollectorRegistry, retentionMillis: UInt64 = 30 * 86_400_000,
        logger: Logger, clientDrops: (@Sendable () -> [String: Int])? = nil
    ) {
        self.store = store
        self.clientDrops = clientDrops
        self.metrics = DevicePollMetrics(registry: registry)
        self.retentionMillis = retentionMillis
        self.logger = logger
        var state = State()
        // Names known from earlier runs, so flows are named before the first re-walk.
        if let store {
            do {
                for (host, names) in try store.interfaceNames() {
                    if let ip = IPAddress(host) { state.names[ip, default: [:]].merge(names) { _, new in new } }
                }
            } catch {
                logger.warning("cannot read stored interface names", metadata: ["error": "\(error)"])
            }
        }
        self.state = Mutex(state)
    }

    /// The SNMP client's drop totals by reason, copied into `/metrics` after each poll.
    public let clientDrops: (@Sendable () -> [String: Int])?

    public func devicePolled(_ report: DevicePollReport) async {
        record(report)
        if let clientDrops { metrics.recordClientDrops(clientDrops()) }
    }

    /// The synchronous body of `devicePolled`.
    func record(_ report: DevicePollReport) {
        let status = report.status
        metrics.record(status)
        let ip = Self.ipAddress(status.address)
        let runRetention: Bool = state.withLock { s in
            if let ip {
                if let interfaces = report.interfaces {
                    s.names[ip] = Dictionary(interfaces.map { ($0.ifIndex, $0.name) }, uniquingKeysWith: { a, _ in a })
                } else if !report.rates.isEmpty {
                    for r in report.rates where !r.ifName.isEmpty { s.names[ip, default: [:]][r.ifIndex] = r.ifName }
                }
            }
            guard status.lastPollMillis >= s.lastRetentionMillis &+ Self.retentionEveryMillis else { return false }
            s.lastRetentionMillis = status.lastPollMillis
            return true
        }
        guard let store else { return }
        do {
            try store.recordDevicePoll(report)
        } catch {
            metrics.storeErrors.increment()
            logger.error("cannot store device poll", metadata: ["device": "\(status.device)", "error": "\(error)"])
        }
        if runRetention {
            let cutoff = status.lastPollMillis > retentionMillis ? status.lastPollMillis - retentionMillis : 0
            do {
                _ = try store.deleteInterfaceRates(olderThanMillis: cutoff)
            } catch {
                logger.warning("cannot delete old interface rates", metadata: ["error": "\(error)"])
            }
        }
    }

    /// The name of interface `ifIndex` of the device polled at `exporter`, or nil. Cheap
    /// and thread-safe: the flow path calls it per record.
    public func interfaceName(exporter: IPAddress, ifIndex: UInt32) -> String? {
        state.withLock { $0.names[exporter]?[ifIndex] }
    }

    /// Every known ifIndex → ifName, by device address (a copy).
    public var interfaceNames: [IPAddress: [UInt32: String]] {
        state.withLock { $0.names }
    }

    /// Removes stored devices that are no longer configured (call once at start).
    public func forgetDevices(except specs: [DevicePollSpec]) {
        guard let store else { return }
        do {
            let gone = try store.forgetDevices(keeping: Set(specs.map(\.name)))
            if !gone.isEmpty { logger.info("forgot devices no longer configured", metadata: ["devices": "\(gone)"]) }
        } catch {
            logger.warning("cannot forget removed devices", metadata: ["error": "\(error)"])
        }
    }

    /// The IP address of a configured device address; nil for DNS names (flows name their
    /// exporter by IP, so a name-addressed device cannot be matched without resolving it).
    static func ipAddress(_ address: String) -> IPAddress? {
        NetsightConfiguration.deviceAddress(address).flatMap { IPAddress($0.host) }
    }
}
