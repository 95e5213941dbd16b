import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import NIOTLS
import NetsightModel

/// The probe's end of the pipeline: sends the request once the connection (and the TLS
/// handshake, if any) is up, stamps each phase, keeps the body prefix, and completes the
/// attempt's promise exactly once: with the trace on the end of the response, with a
/// failure on an error or an early close. Event-loop confined, like every handler.
final class HTTPProbeChannelHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let request: HTTPRequestHead
    private let useTLS: Bool
    private let promise: EventLoopPromise<HTTPProbeTrace>
    private var trace = HTTPProbeTrace()
    private var finished = false

    init(request: HTTPRequestHead, useTLS: Bool, promise: EventLoopPromise<HTTPProbeTrace>) {
        self.request = request
        self.useTLS = useTLS
        self.promise = promise
    }

    /// The phase a timeout struck in, for its message.
    var waitingFor: String {
        if trace.connectedAt == nil { return "the connection" }
        if useTLS && trace.tlsDoneAt == nil { return "the TLS handshake" }
        if trace.firstByteAt == nil { return "the first response byte" }
        return "the end of the response (\(trace.bodyBytes) body bytes so far)"
    }

    /// Called by the TLS verification callback, before the handshake finishes.
    func recordPeerChain(_ chain: [[UInt8]]) { trace.peerChainDER = chain }

    func channelActive(context: ChannelHandlerContext) {
        trace.connectedAt = MonotonicMicros.now()
        if !useTLS { sendRequest(context: context) }
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tlsEvent = event as? TLSUserEvent, case .handshakeCompleted = tlsEvent {
            trace.tlsDoneAt = MonotonicMicros.now()
            if let ssl = try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self) {
                trace.tlsVersion = ssl.tlsVersion.map(Self.name)
            }
            sendRequest(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Stamped by `HTTPFirstByteHandler`, which sits before the HTTP decoder.
    func firstByteArrived() {
        if trace.firstByteAt == nil { trace.firstByteAt = MonotonicMicros.now() }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            trace.statusCode = Int(head.status.code)
        case .body(let buffer):
            trace.bodyBytes += buffer.readableBytes
            let room = HTTPProbeTrace.bodyLimit - trace.body.count
            if room > 0 { trace.body += buffer.getBytes(at: buffer.readerIndex, length: min(room, buffer.readableBytes)) ?? [] }
        case .end:
            trace.endAt = MonotonicMicros.now()
            finish(.success(trace))
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(Self.failure(for: error, trace: trace)))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        let why: String
        if useTLS && trace.tlsDoneAt == nil {
            why = "TLS: connection closed during the handshake"
        } else if trace.statusCode == nil {
            why = "bad reply: connection closed before a response"
        } else {
            why = "bad reply: connection closed after \(trace.bodyBytes) body bytes, before the end of the response"
        }
        finish(.failure(ProbeFailure(useTLS && trace.tlsDoneAt == nil ? .tls : .badReply, why)))
        context.fireChannelInactive()
    }

    private func sendRequest(context: ChannelHandlerContext) {
        guard trace.requestSentAt == nil else { return }
        context.write(wrapOutboundOut(.head(request)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        trace.requestSentAt = MonotonicMicros.now()
    }

    private func finish(_ outcome: Result<HTTPProbeTrace, ProbeFailure>) {
        guard !finished else { return }
        finished = true
        switch outcome {
        case .success(let t): promise.succeed(t)
        case .failure(let f): promise.fail(f)
        }
    }

    /// Turns what NIO raised into a failure a person can act on.
    static func failure(for error: any Error, trace: HTTPProbeTrace) -> ProbeFailure {
        if let failure = error as? ProbeFailure { return failure }
        if let ssl = error as? NIOSSLError {
            if case .handshakeFailed(.sslError(let errors)) = ssl, let plain = certificateProblem(errors.map { "\($0)" }) {
                return ProbeFailure(.tls, "TLS handshake failed: \(plain)")
            }
            return ProbeFailure(.tls, "TLS handshake failed: \(ssl)")
        }
        if error is BoringSSLError || error is NIOSSLExtraError {
            return ProbeFailure(.tls, "TLS handshake failed: \(error)")
        }
        if let parse = error as? HTTPParserError {
            return ProbeFailure(.badReply, "bad reply: not an HTTP response (\(parse))")
        }
        if let io = error as? IOError, io.errnoCode == ECONNRESET {
            return ProbeFailure(.badReply, "bad reply: connection reset by the server")
        }
        return ProbeFailure(.badReply, "bad reply: \(error)")
    }

    /// BoringSSL's dump for a certificate it could not parse, in words, with its reason
    /// codes kept for searching: our verification callback accepts every chain, so these
    /// are the handshake errors that mean "the certificate itself is broken".
    static func certificateProblem(_ errors: [String]) -> String? {
        let all = errors.joined(separator: " ")
        let codes = errors.compactMap { $0.firstMatch(of: /OPENSSL_internal:([A-Z0-9_]+)/).map { String($0.1) } }
        let suffix = " (BoringSSL: \(codes.joined(separator: ", ")))"
        if all.contains("CANNOT_PARSE_LEAF_CERT") { return "the server's certificate is malformed" + suffix }
        if all.contains("ASN.1 encoding routines") { return "a certificate in the server's chain is malformed" + suffix }
        if codes == ["DECODE_ERROR"] { return "the server's handshake message is malformed" + suffix }
        return nil
    }

    static func name(_ version: TLSVersion) -> String {
        switch version {
        case .tlsv1: "TLSv1.0"
        case .tlsv11: "TLSv1.1"
        case .tlsv12: "TLSv1.2"
        case .tlsv13: "TLSv1.3"
        }
    }
}

/// Stamps the first response byte as it comes off the wire (after TLS decryption),
/// before the HTTP decoder buffers it: blackbox_exporter's "GotFirstResponseByte".
final class HTTPFirstByteHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let probe: HTTPProbeChannelHandler

    init(probe: HTTPProbeChannelHandler) { self.probe = probe }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        probe.firstByteArrived()
        context.fireChannelRead(data)
    }
}
