import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One HTTP/1.1 POST per call on a connection of its own (`Connection: close`), bounded by
/// a deadline. Notifications are rare, so a pooled client would add state (idle
/// connections a receiver dropped) for no gain; one connection per attempt also means a
/// retry never reuses a connection the receiver broke.
public struct HTTPPoster: Sendable {
    public struct Response: Sendable, Hashable {
        public var status: Int
        /// The first bytes of the body, for the error message ("invalid_payload").
        public var bodyPrefix: String
    }

    let group: any EventLoopGroup
    let tlsContext: NIOSSLContext

    /// - Parameter caFile: PEM certificates to trust besides the system's (a private CA).
    public init(eventLoopGroup: any EventLoopGroup, caFile: String? = nil) throws {
        group = eventLoopGroup
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile {
            configuration.additionalTrustRoots = [.file(caFile)]
        }
        tlsContext = try NIOSSLContext(configuration: configuration)
    }

    /// - Throws: `DeliveryError` for anything but a complete response: refused, reset, TLS
    ///   failure, timeout (all worth retrying: the receiver may come back).
    public func post(
        _ endpoint: HTTPEndpoint, headers extra: [(String, String)], body: [UInt8], timeout: Duration
    ) async throws(DeliveryError) -> Response {
        let promise = group.any().makePromise(of: Response.self)
        let tls = endpoint.tls ? tlsContext : nil
        let bootstrap = ClientBootstrap(group: promise.futureResult.eventLoop)
            .connectTimeout(.nanoseconds(timeout.nanoseconds))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let tls {
                        let sni = endpoint.host.contains(":") || endpoint.host.allSatisfy({ $0.isNumber || $0 == "." })
                            ? nil : endpoint.host
                        try sync.addHandler(NIOSSLClientHandler(context: tls, serverHostname: sni))
                    }
                    try sync.addHTTPClientHandlers()
                    try sync.addHandler(HTTPResponseCollector(promise: promise))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: endpoint.host, port: endpoint.port).get()
        } catch {
            promise.fail(error)
            throw DeliveryError(retryable: true, "\(endpoint): cannot connect: \(Self.describe(error))")
        }
        let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
            promise.fail(HTTPPosterTimeout())
            channel.close(promise: nil)
        }
        defer {
            timer.cancel()
            channel.close(promise: nil)
        }
        var head = HTTPHeaders()
        head.add(name: "Host", value: endpoint.hostHeader)
        head.add(name: "User-Agent", value: "netsight")
        head.add(name: "Content-Length", value: String(body.count))
        for (name, value) in extra { head.replaceOrAdd(name: name, value: value) }
        head.replaceOrAdd(name: "Connection", value: "close")
        let request = HTTPRequestHead(version: .http1_1, method: .POST, uri: endpoint.target, headers: head)
        channel.write(HTTPClientRequestPart.head(request), promise: nil)
        channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        do {
            return try await promise.futureResult.get()
        } catch is HTTPPosterTimeout {
            throw DeliveryError(retryable: true, "\(endpoint): no response within \(Self.text(timeout))")
        } catch {
            throw DeliveryError(retryable: true, "\(endpoint): \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? IOError { return e.description }
        if case ChannelError.connectTimeout = error { return "connect timed out" }
        if let e = error as? NIOSSLError { return "TLS failed (\(e))" }
        if let e = error as? BoringSSLError { return "TLS failed (\(e))" }
        if let e = error as? NIOConnectionError {
            if let first = e.connectionErrors.first { return describe(first.error) }
            if let dns = e.dnsAAAAError ?? e.dnsAError { return "cannot resolve \(e.host): \(dns)" }
            return "cannot connect to \(e.host):\(e.port)"
        }
        return "\(error)"
    }

    static func text(_ d: Duration) -> String {
        let ms = d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        return ms % 1000 == 0 ? "\(ms / 1000) s" : "\(ms) ms"
    }
}

struct HTTPPosterTimeout: Error {}

extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}

/// Collects the status and the start of the body, and completes at the end of the
/// response or when the connection closes before it.
final class HTTPResponseCollector: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let promise: EventLoopPromise<HTTPPoster.Response>
    private var status: Int?
    private var body: [UInt8] = []
    private var completed = false

    init(promise: EventLoopPromise<HTTPPoster.Response>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
        case .body(var buffer):
            let room = 512 - body.count
            if room > 0, let bytes = buffer.readBytes(length: min(room, buffer.readableBytes)) { body += bytes }
        case .end:
            complete(nil)
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // A response cut short is still an answer about the request once its status came.
        complete(status == nil ? HTTPPosterClosed() : nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        complete(error)
        context.close(promise: nil)
    }

    private func complete(_ error: (any Error)?) {
        guard !completed else { return }
        completed = true
        if let error {
            promise.fail(error)
        } else {
            promise.succeed(.init(status: status ?? 0, bodyPrefix: String(decoding: body, as: UTF8.self)))
        }
    }
}

struct HTTPPosterClosed: Error, CustomStringConvertible {
    var description: String { "the connection closed before a response" }
}
