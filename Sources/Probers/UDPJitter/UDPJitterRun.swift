import NIOCore
import ProbeCodec
import Synchronization

/// One burst in flight: the shared state between the sending schedule, the reply handler
/// and the awaiting task. Everything mutable is behind one lock, so it is safe whichever
/// thread an event arrives on, and the run ends exactly once (all settled, deadline, or
/// cancellation).
final class UDPJitterRun: Sendable {
    private struct Locked {
        var state: UDPJitterRunState
        var finished = false
    }

    private let locked: Mutex<Locked>
    private let done: EventLoopPromise<Void>
    let packetSize: Int
    /// Realtime microseconds at the run's start and the monotonic reading taken with it.
    /// T1 and T4 are that realtime plus monotonic elapsed time: realtime so that a responder
    /// on the same host (or a PTP-synchronised one) gives true one-way delays, monotonic
    /// underneath so an NTP step during the burst cannot bend a round trip.
    private let wallBase: Int64
    private let monotonicBase: Int64

    init(state: UDPJitterRunState, packetSize: Int, done: EventLoopPromise<Void>) {
        locked = Mutex(Locked(state: state))
        self.done = done
        self.packetSize = packetSize
        monotonicBase = MonotonicMicros.now()
        wallBase = MonotonicMicros.wallNow()
    }

    var future: EventLoopFuture<Void> { done.futureResult }

    func now() -> Int64 { wallBase + (MonotonicMicros.now() - monotonicBase) }

    /// Stamps T1 for `sequence` and returns the request to send, or nil once the run is over.
    func request(_ sequence: Int) -> UDPJitterPacket? {
        locked.withLock { l -> UDPJitterPacket? in
            guard !l.finished else { return nil }
            let t1 = now()
            l.state.sent(sequence: sequence, at: t1)
            return UDPJitterPacket(
                kind: .request, token: l.state.token, sequence: UInt32(sequence), sourceSentMicros: t1, size: packetSize)
        }
    }

    func sendFailed(_ error: any Error) {
        locked.withLock { $0.state.sendFailed("\(error)") }
    }

    /// A datagram arrived (T4 stamped here, before the lock, so waiting for it adds nothing).
    func received(_ bytes: ByteBufferView, from source: String) {
        let t4 = now()
        let complete = locked.withLock { l -> Bool in
            guard !l.finished else { return false }
            l.state.received(bytes, from: source, at: t4)
            return l.state.isComplete
        }
        if complete { finish() }
    }

    /// Ends the run (idempotent): later sends are skipped, later replies ignored.
    func finish() {
        let first = locked.withLock { l -> Bool in
            defer { l.finished = true }
            return !l.finished
        }
        if first { done.succeed() }
    }

    /// The state as it ended.
    var state: UDPJitterRunState { locked.withLock { $0.state } }
}
