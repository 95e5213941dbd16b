import Dispatch
import NetsightModel
import Synchronization

/// A bounded multi-producer, single-consumer queue between the receive path and the store.
///
/// The receive path must never wait for the disk, so `offer` never blocks: when the queue
/// already holds `capacity` records it refuses the item, and the caller counts the drop.
/// The consumer waits asynchronously (`drain`) or on a thread of its own (`drainBlocking`,
/// for a writer doing blocking disk I/O off the concurrency pool). The bound is in records,
/// not items, because memory is what it protects (a 1M-record default is about 230 MB of
/// `FlowRecord`s, and at most twice that in array capacity: see the listener's
/// `copyBelowRecords`).
public final class IngestQueue: Sendable {
    private struct State {
        var items: [IngestItem] = []
        var head = 0
        var weight = 0
        var waiter: CheckedContinuation<Void, Never>?
        var finished = false
        /// A wake-up that arrived before the consumer started waiting.
        var wakePending = false
        /// A `drainBlocking` consumer is asleep on `sleeperSignal` and must be signalled.
        var sleeper = false
    }

    public let capacity: Int
    private let state: Mutex<State>
    /// Record arrays the writer has finished with, emptied but with their storage kept, for
    /// the receive path to decode into (see `takeRecordBuffer`).
    private let spares = Mutex<[[FlowRecord]]>([])
    /// Wakes a `drainBlocking` consumer. Signalled only when one is asleep, so producers
    /// pay for no system call while the consumer is busy.
    private let sleeperSignal = DispatchSemaphore(value: 0)

    /// Records a receive-path buffer holds: one burst of reads (the listener flushes at
    /// `burstRecords`) plus room for one more large datagram, so decoding never regrows it.
    public static let recordBufferCapacity = 10_240
    /// At most this many spare buffers (about 2.4 MB each) are kept: as many as a full
    /// queue holds, because after the writer fell behind (an fsync, or a busy CPU) every
    /// buffer then in flight comes back, and each one released and allocated anew later
    /// costs a page fault per 4 KB on the receive path (with 8 kept, 8 to 25% of its time
    /// at 1.8 million flows/s). `trimSpares` gives the memory back once traffic pauses.
    let spareLimit: Int
    /// Spares kept by `trimSpares`: enough for a steady stream of bursts.
    static let spareFloor = 4

    public init(capacity: Int) {
        precondition(capacity > 0, "an ingest queue needs room for at least one record")
        self.capacity = capacity
        self.state = Mutex(State())
        self.spareLimit = max(Self.spareFloor, capacity / Self.recordBufferCapacity)
    }

    /// An empty records array with room for `recordBufferCapacity` records: a recycled one
    /// when the writer has returned one, else a new one.
    ///
    /// Recycling is what keeps the receive path fast: a fresh multi-megabyte array costs a
    /// page fault per 4 KB when first written, which cost more than decoding itself.
    public func takeRecordBuffer() -> [FlowRecord] {
        if let spare = spares.withLock({ $0.popLast() }) { return spare }
        var fresh: [FlowRecord] = []
        fresh.reserveCapacity(Self.recordBufferCapacity)
        return fresh
    }

    /// Gives a records array back for `takeRecordBuffer` once its records are stored.
    /// Arrays of another size, or beyond `spareLimit`, are simply released.
    public func recycle(_ records: consuming [FlowRecord]) {
        var records = records
        let c = records.capacity
        guard c >= Self.recordBufferCapacity, c <= 2 * Self.recordBufferCapacity else { return }
        // Destroys the records (their strings) here, outside the lock.
        records.removeAll(keepingCapacity: true)
        spares.withLock { s in
            if s.count < spareLimit { s.append(records) }
        }
    }

    /// Releases spare buffers beyond `spareFloor`: the writer calls it when no records
    /// arrived for a while, so memory taken by a burst is not held through a quiet spell.
    public func trimSpares() {
        let released = spares.withLock { s -> [[FlowRecord]] in
            guard s.count > Self.spareFloor else { return [] }
            let extra = Array(s[Self.spareFloor...])
            s.removeLast(s.count - Self.spareFloor)
            return extra
        }
        _ = consume released  // freed here, outside the lock
    }

