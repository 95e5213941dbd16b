import Synchronization

/// A bounded multi-producer, single-consumer queue between the receive path and the store.
///
/// The receive path must never wait for the disk, so `offer` never blocks: when the queue
/// already holds `capacity` records it refuses the item, and the caller counts the drop.
/// The consumer waits asynchronously. The bound is in records, not items, because memory
/// is what it protects (a 1M-record default is about 300 MB of `FlowRecord`s at worst).
public final class IngestQueue: Sendable {
    private struct State {
        var items: [IngestItem] = []
        var head = 0
        var weight = 0
        var waiter: CheckedContinuation<Void, Never>?
        var finished = false
        /// A wake-up that arrived before the consumer started waiting.
        var wakePending = false
    }

    public let capacity: Int
    private let state: Mutex<State>

    public init(capacity: Int) {
        precondition(capacity > 0, "an ingest queue needs room for at least one record")
        self.capacity = capacity
        self.state = Mutex(State())
    }

    /// Adds an item unless that would exceed the capacity. Returns false when the item was
    /// refused (dropped); a template snapshot is always accepted, since losing one would
    /// lose every later flow of that exporter after a restart.
    @discardableResult
    public func offer(_ item: IngestItem) -> Bool {
        let (accepted, waiter) = state.withLock { s -> (Bool, CheckedContinuation<Void, Never>?) in
            if s.finished { return (false, nil) }
            let w = item.weight
            if case .templates = item {} else if s.weight + w > capacity { return (false, nil) }
            s.items.append(item)
            s.weight += w
            let c = s.waiter
            s.waiter = nil
            return (true, c)
        }
        waiter?.resume()
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

    /// Stops accepting items and wakes the consumer, which drains what is left.
    public func finish() {
        let c = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.finished = true
            let c = s.waiter
            s.waiter = nil
            return c
        }
        c?.resume()
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
        state.withLock { s in
            if s.items.isEmpty { return nil }
            let out = s.items
            s.items = []
            s.weight = 0
            return out
        }
    }
}
