import Foundation
import NetsightModel
import ProbeCodec
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The shared half of `ICMPProber`: one socket per address family for every run, one
/// receive thread, and the table of requests in flight.
///
/// Why a dedicated thread with poll(2) rather than NIO: NIO has no channel for ICMP
/// sockets, and a thread that does nothing but block in poll stamps each reply the moment
/// the kernel hands it over, never delayed behind other work on a shared event loop or
/// the cooperative pool (2,000 targets × 5 packets / 10 s is 1,000 replies a second, a
/// trivial load for one thread). Sending stays on the caller's task: sendto on a
/// non-blocking socket does not wait.
final class ICMPEngine: Sendable {
    private struct Family: Sendable {
        var socket: ICMPSocket
        var demux: ICMPReplyDemultiplexer<ICMPRunCollector>
    }

    private struct State: Sendable {
        var opened = false
        var closed = false
        var v4: Result<Family, ProbeFailure>?
        var v6: Result<Family, ProbeFailure>?
        /// Counts up through identifier × sequence so in-flight keys do not repeat for
        /// 2^32 requests (raw) or 2^16 (ping sockets, where only the sequence is ours).
        var counter: UInt32
    }

    private let state: Mutex<State>
    private let preferredMode: ICMPSocket.Mode?
    /// Starts every request's payload; random per prober so a second netsight (or a
    /// restarted one) on the same host never takes another's replies for its own.
    let token: UInt64
    private let identifierBase: UInt16
    private let wake: (read: Int32, write: Int32)
    private let stopped = DispatchSemaphore(value: 0)

