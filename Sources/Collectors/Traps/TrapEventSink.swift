import NetsightModel
import Synchronization

/// The bounded hand-off from the trap socket's event loop to the store writer task.
///
/// `offer` takes a lock for an append and never waits; the writer swaps the whole buffer
/// out. Traps are rare next to flows (a storm is thousands a second), so a mutex-guarded
/// array is enough, and the bound keeps a storm with a stalled disk from eating memory.
public final class TrapEventSink: Sendable {
    private let buffer = Mutex<[SNMPEvent]>([])
    /// Events held before new ones are dropped (and counted).
    public let capacity: Int

    public init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// Queues an event; false when the buffer is full.
    func offer(_ event: SNMPEvent) -> Bool {
        buffer.withLock { b in
            guard b.count < capacity else { return false }
            b.append(event)
            return true
        }
    }

    /// Takes everything queued so far.
    func take() -> [SNMPEvent] {
        buffer.withLock { b in
            defer { b = [] }
            return b
        }
    }

    /// Puts back events whose write failed, ahead of newer ones, within the capacity.
    /// - Returns: how many did not fit (dropped).
    func putBack(_ events: [SNMPEvent]) -> Int {
        buffer.withLock { b in
            let room = max(0, capacity - b.count)
            b.insert(contentsOf: events.prefix(room), at: 0)
            return max(0, events.count - room)
        }
    }
}
