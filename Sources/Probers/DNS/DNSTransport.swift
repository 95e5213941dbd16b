import NIOCore
import NIOPosix
import NetsightModel
import ProbeCodec

#if canImport(Glibc)
import Glibc
#endif

/// The thin NIO adapter of the DNS prober: sends one query over UDP or TCP and hands back
/// whatever arrives, as events on an AsyncStream, until the deadline. Which reply counts
/// is decided by `DNSReplyCheck`, not here.
enum DNSTransport {
    enum Event: Sendable {
        case message([UInt8], SocketAddress)
        case failed(ProbeFailure)
        case deadline
    }

    /// Asks `server` over a connected UDP socket: the kernel then drops datagrams from
    /// other sources, and an ICMP port unreachable becomes ECONNREFUSED (a quick "refused"
    /// instead of a timeout).
    static func udp(
        group: any EventLoopGroup, server: SocketAddress, query: [UInt8], within remaining: TimeAmount,
        check: ([UInt8]) -> DNSReplyCheck, timeoutMessage: String
    ) async -> Result<DNSMessage, ProbeFailure> {
        let (stream, continuation) = AsyncStream<Event>.makeStream()
        let channel: any Channel
        do {
            channel = try await DatagramBootstrap(group: group)
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65536))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(DNSDatagramHandler(continuation))
                    }
                }
                .connect(to: server).get()
        } catch {
            return .failure(failure(error, connecting: false))
        }
        defer { channel.close(promise: nil) }
        let timer = channel.eventLoop.scheduleTask(in: remaining) { continuation.yield(.deadline) }
        defer { timer.cancel() }
        let envelope = AddressedEnvelope(remoteAddress: server, data: ByteBuffer(bytes: query))
        channel.writeAndFlush(envelope).whenFailure { continuation.yield(.failed(failure($0, connecting: false))) }
        return await collect(stream, server: server, check: check, timeoutMessage: timeoutMessage)
    }

    /// Asks `server` over TCP with the 2-byte length framing of RFC 1035 4.2.2 / RFC 7766.
    static func tcp(
        group: any EventLoopGroup, server: SocketAddress, query: [UInt8], within remaining: TimeAmount,
        check: ([UInt8]) -> DNSReplyCheck, timeoutMessage: String
    ) async -> Result<DNSMessage, ProbeFailure> {
        guard remaining > .zero else { return .failure(ProbeFailure(.timeout, timeoutMessage)) }
        let (stream, continuation) = AsyncStream<Event>.makeStream()
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(remaining)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(DNSStreamHandler(continuation, server: server))
                    }
                }
                .connect(to: server).get()
        } catch {
            if let channelError = error as? ChannelError, case .connectTimeout = channelError {
                return .failure(ProbeFailure(.timeout, timeoutMessage))
            }
            return .failure(failure(error, connecting: true))
        }
        defer { channel.close(promise: nil) }
        let timer = channel.eventLoop.scheduleTask(in: remaining) { continuation.yield(.deadline) }
        defer { timer.cancel() }
        channel.writeAndFlush(ByteBuffer(bytes: DNSQuery.tcpFrame(query))).whenFailure {
            continuation.yield(.failed(failure($0, connecting: false)))
        }
        return await collect(stream, server: server, check: check, timeoutMessage: timeoutMessage)
    }

    /// Waits for the answer: strays are remembered, and the last one explains a timeout
    /// ("bad reply: reply ID 7 does not match query 9" says more than "timeout").
    private static func collect(
        _ stream: AsyncStream<Event>, server: SocketAddress, check: ([UInt8]) -> DNSReplyCheck, timeoutMessage: String
    ) async -> Result<DNSMessage, ProbeFailure> {
        var remembered: ProbeFailure?
        for await event in stream {
            switch event {
            case .message(let bytes, let from):
                guard sameEndpoint(from, server) else {
                    remembered = ProbeFailure(.badReply, "bad reply: from \(from), not the server \(server)")
                    continue
                }
                switch check(bytes) {
                case .answer(let message): return .success(message)
                case .ignored(let why): remembered = why
                case .broken(let why): return .failure(why)
                }
            case .failed(let why):
                return .failure(why)
            case .deadline:
                return .failure(remembered ?? ProbeFailure(.timeout, timeoutMessage))
            }
        }
        // The task was cancelled.
        return .failure(remembered ?? ProbeFailure(.timeout, timeoutMessage))
    }

    private static func sameEndpoint(_ a: SocketAddress, _ b: SocketAddress) -> Bool {
        a.ipAddress == b.ipAddress && a.port == b.port
    }

    /// Socket errors in the words of ping and dig.
    static func failure(_ error: any Error, connecting: Bool) -> ProbeFailure {
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: return ProbeFailure(.refused, "connection refused")
            case EHOSTUNREACH: return ProbeFailure(.unreachable, "host unreachable")
            case ENETUNREACH: return ProbeFailure(.unreachable, "network unreachable")
            case ECONNRESET: return ProbeFailure(.badReply, "bad reply: connection reset by the server")
            default: break
            }
        }
        if let connect = error as? NIOConnectionError, let first = connect.connectionErrors.first {
            return failure(first.error, connecting: connecting)
        }
        return ProbeFailure(connecting ? .refused : .setup, "\(error)")
    }
}

/// Hands each datagram and socket error to the prober's stream.
final class DNSDatagramHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let continuation: AsyncStream<DNSTransport.Event>.Continuation

    init(_ continuation: AsyncStream<DNSTransport.Event>.Continuation) { self.continuation = continuation }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        continuation.yield(.message(Array(envelope.data.readableBytesView), envelope.remoteAddress))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        continuation.yield(.failed(DNSTransport.failure(error, connecting: false)))
    }
}

/// Cuts a TCP byte stream into DNS messages by their 2-byte length prefix.
final class DNSStreamHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let continuation: AsyncStream<DNSTransport.Event>.Continuation
    private let server: SocketAddress
    private var pending: [UInt8] = []

    init(_ continuation: AsyncStream<DNSTransport.Event>.Continuation, server: SocketAddress) {
        self.continuation = continuation
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pending.append(contentsOf: unwrapInboundIn(data).readableBytesView)
        while pending.count >= 2 {
            let length = Int(pending[0]) << 8 | Int(pending[1])
            guard pending.count >= 2 + length else { break }
            continuation.yield(.message(Array(pending[2..<(2 + length)]), server))
            pending.removeFirst(2 + length)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let detail = pending.isEmpty ? "without an answer" : "in the middle of a message (\(pending.count) bytes)"
        continuation.yield(.failed(ProbeFailure(.badReply, "bad reply: server closed the TCP connection \(detail)")))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        continuation.yield(.failed(DNSTransport.failure(error, connecting: false)))
    }
}