    init(preferredMode: ICMPSocket.Mode?) {
        self.preferredMode = preferredMode
        token = UInt64.random(in: 1...UInt64.max)
        identifierBase = UInt16.random(in: 0...UInt16.max)
        state = Mutex(State(counter: UInt32.random(in: 0...UInt32.max)))
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        } else {
            fds = [-1, -1]
        }
        wake = (fds[0], fds[1])
    }

    /// Opens both sockets on first use and starts the receive thread; a family whose
    /// socket cannot open keeps the failure for its runs to report.
    private func openIfNeeded() -> Bool {
        let start = state.withLock { s -> Bool in
            guard !s.closed else { return false }
            guard !s.opened else { return false }
            s.opened = true
            for version in [ICMPVersion.v4, .v6] {
                let result: Result<Family, ProbeFailure>
                do throws(ProbeFailure) {
                    let socket = try ICMPSocket(version: version, preferred: preferredMode)
                    result = .success(Family(socket: socket, demux: .init(matchIdentifier: socket.mode == .raw)))
                } catch {
                    result = .failure(error)
                }
                if version == .v4 { s.v4 = result } else { s.v6 = result }
            }
            return true
        }
        if start {
            let thread = Thread { [self] in receiveLoop() }
            thread.name = "netsight-icmp-receive"
            thread.start()
        }
        return state.withLock { !$0.closed }
    }

    /// The socket mode used for `version`, once opened (for tests and logs).
    func mode(_ version: ICMPVersion) -> ICMPSocket.Mode? {
        _ = openIfNeeded()
        return state.withLock { s in
            let family = version == .v4 ? s.v4 : s.v6
            return try? family?.get().socket.mode
        }
    }

    /// Registers and sends one request. Returns false when the socket refused it (the
    /// errno is given to the collector).
    func send(
        _ index: Int, of collector: ICMPRunCollector, to address: ICMPTargetAddress, payloadSize: Int
    ) throws(ProbeFailure) -> ICMPReplyDemultiplexer<ICMPRunCollector>.Key {
        guard openIfNeeded() else { throw ProbeFailure(.setup, "ICMP prober is closed") }
        let version = address.version
        let payload = ICMPEchoRequest.payload(token: token, size: payloadSize)
        let prefix = Array(payload.prefix(8))
        let registered = try state.withLock { s throws(ProbeFailure) -> (ICMPSocket, ICMPReplyDemultiplexer<ICMPRunCollector>.Key) in
            guard !s.closed else { throw ProbeFailure(.setup, "ICMP prober is closed") }
            guard var family = try (version == .v4 ? s.v4 : s.v6)?.get() else {
                throw ProbeFailure(.setup, "ICMP socket not open")
            }
            var key: ICMPReplyDemultiplexer<ICMPRunCollector>.Key
            repeat {
                s.counter &+= 1
                key = .init(
                    version: version, identifier: identifierBase &+ UInt16(truncatingIfNeeded: s.counter >> 16),
                    sequence: UInt16(truncatingIfNeeded: s.counter))
            } while family.demux.contains(key)
            family.demux.register(key, .init(owner: collector, index: index, address: address.bytes, tokenPrefix: prefix))
            if version == .v4 { s.v4 = .success(family) } else { s.v6 = .success(family) }
            return (family.socket, key)
        }
        let (socket, key) = registered
        let bytes = ICMPEchoRequest(version: version, identifier: key.identifier, sequence: key.sequence, payload: payload)
            .encoded()
        collector.markSent(index, at: MonotonicMicros.now())
        let code = socket.send(bytes, to: address)
        if code != 0 { collector.markSendFailed(index, errno: code) }
        return key
    }

    /// Forgets a run's requests once it is over: later replies are nobody's.
    func unregister(_ keys: [ICMPReplyDemultiplexer<ICMPRunCollector>.Key]) {
        state.withLock { s in
            for key in keys {
                if key.version == .v4, case .success(var f) = s.v4 {
                    f.demux.remove(key)
                    s.v4 = .success(f)
                } else if key.version == .v6, case .success(var f) = s.v6 {
                    f.demux.remove(key)
                    s.v6 = .success(f)
                }
            }
        }
    }

    /// Why `version` cannot be probed, or nil when its socket is open.
    func unavailable(_ version: ICMPVersion) -> ProbeFailure? {
        guard openIfNeeded() else { return ProbeFailure(.setup, "ICMP prober is closed") }
        return state.withLock { s in
            switch version == .v4 ? s.v4 : s.v6 {
            case let .failure(f): f
            case .success: nil
            case nil: ProbeFailure(.setup, "ICMP socket not open")
            }
        }
    }

    /// Stops the receive thread and closes the sockets. Runs still waiting end at their
    /// deadlines with what they have.
    func close() {
        let (first, wasRunning) = state.withLock { s -> (Bool, Bool) in
            guard !s.closed else { return (false, false) }
            s.closed = true
            return (true, s.opened)
        }
        // Only the first call closes: a second would close descriptor numbers the process
        // may have reused by then.
        guard first else { return }
        if wasRunning {
            var one: UInt8 = 1
            _ = Glibc.write(wake.write, &one, 1)
            stopped.wait()
        }
        state.withLock { s in
            for family in [s.v4, s.v6] { if case let .success(f) = family { f.socket.close() } }
            s.v4 = nil
            s.v6 = nil
        }
        _ = Glibc.close(wake.read)
        _ = Glibc.close(wake.write)
    }

    private func receiveLoop() {
        defer { stopped.signal() }
        let sockets: [ICMPSocket] = state.withLock { s in
            [s.v4, s.v6].compactMap { try? $0?.get().socket }
        }
        var fds = sockets.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
        fds.append(pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            // The wake pipe ends the loop at once; the 250 ms bound is only a backstop in
            // case the pipe could not be made, so close() can never wait forever.
            let ready = poll(&fds, nfds_t(fds.count), 250)
            if ready < 0 && errno != EINTR { return }
            if fds[fds.count - 1].revents != 0 || state.withLock({ $0.closed }) { return }
            if ready <= 0 { continue }
            for (i, socket) in sockets.enumerated() where fds[i].revents != 0 {
                drain(socket, buffer)
            }
        }
    }

    private func drain(_ socket: ICMPSocket, _ buffer: UnsafeMutableRawBufferPointer) {
        while let (length, source) = socket.receive(into: buffer) {
            let at = MonotonicMicros.now()
            let bytes = Array(buffer[0..<length])
            guard
                let message = try? ICMPMessageParser.parse(
                    bytes, version: socket.version, includesIPv4Header: socket.includesIPv4Header)
            else { continue }
            let routed = state.withLock { s in
                try? (socket.version == .v4 ? s.v4 : s.v6)?.get().demux.route(
                    message, version: socket.version, source: source)
            }
            switch routed {
            case let .reply(collector, index)?:
                collector.reply(index, at: at)
            case let .error(collector, index, report)?:
                collector.error(index, .init(report: report, from: Self.text(source)))
            case nil:
                break
            }
        }
    }

    static func text(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        guard bytes.count == 16 else { return "?" }
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { $0.copyBytes(from: bytes) }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        inet_ntop(AF_INET6, &address, &text, socklen_t(text.count))
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
