import Analytics
import ProbeCodec
import Synchronization

/// What one run's echo requests got back, filled by the receive thread and read by the
/// run once its wait is over. The run waits until every request is settled (answered,
/// refused by an ICMP error, or failed to send) or until its deadline, whichever is first.
final class ICMPRunCollector: Sendable {
    struct ErrorSeen: Sendable {
        var report: ICMPErrorReport
        var from: String
    }

    private struct State {
        var sent: [Int64?]
        var received: [Int64?]
        var duplicates: [Int]
        var errors: [ErrorSeen?]
        var sendErrors: [Int32?]
        var settled = 0
        var sendingDone = false
        var finished = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state: Mutex<State>
    /// A reply later than this after its request counts as lost, as fping's `-t`.
    let timeoutMicros: Int64

    init(count: Int, timeoutMicros: Int64) {
        self.timeoutMicros = timeoutMicros
        state = Mutex(
            State(
                sent: Array(repeating: nil, count: count), received: Array(repeating: nil, count: count),
                duplicates: Array(repeating: 0, count: count), errors: Array(repeating: nil, count: count),
                sendErrors: Array(repeating: nil, count: count)))
    }

    func markSent(_ index: Int, at micros: Int64) {
        state.withLock { $0.sent[index] = micros }
    }

    func markSendFailed(_ index: Int, errno code: Int32) {
        resumeIfSettled { s in
            s.sendErrors[index] = code
            s.settled += 1
        }
    }

    func reply(_ index: Int, at micros: Int64) {
        resumeIfSettled { s in
            guard let sent = s.sent[index] else { return }
            if s.received[index] != nil {
                s.duplicates[index] += 1
            } else if micros - sent <= timeoutMicros, s.errors[index] == nil {
                s.received[index] = micros
                s.settled += 1
            }
        }
    }

    func error(_ index: Int, _ seen: ErrorSeen) {
        resumeIfSettled { s in
            guard s.received[index] == nil, s.errors[index] == nil, s.sendErrors[index] == nil else { return }
            s.errors[index] = seen
            s.settled += 1
        }
    }

    /// Called once the last request is sent (or sending stopped early).
    func sendingFinished(sentCount: Int) {
        resumeIfSettled { s in
            s.sendingDone = true
            // Requests never sent (the run was cancelled) count as settled and lost.
            s.settled += s.sent.count - sentCount
        }
    }

    /// Ends the wait whatever is still outstanding (the deadline passed).
    func finish() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.finished = true
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    /// Returns once every request is settled or `finish()` was called.
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.finished || (s.sendingDone && s.settled >= s.sent.count) { return true }
                s.waiter = continuation
                return false
            }
            if now { continuation.resume() }
        }
    }

    private func resumeIfSettled(_ change: (inout State) -> Void) {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            change(&s)
            guard s.sendingDone, s.settled >= s.sent.count, let w = s.waiter else { return nil }
            s.waiter = nil
            s.finished = true
            return w
        }
        waiter?.resume()
    }

    /// The run's outcome: one sample per request that left (and per request whose send
    /// failed, as lost), the first ICMP error and the first send error seen.
    func outcome() -> (samples: [ProbeSample], firstError: ErrorSeen?, firstSendError: Int32?) {
        state.withLock { s in
            var samples: [ProbeSample] = []
            for i in s.sent.indices {
                guard let sent = s.sent[i] else { continue }
                samples.append(
                    ProbeSample(sequence: i, sentMicros: sent, receivedMicros: s.received[i], duplicates: s.duplicates[i]))
            }
            return (samples, s.errors.lazy.compactMap { $0 }.first, s.sendErrors.lazy.compactMap { $0 }.first)
        }
    }
}
