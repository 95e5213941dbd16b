import Synchronization

/// The address a listener actually bound, published once it is listening.
///
/// Tests and the start-up log need the real port when the configuration asks for port 0,
/// and they must be able to wait for it without polling.
public final class BoundAddress: Sendable {
    private struct State {
        var value: (host: String, port: Int)?
        var error: String?
        var waiters: [CheckedContinuation<(host: String, port: Int)?, Never>] = []
    }
    private let state = Mutex(State())

    public init() {}

    public func publish(host: String, port: Int) {
        let waiters = state.withLock { s in
            s.value = (host, port)
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume(returning: (host, port)) }
    }

    /// The listener is switched off in the configuration.
    public func publishDisabled() { fail("disabled") }

    public func fail(_ message: String) {
        let waiters = state.withLock { s in
            s.error = message
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume(returning: nil) }
    }

    /// The bound host and port, or nil when binding failed.
    public func wait() async -> (host: String, port: Int)? {
        await withCheckedContinuation { c in
            let ready: (host: String, port: Int)?? = state.withLock { s in
                if let v = s.value { return .some(v) }
                if s.error != nil { return .some(nil) }
                s.waiters.append(c)
                return .none
            }
            if let ready { c.resume(returning: ready) }
        }
    }
}
