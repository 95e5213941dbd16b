import Alerting
import Foundation
import NetsightModel
import Pollers
import Storage

/// One alerting evaluation, start to end: the snapshot from the store, the rules, root
/// cause, silences and maintenance, grouping, and what must be written back. The stages
/// are the pure ones of the `Alerting` target; this type only feeds them from the store
/// and writes their results, so an evaluation can be driven with any `now` in tests.
///
/// Not thread-safe: `AlertingService` runs it on one queue.
final class AlertPipeline {
    let store: MetadataStore
    let configuration: AlertingConfiguration
    let devices: [DevicePollSpec]
    private var engine: AlertEngine
    private var dispatcher: AlertDispatcher
    /// What the store holds, by id, so each evaluation writes only what changed.
    private var stored: [String: Alert]
    private var graph: DependencyGraph
    private var graphBuiltAt: Date?
    private var graphNeighbourCount = 0
    private var flowVolumes: FlowVolumeSampler

    /// The outcome of one evaluation, for the service's log and for tests.
    struct Outcome {
        var alerts: [Alert]
        var events: [AlertEvent]
        var notifications: [AlertNotification]
        var expiredSilences: [String]
    }

    /// Restores alert state and the notification log from the store, so a restart neither
    /// forgets a firing alert nor notifies it again.
    init(configuration: AlertingConfiguration, devices: [DevicePollSpec], store: MetadataStore) throws {
        self.store = store
        self.configuration = configuration
        self.devices = devices
        let rules = AlertRuleValidator.validate(configuration.rules).rules
        flowVolumes = FlowVolumeSampler(rules: rules, window: configuration.flowWindow, delay: configuration.flowDelay)
        let restored = try store.alerts()
        engine = AlertEngine(
            rules: rules, flapLow: configuration.flapLowPercent, flapHigh: configuration.flapHighPercent,
            resolvedRetention: configuration.resolvedRetention, restoring: restored)
        dispatcher = AlertDispatcher(routes: configuration.routes, log: try store.notificationLog())
        stored = Dictionary(uniqueKeysWithValues: restored.map { ($0.id, $0) })
        graph = DependencyGraph(devices: [], links: [])
    }

    func evaluate(at now: Date) throws -> Outcome {
        let nowMillis = Int64((now.timeIntervalSince1970 * 1000).rounded())
        let samples = try store.alertSamples(nowMillis: nowMillis) + flowVolumes.samples(from: store, nowMillis: nowMillis)
        let evaluation = engine.evaluate(samples, at: now)
        var alerts = evaluation.alerts
        let acks = try store.acknowledgements()
        for i in alerts.indices { alerts[i].acknowledgement = acks[alerts[i].id] }

        try refreshGraph(at: now)
        alerts = RootCauseAnalyzer.annotate(alerts, graph: graph, at: now, recoveryHold: configuration.recoveryHold.timeInterval)
        let (silenced, expire) = SilenceMuter(silences: try store.silences()).apply(alerts, at: now)
        alerts = MaintenanceMuter(windows: try store.maintenanceWindows()).apply(silenced, at: now)
        for id in expire { _ = try store.expireSilence(id: id, at: now) }

        let logBefore = Set(dispatcher.logEntries)
        let notifications = dispatcher.process(alerts, at: now)
        let changedLog = dispatcher.logEntries.filter { !logBefore.contains($0) }

        try persist(alerts, events: evaluation.events, log: changedLog, notifications: notifications, at: now)
        return Outcome(alerts: alerts, events: evaluation.events, notifications: notifications, expiredSilences: expire)
    }

    /// Writes the alerts that changed (ignoring the evaluation time, which changes every
    /// time), removes those that are gone, and appends the events; the changed log entries
    /// and the new notifications go to the store together (the outbox the delivery queue
    /// works from), so "notified" in the log always means "in the outbox or delivered".
    private func persist(
        _ alerts: [Alert], events: [AlertEvent], log: [NotificationLogEntry], notifications: [AlertNotification], at now: Date
    ) throws {
        var changed: [Alert] = []
        var next: [String: Alert] = [:]
        for alert in alerts {
            next[alert.id] = alert
            var previous = stored[alert.id]
            previous?.lastEvaluatedAt = alert.lastEvaluatedAt
            previous?.acknowledgement = alert.acknowledgement
            if previous != alert { changed.append(alert) }
        }
        let gone = stored.keys.filter { next[$0] == nil }
        try store.updateAlerts(upserting: changed, removing: gone)
        try store.appendAlertEvents(events)
        try store.recordDispatch(log: log, deliveries: notifications.map { PendingDelivery(notification: $0, nextAttemptAt: now) })
        stored = next
    }

    /// The dependency graph: configured parents, plus LLDP neighbours when enabled, rebuilt
    /// once a minute (LLDP tables change slowly; the poller re-walks them every hour), and
    /// at once when the number of neighbour rows changed, so the first walks after a start
    /// count before the first incident does.
    private func refreshGraph(at now: Date) throws {
        let count = configuration.useLLDP ? try store.neighbourCount() : 0
        if let built = graphBuiltAt, now.timeIntervalSince(built) < 60, count == graphNeighbourCount { return }
        graphNeighbourCount = count
        let names = Set(devices.map(\.name))
        var links: [TopologyLink] = []
        if configuration.useLLDP {
            for record in try store.neighbours() {
                guard let neighbour = Self.deviceName(record.neighbour.remoteSystemName, known: names) else { continue }
                let n = record.neighbour
                links.append(TopologyLink(device: record.device, port: n.localPort, neighbour: neighbour, neighbourPort: n.remotePort))
                // The far end's port as the far end names it: many agents (lldpd's default)
                // send a MAC as the port id and the interface name as its description. A
                // dead device's own table is what still names its neighbours' ports after
                // they forgot it (their LLDP entries expire), so both names must work.
                if !n.remotePortDescription.isEmpty, n.remotePortDescription != n.remotePort {
                    links.append(TopologyLink(
                        device: record.device, port: n.localPort, neighbour: neighbour, neighbourPort: n.remotePortDescription))
                }
            }
        }
        graph = DependencyGraph(
            devices: devices.map { DependencyDevice(name: $0.name, site: $0.site, parents: $0.parents) }, links: links)
        graphBuiltAt = now
    }

    /// The configured device an LLDP system name stands for: the name itself, or its first
    /// label when the device announces a domain (`core-1.ldn.example.net`).
    static func deviceName(_ systemName: String, known: Set<String>) -> String? {
        if known.contains(systemName) { return systemName }
        if let dot = systemName.firstIndex(of: "."), known.contains(String(systemName[..<dot])) {
            return String(systemName[..<dot])
        }
        return nil
    }
}
