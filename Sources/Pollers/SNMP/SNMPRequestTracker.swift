/// Matches answers to outstanding requests: pure bookkeeping, no I/O and no clock.
///
/// One tracker serves every target on a socket. Each outstanding exchange gets an ID
/// (the request ID for v1/v2c, the msgID for v3; both come from this one counter so
/// they never collide) and remembers the address it was sent to. An answer whose ID
/// is unknown (late, foreign or forged) or that comes from another address is dropped
/// and counted by reason; a wrong-address answer leaves the request waiting for the
/// real one.
public struct SNMPRequestTracker<Address: Equatable, Waiter> {
    public struct Entry {
        public var address: Address
        public var waiter: Waiter
    }

    /// Why an answer was dropped (stable labels for metrics).
    public enum DropReason: String, Hashable, Sendable, CaseIterable {
        case unknownRequestID = "unknown_request_id"
        case wrongAddress = "wrong_address"
        case malformed = "malformed"
    }

    public enum Match {
        case matched(Entry)
        case dropped(DropReason)
    }

    private var next: Int32
    private var pending: [Int32: Entry] = [:]
    public private(set) var drops: [DropReason: Int] = [:]

    /// - Parameter start: the first ID to hand out; use a random value so a restarted
    ///   poller does not accept answers meant for its previous run.
    public init(start: Int32) {
        self.next = start <= 0 ? 1 : start
    }

    public var outstanding: Int { pending.count }

    /// A fresh ID in 1...Int32.max that no outstanding request uses. IDs wrap from
    /// Int32.max back to 1 (0 and negative IDs are avoided: some agents mishandle them).
    public mutating func allocate() -> Int32 {
        while true {
            let id = next
            next = next == Int32.max ? 1 : next + 1
            if pending[id] == nil { return id }
        }
    }

    /// Starts tracking `id` (from `allocate`) sent to `address`.
    public mutating func register(_ id: Int32, address: Address, waiter: Waiter) {
        pending[id] = Entry(address: address, waiter: waiter)
    }

    /// Matches an answer carrying `id` that came from `address`; a match stops tracking.
    public mutating func match(_ id: Int32, from address: Address) -> Match {
        guard let entry = pending[id] else { return drop(.unknownRequestID) }
        guard entry.address == address else { return drop(.wrongAddress) }
        pending[id] = nil
        return .matched(entry)
    }

    /// Whether `id` is still waiting for its answer.
    public func isPending(_ id: Int32) -> Bool { pending[id] != nil }

    /// Stops tracking `id` (timeout, cancellation, send failure); returns its waiter.
    public mutating func remove(_ id: Int32) -> Waiter? {
        pending.removeValue(forKey: id)?.waiter
    }

    /// Counts an answer dropped before it could be matched (undecodable bytes).
    @discardableResult
    public mutating func drop(_ reason: DropReason) -> Match {
        drops[reason, default: 0] += 1
        return .dropped(reason)
    }
}
