import NIOCore
import NIOPosix
import SNMPCodec
import Synchronization

/// An asynchronous SNMP v1/v2c/v3 client: one UDP socket shared by any number of
/// targets.
///
/// Outstanding requests are matched by request ID (v1/v2c) or msgID (v3) and sender
/// address (`SNMPRequestTracker`); each target has its own timeout, retries and
/// concurrency limit, so a slow or dead target only waits for itself. v3 engine
/// discovery and time synchronisation use `SNMPEngineState`, one per target and user;
/// localised keys are cached per (user, engine ID).
public final class SNMPClient: Sendable {
    typealias Waiter = CheckedContinuation<Received?, any Error>

    enum Received: Sendable {
        case community(CommunityMessage)
        case v3([UInt8])
    }

    struct State {
        var tracker: SNMPRequestTracker<SocketAddress, Waiter>
        var addresses: [String: SocketAddress] = [:]
        var engines: [String: SNMPEngineState] = [:]
        var keys: [KeyCacheKey: USMLocalizedKeys] = [:]
        var inFlight: [String: Int] = [:]
        var slotWaiters: [String: [CheckedContinuation<Void, Never>]] = [:]
        /// Timeout timers on the event loop, by exchange ID (real-time clock only).
        var timers: [Int32: Scheduled<Void>] = [:]
        var closed = false
    }

    struct KeyCacheKey: Hashable {
        var user: USMUser
        var engineID: [UInt8]
    }

    /// The IPv4 socket, and the IPv6 one when the host has IPv6.
    let channel: any Channel
    let channel6: (any Channel)?
    let state: Mutex<State>
    let clock: any Clock<Duration>
    /// With the real clock, timeouts are event-loop timers (armed with the send, cancelled
    /// on the loop when the answer arrives); any other clock (tests) gets a sleeping Task.
    let usesEventLoopTimers: Bool
    let nowMilliseconds: @Sendable () -> UInt64

    /// Opens the client's sockets: one for IPv4 targets and, where the host has IPv6, one
    /// for IPv6 targets (an IPv6-only socket, so each family keeps its own plain addresses).
    /// - Parameters:
    ///   - bindHost: the local IPv4 address; "0.0.0.0" reaches every IPv4 target.
    ///   - bindHost6: the local IPv6 address, or nil for no IPv6 socket.
    ///   - clock: paces timeouts (tests pass their own).
    ///   - nowMilliseconds: monotonic milliseconds for the SNMPv3 time window.
    public static func start(
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        bindHost: String = "0.0.0.0", bindPort: Int = 0, bindHost6: String? = "::",
        clock: any Clock<Duration> = ContinuousClock(),
        nowMilliseconds: @escaping @Sendable () -> UInt64 = SNMPClient.monotonicMilliseconds
    ) async throws -> SNMPClient {
        let box = ClientReference()
        let channel = try await bind(group: group, host: bindHost, port: bindPort, box: box)
        // A host without IPv6 (or a container with it disabled) still polls IPv4 targets;
        // an IPv6 target then fails with a clear error (`resolve`).
        var channel6: (any Channel)?
        if let bindHost6 {
            channel6 = try? await bind(group: group, host: bindHost6, port: 0, box: box, v6Only: true)
        }
        let client = SNMPClient(channel: channel, channel6: channel6, clock: clock, nowMilliseconds: nowMilliseconds)
        box.client.withLock { $0 = client }
        return client
    }

