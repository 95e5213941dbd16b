import Synchronization

/// What a `UDPJitterResponder` has done since it started, for tests, logs and metrics.
public final class UDPJitterResponderCounters: Sendable {
    private let answeredCount = Atomic<Int>(0)
    private let rejectedCount = Atomic<Int>(0)

    public init() {}

    /// Valid requests answered.
    public var answered: Int { answeredCount.load(ordering: .relaxed) }
    /// Datagrams dropped without an answer: not a UDP jitter request (wrong magic, version
    /// or type, too short), or a reply (answering replies would let two responders ping-pong).
    public var rejected: Int { rejectedCount.load(ordering: .relaxed) }

    func countAnswered() { answeredCount.add(1, ordering: .relaxed) }
    func countRejected() { rejectedCount.add(1, ordering: .relaxed) }
}
