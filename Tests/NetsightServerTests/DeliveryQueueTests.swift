import Foundation
import Logging
import NetsightModel
import Notifiers
import Storage
import Synchronization
import Testing

@testable import NetsightServer

/// The queue's own logic (retries, give-up, independence, the outbox) with scripted
/// receivers; the real receivers against real peers are proven in IntegrationTests.
@Suite struct DeliveryQueueTests {
    /// Answers each attempt from a script (the last entry repeats); records what it got.
    final class ScriptedReceiver: NotificationReceiver, Sendable {
        let name: String
        private let script: [DeliveryError?]
        private let delay: Duration
        private let calls = Mutex<[String]>([])

        init(_ name: String, _ script: [DeliveryError?] = [nil], delay: Duration = .zero) {
            self.name = name
            self.script = script
            self.delay = delay
        }

        private let done = Mutex(false)

        var received: [String] { calls.withLock { $0 } }
        var finished: Bool { done.withLock { $0 } }

        func deliver(_ notification: AlertNotification) async throws(DeliveryError) {
            let index = calls.withLock { c -> Int in
                c.append(notification.id)
                return c.count - 1
            }
            if delay > .zero {
                try? await Task.sleep(for: delay)
                done.withLock { $0 = true }
            }
            if let error = script[min(index, script.count - 1)] { throw error }
        }
    }

    static let retry = DeliveryError(retryable: true, "HTTP 503")
    static let reject = DeliveryError(retryable: false, "HTTP 400: bad payload")

    static func notification(_ id: String, receiver: String, createdAt: Date = Date()) -> AlertNotification {
        let alert = Alert(
            id: "a-\(id)", rule: "DeviceDown", metric: "device_up", labels: LabelSet(["device": "core-1"]),
            severity: .critical, state: .firing, value: 0, summary: "core-1 down", firingSince: createdAt,
            lastEvaluatedAt: createdAt)
        return AlertNotification(
            id: id, receiver: receiver, groupKey: "g", groupLabels: LabelSet([:]), commonLabels: LabelSet([:]), kind: .alert,
            status: .firing, alerts: [alert], createdAt: createdAt)
    }

    static func spec(_ name: String, giveUpAfter: Duration = .seconds(60)) -> ReceiverSpec {
        ReceiverSpec(
            name: name, kind: .webhook(url: "http://127.0.0.1:9/", headers: [:]), initialBackoff: .milliseconds(50),
            maxBackoff: .milliseconds(200), giveUpAfter: giveUpAfter)
    }

    /// Runs a queue over a fresh store until `done` holds (or 10 s), then cancels it.
    static func run(
        _ receivers: [ScriptedReceiver], specs: [ReceiverSpec], pending: [PendingDelivery],
        after: (@Sendable (DeliveryQueue, MetadataStore) async throws -> Void)? = nil,
        until done: @escaping @Sendable (MetadataStore) throws -> Bool
    ) async throws -> MetadataStore {
        let dir = NSTemporaryDirectory() + "netsight-delivery-\(UUID().uuidString.prefix(8))"
        let store = try MetadataStore(path: dir + "/netsight.sqlite")
        for p in pending { try store.savePendingDelivery(p) }
        let queue = DeliveryQueue(receivers: receivers, specs: specs, store: store, metrics: nil, logger: Logger(label: "test"))
        let task = Task { try await queue.run() }
        defer { task.cancel() }
        if let after { try await after(queue, store) }
        // Generous: the whole unit suite shares two cores; what must not happen (a worker
        // that never wakes, sleeping its hour) is far beyond it.
        let deadline = ContinuousClock.now + .seconds(60)
        while try !done(store), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(try done(store), "the queue did not get there within 60 s")
        return store
    }

    static func events(_ store: MetadataStore) throws -> [AlertEvent] {
        try store.alertEvents(from: .distantPast, to: .distantFuture)
    }

    @Test func deliversAndRecordsNotified() async throws {
        let ops = ScriptedReceiver("ops")
        let store = try await Self.run(
            [ops], specs: [Self.spec("ops")], pending: [PendingDelivery(notification: Self.notification("n1", receiver: "ops"), nextAttemptAt: Date())],
            until: { try $0.pendingDeliveries().isEmpty && !Self.events($0).isEmpty })
        #expect(ops.received == ["n1"])
        let e = try Self.events(store)
        #expect(e.map(\.kind) == [.notified] && e.first?.alertID == "a-n1" && e.first?.receiver == "ops")
        #expect(e.first?.detail.contains("n1") == true)
    }

