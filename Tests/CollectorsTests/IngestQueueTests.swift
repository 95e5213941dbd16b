import Foundation
import NetsightModel
import Testing

@testable import Collectors

/// The bounded queue between the receive path and the store writer.
struct IngestQueueTests {
    static func flows(_ n: Int, tag: UInt64 = 0) -> IngestItem {
        var r = FlowRecord()
        r.bytes = tag
        return .flows(Array(repeating: r, count: n), receivedAtMillis: tag)
    }

    @Test func refusesRecordsOverCapacityButAlwaysTakesTemplates() async throws {
        let q = IngestQueue(capacity: 100)
        #expect(q.offer(Self.flows(60)))
        #expect(q.offer(Self.flows(40)))
        #expect(q.depth == 100)
        #expect(!q.offer(Self.flows(1)), "a record over capacity must be refused")
        #expect(q.offer(.templates(listener: "netflow", blob: [1, 2, 3])), "a template snapshot must never be dropped")
        #expect(q.depth == 101)
        let items = try #require(await q.drain(timeout: .milliseconds(10)))
        #expect(items.count == 3)
        #expect(q.depth == 0)
        #expect(q.offer(Self.flows(100)), "room is back after a drain")
    }

    @Test func drainKeepsOrderAndTimesOutEmpty() async throws {
        let q = IngestQueue(capacity: 1000)
        for tag in 1...5 { q.offer(Self.flows(1, tag: UInt64(tag))) }
        let items = try #require(await q.drain(timeout: .seconds(1)))
        let tags = items.map { item -> UInt64 in
            if case .flows(_, let at) = item { return at }
            return 0
        }
        #expect(tags == [1, 2, 3, 4, 5])
        let start = ContinuousClock.now
        let empty = await q.drain(timeout: .milliseconds(100))
        let waited = ContinuousClock.now - start
        #expect(empty?.isEmpty == true)
        // The upper bound only tells "timed out" from "hung": unit tests run in parallel on
        // two cores, so a 100 ms sleep may wake seconds late.
        #expect(waited >= .milliseconds(90) && waited < .seconds(30), "waited \(waited)")
    }

    @Test func waitingConsumerWakesOnOffer() async throws {
        let q = IngestQueue(capacity: 1000)
        let start = ContinuousClock.now
        // Woken by the offer, not by the (much longer) timeout; generous bounds because the
        // suite runs in parallel on two cores.
        async let drained = q.drain(timeout: .seconds(120))
        try await Task.sleep(for: .milliseconds(50))
        q.offer(Self.flows(3))
        let items = await drained
        #expect(items?.count == 1)
        #expect(ContinuousClock.now - start < .seconds(60), "the consumer slept through an offer")
    }

    @Test func finishRefusesNewItemsAndDrainsTheRest() async throws {
        let q = IngestQueue(capacity: 1000)
        q.offer(Self.flows(2))
        q.finish()
        #expect(!q.offer(Self.flows(1)))
        #expect(!q.offer(.templates(listener: "netflow", blob: [])), "nothing is accepted after finish")
        let rest = await q.drain(timeout: .seconds(5))
        #expect(rest?.count == 1)
        let end = await q.drain(timeout: .seconds(5))
        #expect(end == nil)
    }

