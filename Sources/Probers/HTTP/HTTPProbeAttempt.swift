import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NetsightModel

/// One request of an HTTP probe: resolve, connect, TLS, request, response, each phase
/// stamped, the whole bounded by one deadline. The NIO part is only the pipeline; what the
/// stamps and certificates mean is decided by the prober and `TLSFailureRule`.
struct HTTPProbeAttempt {
    let url: HTTPProbeURL
    let options: HTTPProbeOptions
    let group: any EventLoopGroup
    let tlsContext: NIOSSLContext?
    let timeout: Duration

    struct Outcome: Sendable {
        var address: String?
        var summary: HTTPSummary
        var leafNames: [String] = []
        var startMicros: Int64
        var endMicros: Int64?
        var failure: ProbeFailure?
        /// The kept body prefix and the presented chain, for the prober to judge.
        var body: [UInt8] = []
        var peerChainDER: [[UInt8]] = []
        var tlsVersion: String?
    }

    func run() async -> Outcome {
        let start = MonotonicMicros.now()
        let deadlineMicros = start + timeout.microseconds
        var outcome = Outcome(summary: HTTPSummary(), startMicros: start)
        func remaining() -> Int64 { max(1, deadlineMicros - MonotonicMicros.now()) }

        let address: SocketAddress
        do throws(ProbeFailure) {
            address = try await ProbeResolver.resolve(
                url.host, port: url.port, family: options.family, timeout: .microseconds(remaining()))
        } catch {
            outcome.failure = error
            return outcome
        }
        let resolved = MonotonicMicros.now()
        outcome.address = address.ipAddress
        outcome.summary.resolveMicros = resolved - start

        let promise = group.any().makePromise(of: HTTPProbeTrace.self)
        let head = requestHead()
        let useTLS = url.useTLS
        let context = tlsContext
        let sniHost = TLSHostnameMatcher.ipBytes(url.host) == nil ? url.host : nil
        let bootstrap = ClientBootstrap(group: promise.futureResult.eventLoop)
            .connectTimeout(.microseconds(remaining()))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let probe = HTTPProbeChannelHandler(request: head, useTLS: useTLS, promise: promise)
                    let sync = channel.pipeline.syncOperations
                    if useTLS, let context {
                        let ssl = try NIOSSLClientHandler(
                            context: context, serverHostname: sniHost,
                            customVerificationCallback: { certificates, verdict in
                                // Record, never refuse: the facts are judged after the
                                // handshake so a bad certificate is reported, not hidden.
                                probe.recordPeerChain(certificates.compactMap { try? $0.toDERBytes() })
                                verdict.succeed(.certificateVerified)
                            })
                        try sync.addHandler(ssl)
                    }
                    try sync.addHandler(HTTPFirstByteHandler(probe: probe))
                    try sync.addHTTPClientHandlers()
                    try sync.addHandler(probe)
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(to: address).get()
        } catch {
            promise.fail(error)
            outcome.failure = Self.connectFailure(error, timeout: timeout)
            outcome.endMicros = MonotonicMicros.now()
            return outcome
        }
        let timeoutText = "timeout after \(timeout.milliseconds) ms"
        let timer = channel.eventLoop.scheduleTask(in: .microseconds(remaining())) {
            let phase = (try? channel.pipeline.syncOperations.handler(type: HTTPProbeChannelHandler.self))?
                .waitingFor ?? "the response"
            promise.fail(ProbeFailure(.timeout, "\(timeoutText) waiting for \(phase)"))
            channel.close(promise: nil)
        }
        defer {
            timer.cancel()
            channel.close(promise: nil)
        }

        let trace: HTTPProbeTrace
        do {
            trace = try await promise.futureResult.get()
        } catch {
            outcome.failure = HTTPProbeChannelHandler.failure(for: error, trace: HTTPProbeTrace())
            outcome.endMicros = MonotonicMicros.now()
            return outcome
        }
        fill(&outcome, from: trace, resolved: resolved, start: start)
        return outcome
    }

    private func fill(_ o: inout Outcome, from t: HTTPProbeTrace, resolved: Int64, start: Int64) {
        var s = o.summary
        s.statusCode = t.statusCode
        if let c = t.connectedAt { s.connectMicros = c - resolved }
        if let tls = t.tlsDoneAt, let c = t.connectedAt { s.tlsMicros = tls - c }
        if let f = t.firstByteAt, let sent = t.requestSentAt { s.firstByteMicros = f - sent }
        if let e = t.endAt, let f = t.firstByteAt { s.transferMicros = e - f }
        if let e = t.endAt { s.totalMicros = e - start }
        s.bodyBytes = t.bodyBytes
        o.summary = s
        o.endMicros = t.endAt
        o.body = t.body
        o.peerChainDER = t.peerChainDER
        o.tlsVersion = t.tlsVersion
    }

    private func requestHead() -> HTTPRequestHead {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: url.hostHeader)
        headers.add(name: "User-Agent", value: "netsight-probe")
        headers.add(name: "Accept", value: "*/*")
        for (name, value) in options.headers.sorted(by: { $0.key < $1.key }) {
            headers.replaceOrAdd(name: name, value: value)
        }
        headers.replaceOrAdd(name: "Connection", value: "close")
        return HTTPRequestHead(
            version: .http1_1, method: HTTPMethod(rawValue: options.method.uppercased()), uri: url.requestTarget,
            headers: headers)
    }

    static func connectFailure(_ error: any Error, timeout: Duration) -> ProbeFailure {
        if case ChannelError.connectTimeout = error {
            return ProbeFailure(.timeout, "timeout after \(timeout.milliseconds) ms (connecting)")
        }
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: return ProbeFailure(.refused, "connection refused")
            case ENETUNREACH: return ProbeFailure(.unreachable, "network unreachable")
            case EHOSTUNREACH: return ProbeFailure(.unreachable, "host unreachable")
            case ETIMEDOUT: return ProbeFailure(.timeout, "timeout after \(timeout.milliseconds) ms (connecting)")
            default: return ProbeFailure(.setup, "connect: \(io)")
            }
        }
        if let failure = error as? ProbeFailure { return failure }
        return ProbeFailure(.setup, "connect: \(error)")
    }
}