    @Test func retriesWithBackoffThenDelivers() async throws {
        let ops = ScriptedReceiver("ops", [Self.retry, Self.retry, nil])
        let store = try await Self.run(
            [ops], specs: [Self.spec("ops")], pending: [PendingDelivery(notification: Self.notification("n1", receiver: "ops"), nextAttemptAt: Date())],
            until: { try !Self.events($0).isEmpty })
        #expect(ops.received == ["n1", "n1", "n1"])
        #expect(try Self.events(store).map(\.kind) == [.notified])
        #expect(try Self.events(store).first?.detail.contains("attempt 3") == true)
        #expect(try store.pendingDeliveries().isEmpty)
    }

    @Test func aRejectedNotificationFailsAtOnceAndVisibly() async throws {
        let ops = ScriptedReceiver("ops", [Self.reject])
        let store = try await Self.run(
            [ops], specs: [Self.spec("ops")], pending: [PendingDelivery(notification: Self.notification("n1", receiver: "ops"), nextAttemptAt: Date())],
            until: { try !Self.events($0).isEmpty })
        #expect(ops.received == ["n1"])
        let e = try #require(try Self.events(store).first)
        #expect(e.kind == .deliveryFailed && e.detail.contains("not retried: HTTP 400: bad payload"))
        #expect(try store.pendingDeliveries().isEmpty)
    }

    @Test func givesUpAfterTheDeadline() async throws {
        let ops = ScriptedReceiver("ops", [Self.retry])
        // Made 59.5 s ago with 60 s to live: the attempts back off (50 ms doubling to 200 ms)
        // until the next one would fall past the deadline.
        let made = Date().addingTimeInterval(-59.5)
        let store = try await Self.run(
            [ops], specs: [Self.spec("ops", giveUpAfter: .seconds(60))],
            pending: [PendingDelivery(notification: Self.notification("n1", receiver: "ops", createdAt: made), nextAttemptAt: Date())],
            until: { try !Self.events($0).isEmpty })
        let e = try #require(try Self.events(store).first)
        #expect(e.kind == .deliveryFailed && e.detail.contains("gave up after \(ops.received.count) attempt") && e.detail.hasSuffix(": HTTP 503"), "\(e.detail)")
        #expect(ops.received.count >= 1)
        #expect(try store.pendingDeliveries().isEmpty)
    }

    @Test func aHangingReceiverDoesNotDelayTheOthers() async throws {
        let slow = ScriptedReceiver("slow", delay: .seconds(300))
        let fast = ScriptedReceiver("fast")
        let store = try await Self.run(
            [slow, fast], specs: [Self.spec("slow"), Self.spec("fast")],
            pending: [
                PendingDelivery(notification: Self.notification("n1", receiver: "slow"), nextAttemptAt: Date()),
                PendingDelivery(notification: Self.notification("n1", receiver: "fast"), nextAttemptAt: Date()),
            ],
            until: { try $0.pendingDeliveries(receiver: "fast").isEmpty })
        // Delivered while the slow receiver still hangs in its first attempt.
        #expect(fast.received == ["n1"] && slow.received == ["n1"] && !slow.finished)
        // The slow one is still in the outbox: nothing is lost while it hangs.
        #expect(try store.pendingDeliveries(receiver: "slow").map(\.notification.id) == ["n1"])
    }

    @Test func newWorkWakesASleepingWorker() async throws {
        let ops = ScriptedReceiver("ops")
        // An empty outbox sleeps for an hour: only the doorbell gets this done in time.
        _ = try await Self.run(
            [ops], specs: [Self.spec("ops")], pending: [],
            after: { queue, store in
                try await Task.sleep(for: .milliseconds(200))
                let n = Self.notification("late", receiver: "ops")
                try store.recordDispatch(log: [], deliveries: [PendingDelivery(notification: n, nextAttemptAt: Date())])
                await queue.enqueue([n])
            },
            until: { try !Self.events($0).isEmpty })
        #expect(ops.received == ["late"])
    }

    @Test func aReceiverNoLongerConfiguredEndsItsNotificationsAsFailed() async throws {
        let ops = ScriptedReceiver("ops")
        let store = try await Self.run(
            [ops], specs: [Self.spec("ops")],
            pending: [PendingDelivery(notification: Self.notification("n9", receiver: "gone"), nextAttemptAt: Date())],
            until: { try !Self.events($0).isEmpty })
        let e = try #require(try Self.events(store).first)
        #expect(e.kind == .deliveryFailed && e.receiver == "gone" && e.detail.contains("no longer configured"))
        #expect(ops.received.isEmpty)
    }
}