    /// Spare buffers held (for tests).
    var spareCount: Int { spares.withLock { $0.count } }

    /// Adds an item unless that would exceed the capacity. Returns false when the item was
    /// refused (dropped); a template snapshot is always accepted, since losing one would
    /// lose every later flow of that exporter after a restart.
    @discardableResult
    public func offer(_ item: IngestItem) -> Bool {
        let (accepted, waiter, sleeper) = state.withLock { s -> (Bool, CheckedContinuation<Void, Never>?, Bool) in
            if s.finished { return (false, nil, false) }
            let w = item.weight
            if case .templates = item {} else if s.weight + w > capacity { return (false, nil, false) }
            s.items.append(item)
            s.weight += w
            let c = s.waiter
            s.waiter = nil
            let sleeper = s.sleeper
            s.sleeper = false
            return (true, c, sleeper)
        }
        waiter?.resume()
        if sleeper { sleeperSignal.signal() }
        return accepted
    }

    /// Records currently queued.
    public var depth: Int { state.withLock { $0.weight } }

    /// Takes everything queued, waiting up to `timeout` for the first item.
    /// Returns an empty array on timeout, and nil once finished and drained.
    public func drain(timeout: Duration) async -> [IngestItem]? {
        if let items = takeAll() { return items }
        if state.withLock({ $0.finished }) { return nil }
        state.withLock { $0.wakePending = false }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    let resumeNow = self.state.withLock { s -> Bool in
                        if !s.items.isEmpty || s.finished || s.wakePending {
                            s.wakePending = false
                            return true
                        }
                        s.waiter = c
                        return false
                    }
                    if resumeNow { c.resume() }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.wake()
            }
            await group.next()
            group.cancelAll()
            self.wake()
        }
        if let items = takeAll() { return items }
        return state.withLock { $0.finished } ? nil : []
    }

    /// Takes everything queued like `drain`, but blocks the calling thread: for a consumer
    /// on a thread of its own. Returns an empty array on timeout, and nil once finished and
    /// drained.
    public func drainBlocking(timeout: Duration) -> [IngestItem]? {
        let nanos = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        let deadline = DispatchTime.now() + .nanoseconds(Int(nanos))
        while true {
            enum Next { case items([IngestItem]), finished, sleep }
            let next = state.withLock { s -> Next in
                if let items = Self.take(&s) { return .items(items) }
                if s.finished { return .finished }
                s.sleeper = true
                return .sleep
            }
            switch next {
            case .items(let items): return items
            case .finished: return nil
            case .sleep:
                // A signal left over from an earlier timeout only costs one more turn.
                if sleeperSignal.wait(timeout: deadline) == .timedOut {
                    return state.withLock { s -> [IngestItem]? in
                        s.sleeper = false
                        return Self.take(&s) ?? (s.finished ? nil : [])
                    }
                }
            }
        }
    }

    /// Stops accepting items and wakes the consumer, which drains what is left.
    public func finish() {
        let (c, sleeper) = state.withLock { s -> (CheckedContinuation<Void, Never>?, Bool) in
            s.finished = true
            let c = s.waiter
            s.waiter = nil
            let sleeper = s.sleeper
            s.sleeper = false
            return (c, sleeper)
        }
        c?.resume()
        if sleeper { sleeperSignal.signal() }
    }

    private func wake() {
        let c = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard let c = s.waiter else {
                s.wakePending = true
                return nil
            }
            s.waiter = nil
            return c
        }
        c?.resume()
    }

    private func takeAll() -> [IngestItem]? {
        state.withLock { Self.take(&$0) }
    }

    private static func take(_ s: inout State) -> [IngestItem]? {
        if s.items.isEmpty { return nil }
        let out = s.items
        s.items = []
        s.weight = 0
        return out
    }
}
