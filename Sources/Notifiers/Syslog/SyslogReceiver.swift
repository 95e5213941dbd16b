import Dispatch
import Foundation
import NIOCore
import NIOPosix
import NetsightModel

#if canImport(Glibc)
import Glibc
#endif

/// Sends each alert of a notification as one RFC 5424 message to a syslog server.
///
/// - TCP: one connection per delivery, every message octet-counted (RFC 6587 3.4.1) in
///   one write, flushed, then closed. Refused, reset or a timeout is a retryable error; as
///   syslog has no acknowledgement, success means the kernel took the bytes.
/// - UDP: one datagram per message (RFC 5426) on a connected socket. Best effort: nothing
///   says whether anyone received it. On a connected socket an ICMP port unreachable can
///   turn a later datagram of the same delivery into a "connection refused" (retryable),
///   but only if it arrives in time; one that arrives after the delivery returned, or
///   never, is lost, so a UDP delivery that succeeded proves nothing.
///
/// The whole attempt (name lookup, connect, write) is bounded by `timeout`.
public struct SyslogReceiver: NotificationReceiver {
    public let name: String
    let address: String
    let transport: SyslogTransport
    let facility: Int
    let appName: String
    let timeout: Duration
    let eventLoopGroup: any EventLoopGroup
    let hostname: String
    let procID: String

    /// - Parameters:
    ///   - address: `host:port`, `[v6]:port`, or a host alone for port 514; the host is an
    ///     IPv4 or IPv6 literal or a name. Checked on each delivery (a bad one fails it for
    ///     good); `Endpoint(parsing:)` lets configuration check it earlier.
    ///   - facility: 0...23 (RFC 5424 table 1), e.g. 16 for local0.
    ///   - hostname: the HOSTNAME field; defaults to gethostname(2), which, unlike
    ///     `ProcessInfo.hostName`, never asks a DNS resolver.
    public init(
        name: String, address: String, transport: SyslogTransport, facility: Int, appName: String, timeout: Duration,
        eventLoopGroup: any EventLoopGroup, hostname: String? = nil
    ) {
        self.name = name
        self.address = address
        self.transport = transport
        self.facility = facility
        self.appName = appName
        self.timeout = timeout
        self.eventLoopGroup = eventLoopGroup
        self.hostname = hostname ?? Self.machineHostname()
        self.procID = String(getpid())
    }

    public func deliver(_ notification: AlertNotification) async throws(DeliveryError) {
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        guard (0...23).contains(facility) else { throw failure("facility \(facility) is not in 0...23", retryable: false) }
        guard let endpoint = Endpoint(parsing: address) else {
            throw failure("address is not host:port", retryable: false)
        }
        let messages = SyslogMessage.messages(
            for: notification, facility: facility, appName: appName, hostname: hostname, procID: procID)
        guard !messages.isEmpty else { return }
        let addresses = try await resolve(endpoint, deadline: deadline)
        switch transport {
        case .udp: try await sendDatagrams(messages.map { SyslogFraming.datagram($0) }, to: addresses[0], deadline: deadline)
        case .tcp: try await sendStream(SyslogFraming.stream(messages), to: addresses, deadline: deadline)
        }
    }

    /// Tries each address in turn (a name may give ::1 and 127.0.0.1); a write error after
    /// connecting is not retried elsewhere, as part of the stream may have been taken.
    private func sendStream(_ bytes: [UInt8], to addresses: [SocketAddress], deadline: NIODeadline) async throws(DeliveryError) {
        var lastFailure: DeliveryError?
        for address in addresses {
            let remaining = deadline - .now()
            guard remaining > .zero else { break }
            let channel: any Channel
            do {
                channel = try await ClientBootstrap(group: eventLoopGroup).connectTimeout(remaining).connect(to: address).get()
            } catch {
                lastFailure = failure(error, deadline: deadline)
                continue
            }
            try await write(on: channel, deadline: deadline) { channel in
                [channel.writeAndFlush(ByteBuffer(bytes: bytes))]
            }
            return
        }
        throw lastFailure ?? timedOut()
    }

    private func sendDatagrams(_ datagrams: [[UInt8]], to address: SocketAddress, deadline: NIODeadline) async throws(DeliveryError) {
        let channel: any Channel
        do {
            channel = try await DatagramBootstrap(group: eventLoopGroup).connect(to: address).get()
        } catch {
            throw failure(error, deadline: deadline)
        }
        try await write(on: channel, deadline: deadline) { channel in
            let written = datagrams.map { channel.write(AddressedEnvelope(remoteAddress: address, data: ByteBuffer(bytes: $0))) }
            channel.flush()
            return written
        }
    }

    /// Runs `writes`, waits for all of them, closes. A timer closes the channel at the
    /// deadline, which fails whatever write is still pending: that is how a stalled peer
    /// (full window) becomes a timeout instead of a hang.
    private func write(
        on channel: any Channel, deadline: NIODeadline, _ writes: @Sendable (any Channel) -> [EventLoopFuture<Void>]
    ) async throws(DeliveryError) {
        let timer = channel.eventLoop.scheduleTask(deadline: deadline) { channel.close(promise: nil) }
        defer { timer.cancel() }
        do {
            for future in writes(channel) { try await future.get() }
        } catch {
            channel.close(promise: nil)
            throw failure(error, deadline: deadline)
        }
        // Closing after the writes completed sends what the kernel holds, then FIN.
        try? await channel.close().get()
    }

