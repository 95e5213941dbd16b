import Dispatch
import Foundation
import Logging
import NetsightModel
import Pollers
import ServiceLifecycle
import Storage

/// Where the notifications of an evaluation go: the delivery queue, which persists them
/// before the first attempt.
public protocol AlertNotificationSink: Sendable {
    func enqueue(_ notifications: [AlertNotification]) async
}

/// Evaluates the alert rules every `evaluationInterval` on absolute ticks (run k at
/// `start + k·interval`, so there is no drift), and hands the resulting notifications to
/// the sink.
///
/// Each evaluation runs on a queue of its own: it reads and writes SQLite and may take a
/// while with 100,000 series, and must not hold one of the two cooperative threads the
/// probes need. A slow evaluation skips the ticks that passed rather than bursting.
public final class AlertingService: Service, Sendable {
    let configuration: AlertingConfiguration
    let devices: [DevicePollSpec]
    let store: MetadataStore
    let sink: (any AlertNotificationSink)?
    let metrics: AlertingMetrics?
    let logger: Logger
    let now: @Sendable () -> Date
    private let queue = DispatchQueue(label: "netsight.alerting")

    public init(
        configuration: AlertingConfiguration, devices: [DevicePollSpec], store: MetadataStore,
        sink: (any AlertNotificationSink)?, metrics: AlertingMetrics? = nil, logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.devices = devices
        self.store = store
        self.sink = sink
        self.metrics = metrics
        self.logger = logger
        self.now = now
    }

    public func run() async throws {
        let interval = configuration.evaluationInterval
        let clock = ContinuousClock()
        let start = clock.now
        var tick = 0
        var lastRetention: Date?
        let pipeline = AlertPipelineBox()
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let at = now()
            let expire = lastRetention.map { at.timeIntervalSince($0) > 3_600 } ?? true
            if expire { lastRetention = at }
            let evaluationStart = clock.now
            let outcome = await withCheckedContinuation { (done: CheckedContinuation<Result<AlertPipeline.Outcome, any Error>, Never>) in
                queue.async { [self] in
                    // Built on the first tick, and again after a failure (a store that could
                    // not be read): alerting failing to start must not stop the server.
                    let result = Result { try pipeline.get(configuration: configuration, devices: devices, store: store).evaluate(at: at) }
                    if expire { applyRetention(at: at) }
                    done.resume(returning: result)
                }
            }
            let took = clock.now
            switch outcome {
            case .success(let o):
                metrics?.evaluated(o.alerts, seconds: evaluationStart.duration(to: took).timeInterval)
                if !o.notifications.isEmpty {
                    logger.info("alert notifications", metadata: ["count": "\(o.notifications.count)"])
                    await sink?.enqueue(o.notifications)
                }
            case .failure(let error):
                metrics?.failed()
                logger.error("alert evaluation failed", metadata: ["error": "\(error)"])
            }
            // The next tick that is still ahead: a slow evaluation skips, never bursts.
            let elapsed = start.duration(to: clock.now)
            tick = max(tick + 1, Int((elapsed / interval).rounded(.up)))
            let next = start.advanced(by: interval * tick)
            // Woken by a graceful shutdown too, so SIGTERM does not wait out the interval.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(until: next, clock: clock) }
        }
    }

    /// Alert history, the notification log and silences ended long ago go after
    /// `historyRetention`.
    private func applyRetention(at now: Date) {
        let cutoff = now.addingTimeInterval(-Double(configuration.historyRetention.components.seconds))
        do {
            _ = try store.deleteAlertEvents(before: cutoff)
            _ = try store.deleteNotificationLog(sentBefore: cutoff)
            _ = try store.deleteSilences(expiredBefore: cutoff)
        } catch {
            logger.warning("cannot apply alert history retention", metadata: ["error": "\(error)"])
        }
    }
}

/// The pipeline, made on first use; touched only on the service's serial queue.
private final class AlertPipelineBox: @unchecked Sendable {
    private var pipeline: AlertPipeline?

    func get(configuration: AlertingConfiguration, devices: [DevicePollSpec], store: MetadataStore) throws -> AlertPipeline {
        if let pipeline { return pipeline }
        let made = try AlertPipeline(configuration: configuration, devices: devices, store: store)
        pipeline = made
        return made
    }
}
