import Alerting
import Foundation
import Logging
import NetsightModel
import Notifiers
import ServiceLifecycle
import Storage

/// Delivers the notifications the alert pipeline put in the outbox (`pending_deliveries`,
/// written in the same transaction as the notification log), one worker per receiver so a
/// receiver that is down or hangs never delays the others.
///
/// A failed attempt that may succeed later is retried with exponential backoff and jitter
/// (`DeliveryBackoff`, per receiver), counting from the notification's creation; past
/// `give_up_after`, or at once when retrying cannot help (a 4xx), the delivery ends as
/// `delivery_failed` in each alert's history, visible in the API, and a warning in the log.
/// A delivery ends as `notified`. Nothing is held only in memory: after a restart each
/// worker picks up its receiver's outbox where it was.
public final class DeliveryQueue: Service, AlertNotificationSink, Sendable {
    struct Worker: Sendable {
        let receiver: any NotificationReceiver
        let backoff: DeliveryBackoff
        let doorbell = Doorbell()
    }

    private let workers: [String: Worker]
    private let store: MetadataStore
    private let metrics: DeliveryMetrics?
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let random: @Sendable () -> Double

    init(
        receivers: [any NotificationReceiver], specs: [ReceiverSpec], store: MetadataStore, metrics: DeliveryMetrics?,
        logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        let specByName = Dictionary(specs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var workers: [String: Worker] = [:]
        for r in receivers {
            let spec = specByName[r.name]
            let backoff = DeliveryBackoff(
                initial: spec?.initialBackoff ?? .seconds(1), max: spec?.maxBackoff ?? .seconds(300),
                giveUpAfter: spec?.giveUpAfter ?? .seconds(86_400))
            workers[r.name] = Worker(receiver: r, backoff: backoff)
        }
        self.workers = workers
        self.store = store
        self.metrics = metrics
        self.logger = logger
        self.now = now
        self.random = random
    }

    /// The pipeline already stored the notifications; this only wakes the workers concerned.
    public func enqueue(_ notifications: [AlertNotification]) async {
        for name in Set(notifications.map(\.receiver)) {
            if let w = workers[name] {
                w.doorbell.ring()
            } else {
                logger.warning("notification for an unknown receiver", metadata: ["receiver": "\(name)"])
            }
        }
    }

    public func run() async throws {
        dropOrphans()
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for (name, worker) in workers {
                    group.addTask { await self.work(name: name, worker: worker) }
                }
            }
        } onGracefulShutdown: {
            for w in self.workers.values { w.doorbell.ring() }
        }
    }

    /// One receiver's loop: deliver what is due, oldest first, then sleep until the next
    /// attempt is due or new work arrives. An attempt in flight at shutdown finishes
    /// (bounded by the receiver's timeout) so its outcome is recorded.
    private func work(name: String, worker: Worker) async {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let queue: [PendingDelivery]
            do {
                queue = try store.pendingDeliveries(receiver: name)
            } catch {
                logger.error("cannot read the notification outbox", metadata: ["receiver": "\(name)", "error": "\(error)"])
                await worker.doorbell.wait(timeout: .seconds(5))
                continue
            }
            metrics?.setPending(receiver: name, count: queue.count)
            let at = now()
            let due = queue.filter { $0.nextAttemptAt <= at }
            for delivery in due {
                if Task.isShuttingDownGracefully || Task.isCancelled { return }
                await attempt(delivery, worker: worker)
            }
            if !due.isEmpty { continue }
            let wait = queue.first.map { max(0.01, $0.nextAttemptAt.timeIntervalSince(at)) } ?? 3_600
            await worker.doorbell.wait(timeout: .milliseconds(Int64(min(wait, 3_600) * 1000)))
        }
    }

    private func attempt(_ delivery: PendingDelivery, worker: Worker) async {
        let n = delivery.notification
        let attempts = delivery.attempts + 1
        let started = now()
        do {
            try await worker.receiver.deliver(n)
            metrics?.attempt(receiver: n.receiver, result: "ok")
            metrics?.finished(receiver: n.receiver, outcome: "delivered")
            logger.info("notification delivered", metadata: [
                "receiver": "\(n.receiver)", "notification": "\(n.id)", "kind": "\(n.kind.rawValue)",
                "status": "\(n.status.rawValue)", "alerts": "\(n.alerts.count)", "attempt": "\(attempts)",
            ])
            finish(n, kind: .notified, at: now(), detail: "notification \(n.id) (\(n.kind.rawValue), \(n.status.rawValue)), attempt \(attempts)")
        } catch {
            let next = error.retryable
                ? worker.backoff.nextAttempt(attempts: attempts, firstAttemptAt: n.createdAt, now: now(), random: random) : nil
            if let next {
                metrics?.attempt(receiver: n.receiver, result: "retry")
                logger.warning("notification delivery failed; will retry", metadata: [
                    "receiver": "\(n.receiver)", "notification": "\(n.id)", "attempt": "\(attempts)",
                    "retry_in_ms": "\(Int((next.timeIntervalSince(started) * 1000).rounded()))", "error": "\(error.message)",
                ])
                var updated = delivery
                updated.attempts = attempts
                updated.nextAttemptAt = next
                updated.lastError = error.message
                do {
                    try store.savePendingDelivery(updated)
                } catch {
                    logger.error("cannot record a delivery retry", metadata: ["receiver": "\(n.receiver)", "error": "\(error)"])
                }
            } else {
                metrics?.attempt(receiver: n.receiver, result: "failed")
                metrics?.finished(receiver: n.receiver, outcome: "failed")
                let why = error.retryable
                    ? "gave up after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(error.message)" : "not retried: \(error.message)"
                logger.error("notification delivery failed", metadata: [
                    "receiver": "\(n.receiver)", "notification": "\(n.id)", "attempts": "\(attempts)", "error": "\(why)",
                ])
                finish(n, kind: .deliveryFailed, at: now(), detail: "notification \(n.id): \(why)")
            }
        }
    }

    private func finish(_ n: AlertNotification, kind: AlertEvent.Kind, at: Date, detail: String) {
        let events = n.alerts.map {
            AlertEvent(time: at, alertID: $0.id, rule: $0.rule, kind: kind, receiver: n.receiver, detail: detail)
        }
        do {
            try store.finishDelivery(id: n.id, receiver: n.receiver, events: events)
        } catch {
            // The delivery stays in the outbox and is tried again: a duplicate the
            // idempotency key lets the receiver drop, rather than a lost record.
            logger.error("cannot record a delivery outcome", metadata: ["receiver": "\(n.receiver)", "error": "\(error)"])
        }
    }

    /// Notifications for receivers no longer in the configuration end as failed, visibly.
    private func dropOrphans() {
        do {
            for d in try store.pendingDeliveries() where workers[d.notification.receiver] == nil {
                let n = d.notification
                logger.warning("dropping a notification for a receiver no longer configured", metadata: [
                    "receiver": "\(n.receiver)", "notification": "\(n.id)",
                ])
                finish(n, kind: .deliveryFailed, at: now(), detail: "notification \(n.id): receiver \(n.receiver) is no longer configured")
            }
        } catch {
            logger.error("cannot read the notification outbox", metadata: ["error": "\(error)"])
        }
    }
}