    /// The writer thread's blocking drain: items at once, an empty array on timeout, woken
    /// by an offer from another thread, nil once finished and drained.
    @Test func blockingDrainForAWriterThread() async throws {
        let q = IngestQueue(capacity: 1000)
        q.offer(Self.flows(2, tag: 1))
        #expect(q.drainBlocking(timeout: .seconds(60))?.count == 1)

        let start = ContinuousClock.now
        #expect(q.drainBlocking(timeout: .milliseconds(50))?.isEmpty == true)
        #expect(ContinuousClock.now - start >= .milliseconds(45))

        // Bounds only tell "woken" from "slept through it", as in waitingConsumerWakesOnOffer.
        let offered = ContinuousClock.now
        Thread {
            Thread.sleep(forTimeInterval: 0.05)
            q.offer(Self.flows(3, tag: 2))
        }.start()
        let woken = q.drainBlocking(timeout: .seconds(120))
        #expect(woken?.count == 1)
        #expect(ContinuousClock.now - offered < .seconds(60), "the consumer slept through an offer")

        q.offer(Self.flows(1, tag: 3))
        Thread {
            Thread.sleep(forTimeInterval: 0.05)
            q.finish()
        }.start()
        #expect(q.drainBlocking(timeout: .seconds(120))?.count == 1, "what was queued before finish is drained")
        #expect(q.drainBlocking(timeout: .seconds(120)) == nil)
    }

    /// The writer hands finished record arrays back so the receive path decodes into warm
    /// memory; only arrays of the receive buffer's size are kept, emptied, at most as many as
    /// a full queue holds, and trimmed back when traffic pauses.
    @Test func recyclesReceiveBuffersEmptiedAndBounded() {
        let q = IngestQueue(capacity: 200_000)
        var used = q.takeRecordBuffer()
        #expect(used.isEmpty && used.capacity >= IngestQueue.recordBufferCapacity)
        used.append(contentsOf: repeatElement(FlowRecord(), count: 100))
        let storage = used.withUnsafeBufferPointer { $0.baseAddress }
        q.recycle(consume used)
        #expect(q.spareCount == 1)
        let again = q.takeRecordBuffer()
        #expect(again.isEmpty, "a recycled buffer comes back empty")
        #expect(again.withUnsafeBufferPointer { $0.baseAddress } == storage, "with the same storage")
        #expect(q.spareCount == 0)

        q.recycle(Array(repeating: FlowRecord(), count: 10))
        #expect(q.spareCount == 0, "a small array is not worth keeping")
        for _ in 0..<(q.spareLimit + 3) {
            var b: [FlowRecord] = []
            b.reserveCapacity(IngestQueue.recordBufferCapacity)
            q.recycle(b)
        }
        #expect(q.spareCount == q.spareLimit)
        q.trimSpares()
        #expect(q.spareCount == IngestQueue.spareFloor, "a quiet spell gives the burst's buffers back")
        #expect(IngestQueue(capacity: 1_000_000).spareLimit == 1_000_000 / IngestQueue.recordBufferCapacity,
                "as many spares as a full queue holds")
    }

    /// Four producer threads against one consumer: every offered record is either taken by
    /// the consumer or refused, never lost or duplicated.
    @Test func concurrentProducersLoseNothing() async throws {
        let q = IngestQueue(capacity: 5_000)
        let accepted = Mutexed(0)
        let producers = DispatchGroup()
        for p in 0..<4 {
            producers.enter()
            Thread {
                var mine = 0
                for i in 0..<20_000 where q.offer(Self.flows(1, tag: UInt64(p * 1_000_000 + i))) { mine += 1 }
                accepted.add(mine)
                producers.leave()
            }.start()
        }
        var received = 0
        var seen = Set<UInt64>()
        let finished = Mutexed(0)
        DispatchQueue.global().async {
            producers.wait()
            finished.add(1)
            q.finish()
        }
        while let items = await q.drain(timeout: .milliseconds(50)) {
            for case .flows(let r, let tag) in items {
                received += r.count
                seen.insert(tag)
            }
        }
        #expect(finished.value == 1)
        #expect(received == accepted.value)
        #expect(seen.count == received, "an item was delivered twice")
        #expect(received > 0)
    }
}

/// A counter several threads add to.
final class Mutexed: @unchecked Sendable {
    private let lock = NSLock()
    private var count: Int
    init(_ value: Int) { count = value }
    func add(_ n: Int) { lock.withLock { count += n } }
    var value: Int { lock.withLock { count } }
}