    /// `start` on an event-loop group of one thread, for one-shot command-line use: the
    /// default `MultiThreadedEventLoopGroup.singleton` starts a thread per core.
    public static func startSingleThreaded() async throws -> SNMPClient {
        try await start(group: singleThreadGroup)
    }
    private static let singleThreadGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    private static func bind(
        group: any EventLoopGroup, host: String, port: Int, box: ClientReference, v6Only: Bool = false
    ) async throws -> any Channel {
        var bootstrap = DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
            // NIO reads 2 KB datagrams by default: a GetBulk answer is often bigger, and a
            // cut one fails to decode (then the request times out). 64 KB: the UDP maximum.
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65536))
        if v6Only {
            bootstrap = bootstrap.channelOption(
                ChannelOptions.Types.SocketOption(level: .ipv6, name: .ipv6_v6only), value: 1)
        }
        return try await bootstrap
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SNMPDatagramHandler { bytes, from in
                        box.client.withLock { $0 }?.receive(bytes, from: from)
                    })
                }
            }
            .bind(host: host, port: port).get()
    }

    init(channel: any Channel, channel6: (any Channel)? = nil, clock: any Clock<Duration>, nowMilliseconds: @escaping @Sendable () -> UInt64) {
        self.channel = channel
        self.channel6 = channel6
        self.clock = clock
        self.usesEventLoopTimers = clock is ContinuousClock
        self.nowMilliseconds = nowMilliseconds
        self.state = Mutex(State(tracker: SNMPRequestTracker(start: Int32.random(in: 1...Int32.max))))
    }

    /// Milliseconds on the system's monotonic clock (since this process first asked).
    public static let monotonicMilliseconds: @Sendable () -> UInt64 = {
        let elapsed = ContinuousClock.now - SNMPClient.epoch
        return UInt64(max(0, elapsed.components.seconds)) * 1000
            + UInt64(max(0, elapsed.components.attoseconds) / 1_000_000_000_000_000)
    }
    private static let epoch = ContinuousClock.now

    /// The local port (tests and logs).
    public var localPort: Int? { channel.localAddress?.port }

    /// Runs `body` with its task's jobs on the IPv4 socket's event loop thread.
    ///
    /// A task that does nothing but SNMP requests in a row (a command-line walk) then
    /// never changes threads: the answer is decoded, the continuation resumed and the
    /// next request sent on one thread, without waking another. Only for such callers:
    /// whatever `body` does between requests also blocks the socket's reads.
    public func onEventLoop<T>(_ body: () async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(EventLoopTaskExecutor(channel.eventLoop), operation: body)
    }

    /// Answers dropped so far, by reason (unknown request ID, wrong address, malformed).
    public var drops: [String: Int] {
        state.withLock { s in
            Dictionary(uniqueKeysWithValues: s.tracker.drops.map { ($0.key.rawValue, $0.value) })
        }
    }

    /// Closes the socket. Requests still waiting end with their timeout.
    public func close() async throws {
        state.withLock { $0.closed = true }
        try await channel.close()
        try? await channel6?.close()
    }

    // MARK: receive path (on the event loop)

    func receive(_ bytes: [UInt8], from address: SocketAddress) {
        let id: Int32
        let received: Received
        do {
            switch try SNMPMessage.version(of: bytes) {
            case .v1, .v2c:
                let message = try CommunityMessage.decode(bytes)
                guard case .response(let pdu) = message.pdu else {
                    state.withLock { _ = $0.tracker.drop(.malformed) }
                    return
                }
                id = pdu.requestID
                received = .community(message)
            case .v3:
                id = try SNMPv3Message.decode(bytes).messageID
                received = .v3(bytes)
            }
        } catch {
            state.withLock { _ = $0.tracker.drop(.malformed) }
            return
        }
        let (waiter, timer): (Waiter?, Scheduled<Void>?) = state.withLock { s in
            if case .matched(let entry) = s.tracker.match(id, from: address) {
                return (entry.waiter, s.timers.removeValue(forKey: id))
            }
            return (nil, nil)
        }
        timer?.cancel()
        waiter?.resume(returning: received)
    }

    // MARK: one exchange

    /// Registers `continuation` as the waiter for exchange `id`; when the client is closed
    /// it fails the continuation instead and returns false.
    private func register(_ id: Int32, address: SocketAddress, _ continuation: Waiter) -> Bool {
        let closed = state.withLock { s in
            if !s.closed { s.tracker.register(id, address: address, waiter: continuation) }
            return s.closed
        }
        if closed {
            continuation.resume(throwing: SNMPClientError(.transport("client closed"), target: "\(address)"))
        }
        return !closed
    }

    /// Sends `bytes` as exchange `id` and waits up to `timeout` for the matching answer;
    /// nil on timeout.
    func exchange(_ bytes: [UInt8], id: Int32, to address: SocketAddress, timeout: Duration) async throws -> Received? {
        if usesEventLoopTimers { return try await loopExchange(bytes, id: id, to: address, timeout: timeout) }
        let timer = Mutex<Task<Void, Never>?>(nil)
        defer { timer.withLock { $0?.cancel() } }
        let clock = self.clock
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: Waiter) in
                guard register(id, address: address, continuation) else { return }
                let socket = address.protocol == .inet6 ? (channel6 ?? channel) : channel
                var buffer = socket.allocator.buffer(capacity: bytes.count)
                buffer.writeBytes(bytes)
                socket.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: buffer)).whenFailure { [self] error in
                    self.state.withLock { $0.tracker.remove(id) }?.resume(
                        throwing: SNMPClientError(.transport("send failed: \(error)"), target: "\(address)"))
                }
                timer.withLock {
                    $0 = Task { [self] in
                        do { try await clock.sleep(for: timeout) } catch { return }
                        self.state.withLock { $0.tracker.remove(id) }?.resume(returning: nil)
                    }
                }
            }
        } onCancel: {
            self.state.withLock { $0.tracker.remove(id) }?.resume(throwing: CancellationError())
        }
    }

    /// `exchange` with the real clock: one trip to the event loop sends the datagram and
    /// arms the timeout; `receive` (on the loop) cancels it.
    private func loopExchange(_ bytes: [UInt8], id: Int32, to address: SocketAddress, timeout: Duration) async throws -> Received? {
        let socket = address.protocol == .inet6 ? (channel6 ?? channel) : channel
        let (seconds, attoseconds) = timeout.components
        let delay = TimeAmount.nanoseconds(max(0, seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000))
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: Waiter) in
                guard register(id, address: address, continuation) else { return }
                var buffer = socket.allocator.buffer(capacity: bytes.count)
                buffer.writeBytes(bytes)
                let envelope = AddressedEnvelope(remoteAddress: address, data: buffer)
                let loop = socket.eventLoop
                loop.execute { [self] in
                    // Arm the timer first: the answer cannot be read before this block ends.
                    let timer = loop.scheduleTask(in: delay) { [self] in
                        let waiter = self.state.withLock { s in
                            s.timers[id] = nil
                            return s.tracker.remove(id)
                        }
                        waiter?.resume(returning: nil)
                    }
                    let armed = self.state.withLock { s in
                        guard s.tracker.isPending(id) else { return false }
                        s.timers[id] = timer
                        return true
                    }
                    guard armed else {
                        timer.cancel()
                        return
                    }
                    socket.writeAndFlush(envelope).whenFailure { [self] error in
                        let waiter = self.state.withLock { s in
                            s.timers.removeValue(forKey: id)?.cancel()
                            return s.tracker.remove(id)
                        }
                        waiter?.resume(throwing: SNMPClientError(.transport("send failed: \(error)"), target: "\(address)"))
                    }
                }
            }
        } onCancel: {
            let (waiter, timer) = self.state.withLock { s in (s.tracker.remove(id), s.timers.removeValue(forKey: id)) }
            timer?.cancel()
            waiter?.resume(throwing: CancellationError())
        }
    }

    // MARK: per-target slots

    func acquireSlot(_ target: SNMPTarget) async {
        let key = target.key
        let limit = target.maxConcurrentRequests
        let granted = state.withLock { s -> Bool in
            if s.inFlight[key, default: 0] < limit {
                s.inFlight[key, default: 0] += 1
                return true
            }
            return false
        }
        if granted { return }
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let grantedNow = state.withLock { s -> Bool in
                if s.inFlight[key, default: 0] < limit {
                    s.inFlight[key, default: 0] += 1
                    return true
                }
                s.slotWaiters[key, default: []].append(c)
                return false
            }
            if grantedNow { c.resume() }
        }
    }

    func releaseSlot(_ target: SNMPTarget) {
        let key = target.key
        let next: CheckedContinuation<Void, Never>? = state.withLock { s in
            if var waiters = s.slotWaiters[key], !waiters.isEmpty {
                let first = waiters.removeFirst()
                s.slotWaiters[key] = waiters.isEmpty ? nil : waiters
                return first  // the slot passes to it: inFlight unchanged
            }
            s.inFlight[key, default: 1] -= 1
            if s.inFlight[key] == 0 { s.inFlight[key] = nil }
            return nil
        }
        next?.resume()
    }

    func resolve(_ target: SNMPTarget) throws -> SocketAddress {
        let key = target.description
        if let known = state.withLock({ $0.addresses[key] }) { return known }
        let address: SocketAddress
        do {
            address = try SocketAddress.makeAddressResolvingHost(target.host, port: target.port)
        } catch {
            throw SNMPClientError(.transport("cannot resolve \(target.host)"), target: target.description)
        }
        if address.protocol == .inet6 && channel6 == nil {
            throw SNMPClientError(.transport("no IPv6 socket on this host"), target: target.description)
        }
        state.withLock { $0.addresses[key] = address }
        return address
    }
}

/// Lets the socket's handler reach the client created after it.
final class ClientReference: Sendable {
    let client = Mutex<SNMPClient?>(nil)
}

/// A `TaskExecutor` that runs jobs on one NIO event loop.
final class EventLoopTaskExecutor: TaskExecutor {
    let loop: any EventLoop

    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