    /// Literals at once; names through getaddrinfo on a Dispatch queue, so no event loop
    /// or concurrency thread blocks, raced against the deadline.
    private func resolve(_ endpoint: Endpoint, deadline: NIODeadline) async throws(DeliveryError) -> [SocketAddress] {
        if let literal = try? SocketAddress(ipAddress: endpoint.host, port: endpoint.port) { return [literal] }
        let remaining = deadline - .now()
        let socketType = transport == .tcp ? Int32(SOCK_STREAM.rawValue) : Int32(SOCK_DGRAM.rawValue)
        let outcome: Result<[SocketAddress], DeliveryError> = await withCheckedContinuation { continuation in
            let once = SyslogResumeOnce(continuation)
            let wait = DispatchTimeInterval.nanoseconds(Int(max(0, remaining.nanoseconds)))
            DispatchQueue.global().asyncAfter(deadline: .now() + wait) {
                once.resume(.failure(failure("resolving \(endpoint.host): timed out", retryable: true)))
            }
            DispatchQueue.global().async {
                once.resume(lookUp(endpoint, socketType: socketType))
            }
        }
        return try outcome.get()
    }

    private func lookUp(_ endpoint: Endpoint, socketType: Int32) -> Result<[SocketAddress], DeliveryError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = socketType
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(endpoint.host, String(endpoint.port), &hints, &list)
        guard rc == 0, let first = list else {
            let why = rc == 0 ? "no address" : String(cString: gai_strerror(rc))
            return .failure(failure("cannot resolve \(endpoint.host): \(why)", retryable: true))
        }
        defer { freeaddrinfo(list) }
        var found: [SocketAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let e = entry {
            if let sa = e.pointee.ai_addr {
                let raw = UnsafeRawPointer(sa)
                switch Int32(sa.pointee.sa_family) {
                case AF_INET: found.append(SocketAddress(raw.loadUnaligned(as: sockaddr_in.self), host: endpoint.host))
                case AF_INET6: found.append(SocketAddress(raw.loadUnaligned(as: sockaddr_in6.self), host: endpoint.host))
                default: break
                }
            }
            entry = e.pointee.ai_next
        }
        return found.isEmpty ? .failure(failure("cannot resolve \(endpoint.host): no IPv4 or IPv6 address", retryable: true)) : .success(found)
    }

    // MARK: - Errors

    /// `syslog 127.0.0.1:5514 (tcp): connection refused`.
    private func failure(_ reason: String, retryable: Bool) -> DeliveryError {
        DeliveryError(retryable: retryable, "syslog \(address) (\(transport.rawValue)): \(reason)")
    }

    private func timedOut() -> DeliveryError {
        let (seconds, attoseconds) = timeout.components
        return failure("timed out after \(seconds * 1000 + attoseconds / 1_000_000_000_000_000) ms", retryable: true)
    }

    /// Socket errors in the words of the tools people know (nc, logger). Every one is
    /// retryable: a server that is down or restarting is the usual cause.
    private func failure(_ error: any Error, deadline: NIODeadline) -> DeliveryError {
        if NIODeadline.now() >= deadline { return timedOut() }
        if let connect = error as? NIOConnectionError, let first = connect.connectionErrors.first {
            return failure(first.error, deadline: deadline)
        }
        if let channelError = error as? ChannelError {
            switch channelError {
            case .connectTimeout: return timedOut()
            case .ioOnClosedChannel, .alreadyClosed, .outputClosed, .eof: return failure("connection closed by the server", retryable: true)
            default: break
            }
        }
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: return failure("connection refused", retryable: true)
            case ECONNRESET: return failure("connection reset by the server", retryable: true)
            case EPIPE: return failure("connection closed by the server", retryable: true)
            case EHOSTUNREACH: return failure("host unreachable", retryable: true)
            case ENETUNREACH: return failure("network unreachable", retryable: true)
            case ETIMEDOUT: return timedOut()
            default: break
            }
        }
        return failure("\(error)", retryable: true)
    }

    /// gethostname(2): the name this machine calls itself; "-" (NILVALUE) if unset.
    static func machineHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension SyslogReceiver {
    /// Where the receiver sends: a syslog `address` split into host and port.
    public struct Endpoint: Sendable, Hashable {
        /// The port of syslog over UDP (RFC 5426), and the one most servers also use for TCP.
        public static let defaultPort = 514

        /// A name or an address; IPv6 without brackets.
        public var host: String
        public var port: Int

        /// `host:port`, `[v6]:port`, `host`, or a bare IPv6 literal (more than one colon);
        /// nil for anything else, or a port outside 1...65535.
        public init?(parsing address: String) {
            var hostPart = Substring(address)
            var portText: Substring?
            if address.first == "[" {
                guard let close = address.firstIndex(of: "]") else { return nil }
                hostPart = address[address.index(after: address.startIndex)..<close]
                let after = address[address.index(after: close)...]
                if !after.isEmpty {
                    guard after.first == ":" else { return nil }
                    portText = after.dropFirst()
                }
            } else if address.filter({ $0 == ":" }).count == 1, let colon = address.firstIndex(of: ":") {
                hostPart = address[..<colon]
                portText = address[address.index(after: colon)...]
            }
            guard !hostPart.isEmpty, !hostPart.contains(where: { $0 == " " || $0 == "/" }) else { return nil }
            host = String(hostPart)
            if let portText {
                guard let p = Int(portText), (1...65535).contains(p) else { return nil }
                port = p
            } else {
                port = Self.defaultPort
            }
        }
    }
}

/// Resumes a continuation from whichever of two racing callbacks comes first (the
/// lookup or the deadline); the loser's value is dropped.
private final class SyslogResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Never>?

    init(_ continuation: CheckedContinuation<T, Never>) { self.continuation = continuation }

    func resume(_ value: T) {
        let taken: CheckedContinuation<T, Never>? = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        taken?.resume(returning: value)
    }
}
