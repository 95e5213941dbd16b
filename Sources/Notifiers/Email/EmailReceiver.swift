import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import NetsightModel

/// Sends each notification as one email through an SMTP smarthost. One attempt is one
/// SMTP session: connect, `SMTPDialogue` (STARTTLS and AUTH as configured), one message
/// to all recipients, QUIT. The whole attempt, connect included, is bounded by `timeout`.
///
/// The message is rendered by `EmailMessage`; its Message-ID comes from the notification
/// id, so when a retry follows a lost reply the recipient's mail system sees the same
/// message twice, not two messages.
public struct EmailReceiver: NotificationReceiver {
    public let name: String
    private let options: EmailReceiverOptions
    private let timeout: Duration
    private let externalURL: String
    private let group: any EventLoopGroup
    private let smarthost: Result<(host: String, port: Int), DeliveryError>
    /// Built once: loading the system's trust roots for every email would be wasted work.
    /// Nil in tls mode none.
    private let tlsContext: Result<NIOSSLContext, DeliveryError>?

    /// - Parameters:
    ///   - timeout: one attempt's limit, from connecting to the reply to the message.
    ///   - externalURL: the server's public base URL for links to alerts; may be empty.
    public init(
        name: String, options: EmailReceiverOptions, timeout: Duration, externalURL: String,
        eventLoopGroup: any EventLoopGroup
    ) {
        self.name = name
        self.options = options
        self.timeout = timeout
        self.externalURL = externalURL
        group = eventLoopGroup
        smarthost = Self.parseSmarthost(options.smarthost)
        tlsContext = options.tls == .none ? nil : Self.makeTLSContext(options)
    }

    /// What would make every delivery fail, for checking the configuration at start:
    /// a bad smarthost, an address or EHLO name the dialogue refuses, credentials with
    /// `tls: none`, an unreadable caFile. Nil when the options are usable.
    public static func validate(_ options: EmailReceiverOptions) -> DeliveryError? {
        if case .failure(let error) = parseSmarthost(options.smarthost) { return error }
        if options.username != nil && options.tls == .none {
            return DeliveryError(retryable: false, "username is set but tls is none: credentials are never sent without TLS")
        }
        let from = EmailMessage.Mailbox(parsing: options.from)
        let to = options.to.map(EmailMessage.Mailbox.init(parsing:))
        do {
            _ = try SMTPDialogue(
                envelope: .init(hello: options.hello ?? localHostName(), from: from.address, recipients: to.map(\.address), data: []),
                tls: options.tls, credentials: nil)
        } catch {
            return error
        }
        if options.tls != .none, case .failure(let error) = makeTLSContext(options) { return error }
        return nil
    }

    public func deliver(_ notification: AlertNotification) async throws(DeliveryError) {
        let report = try await send(notification, now: Date())
        if let partial = report.partialFailure { throw partial }
    }

    /// One attempt, reporting which recipients took the message. `deliver` turns refused
    /// recipients into an error; this is for callers that want the details.
    public func send(_ notification: AlertNotification, now: Date) async throws(DeliveryError) -> SMTPDeliveryReport {
        let (host, port) = try smarthost.get()
        let context = try tlsContext?.get()
        let from = EmailMessage.Mailbox(parsing: options.from)
        let to = options.to.map(EmailMessage.Mailbox.init(parsing:))
        let message = EmailMessage(notification, from: from, to: to, externalURL: externalURL, now: now)
        let credentials = options.username.map {
            SMTPDialogue.Credentials(username: $0, password: options.password ?? "")
        }
        let dialogue = try SMTPDialogue(
            envelope: .init(
                hello: options.hello ?? Self.localHostName(), from: from.address, recipients: to.map(\.address),
                data: message.dataBytes),
            tls: options.tls, credentials: credentials)
        return try await run(dialogue, host: host, port: port, tlsContext: context)
    }

    private func run(
        _ dialogue: SMTPDialogue, host: String, port: Int, tlsContext: NIOSSLContext?
    ) async throws(DeliveryError) -> SMTPDeliveryReport {
        let loop = group.next()
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        let promise = loop.makePromise(of: SMTPDeliveryReport.self)
        let limit = timeout
        // An IP address cannot go in SNI; NIOSSL then checks the certificate's IP names
        // against the connected address instead.
        let serverHostname = Self.isIPAddress(host) ? nil : host
        let implicitTLS = options.tls == .tls
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(TimeAmount(timeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicitTLS, let tlsContext {
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname))
                    }
                    let handler = SMTPClientChannelHandler(
                        dialogue: dialogue, promise: promise, deadline: deadline, limit: limit,
                        tlsContext: tlsContext, serverHostname: serverHostname, peer: "\(host):\(port)", implicitTLS: implicitTLS)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: port).get()
        } catch {
            let failure = Self.connectFailure(error, peer: "\(host):\(port)", limit: limit)
            // The handler may already have failed it; a second completion is ignored, and
            // a promise must never be left unfulfilled.
            promise.fail(failure)
            throw failure
        }
        do {
            // The handler has started closing the channel (after QUIT); waiting for the
            // close could mean waiting out a TLS close_notify the server never sends.
            return try await promise.futureResult.get()
        } catch let error as DeliveryError {
            channel.close(promise: nil)
            throw error
        } catch {
            channel.close(promise: nil)
            throw DeliveryError(retryable: true, "SMTP session with \(host):\(port) failed: \(error)")
        }
    }

    // MARK: - Setup

    /// `host:port`, `[v6]:port`, or a host alone (port 25).
    static func parseSmarthost(_ text: String) -> Result<(host: String, port: Int), DeliveryError> {
        let bad = DeliveryError(retryable: false, "invalid smarthost \"\(text)\" (want host:port)")
        var host = Substring(text)
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return .failure(bad) }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return .failure(bad) }
                portText = rest.dropFirst()
            }
        } else if let colon = text.lastIndex(of: ":") {
            guard text.firstIndex(of: ":") == colon else { return .failure(bad) }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        var port = 25
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else { return .failure(bad) }
            port = value
        }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "/" }) else { return .failure(bad) }
        return .success((String(host), port))
    }

    private static func makeTLSContext(_ options: EmailReceiverOptions) -> Result<NIOSSLContext, DeliveryError> {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .default
        if let caFile = options.caFile {
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                return .failure(DeliveryError(retryable: false, "cannot read caFile \(caFile)"))
            }
            configuration.additionalTrustRoots = [.file(caFile)]
        }
        if options.insecure { configuration.certificateVerification = .none }
        do {
            return .success(try NIOSSLContext(configuration: configuration))
        } catch {
            let what = options.caFile.map { "caFile \($0)" } ?? "the system's trust roots"
            return .failure(DeliveryError(retryable: false, "cannot set up TLS for SMTP with \(what): \(error)"))
        }
    }

    /// gethostname(2), never a DNS lookup (Foundation's host name may resolve it); an
    /// unusable name becomes `localhost`.
    static func localHostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let usable = !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
        return usable ? name : "localhost"
    }

    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    static func connectFailure(_ error: any Error, peer: String, limit: Duration) -> DeliveryError {
        if case ChannelError.connectTimeout = error {
            return DeliveryError(retryable: true, "could not connect to SMTP server \(peer) within \(SMTPDialogue.format(limit))")
        }
        if let io = error as? IOError, io.errnoCode == ECONNREFUSED {
            return DeliveryError(retryable: true, "SMTP server \(peer) refused the connection")
        }
        if let connect = error as? NIOConnectionError {
            if connect.connectionErrors.contains(where: { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }) {
                return DeliveryError(retryable: true, "SMTP server \(peer) refused the connection")
            }
            if let dns = connect.dnsAAAAError ?? connect.dnsAError {
                return DeliveryError(retryable: true, "cannot resolve SMTP server \(peer): \(dns)")
            }
        }
        return DeliveryError(retryable: true, "cannot connect to SMTP server \(peer): \(error)")
    }
}

/// The pipeline's end: reads replies, feeds them to the dialogue and does what it says;
/// puts TLS in front on STARTTLS; completes the promise exactly once, on the outcome, a
/// close, an error or the deadline. Event-loop confined, like every handler.
private final class SMTPClientChannelHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var dialogue: SMTPDialogue
    private let promise: EventLoopPromise<SMTPDeliveryReport>
    private let deadline: NIODeadline
    private let limit: Duration
    private let tlsContext: NIOSSLContext?
    private let serverHostname: String?
    private let peer: String
    private var buffer: [UInt8] = []
    private var awaitingTLS = false
    /// Implicit TLS: the handshake before the greeting, which the dialogue does not ask for.
    private var implicitHandshake: Bool
    private var finished = false
    private var timer: Scheduled<Void>?

    init(
        dialogue: SMTPDialogue, promise: EventLoopPromise<SMTPDeliveryReport>, deadline: NIODeadline, limit: Duration,
        tlsContext: NIOSSLContext?, serverHostname: String?, peer: String, implicitTLS: Bool
    ) {
        implicitHandshake = implicitTLS
        awaitingTLS = implicitTLS
        self.dialogue = dialogue
        self.promise = promise
        self.deadline = deadline
        self.limit = limit
        self.tlsContext = tlsContext
        self.serverHostname = serverHostname
        self.peer = peer
    }

    /// Until the connection is up, the bootstrap's connect timeout bounds the attempt;
    /// from then on this timer, at the same deadline.
    func channelActive(context: ChannelHandlerContext) {
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            finish(context, .failure(dialogue.timedOut(after: limit)), quit: false)
        }
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        if !finished {
            finished = true
            promise.fail(DeliveryError(retryable: true, "SMTP connection to \(peer) ended before the session did"))
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        buffer += bytes.readBytes(length: bytes.readableBytes) ?? []
        while !finished && !awaitingTLS {
            let parsed: (reply: SMTPReply, consumed: Int)?
            do {
                parsed = try SMTPReply.parse(buffer)
            } catch {
                finish(context, .failure(dialogue.unreadable(error)), quit: false)
                return
            }
            guard let parsed else { return }
            buffer.removeFirst(parsed.consumed)
            perform(dialogue.receive(parsed.reply), context: context)
        }
        if awaitingTLS && !buffer.isEmpty {
            // RFC 3207 5: bytes after the 220 to STARTTLS came in plain text and could be
            // an attacker's; they must not be read as if they came through TLS.
            let error = DeliveryError(
                retryable: false, "SMTP server \(peer) sent data after its reply to STARTTLS; refusing to go on")
            finish(context, .failure(error), quit: false)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if awaitingTLS, let tls = event as? TLSUserEvent, case .handshakeCompleted = tls {
            awaitingTLS = false
            if implicitHandshake {
                implicitHandshake = false  // the greeting comes next, inside TLS
            } else {
                perform(dialogue.tlsEstablished(), context: context)
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !finished { finish(context, .failure(dialogue.connectionClosed()), quit: false) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !finished else { return }
        let failure: DeliveryError
        if awaitingTLS {
            failure = Self.tlsFailure(error, peer: peer)
        } else {
            failure = DeliveryError(retryable: true, "SMTP connection to \(peer) failed (waiting for \(dialogue.waitingFor)): \(error)")
        }
        finish(context, .failure(failure), quit: false)
    }

    private func perform(_ action: SMTPDialogue.Action, context: ChannelHandlerContext) {
        switch action {
        case .send(let bytes):
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
        case .startTLS:
            awaitingTLS = true
            guard let tlsContext else {
                // The dialogue only asks for TLS when the mode allows it, and then the
                // receiver made a context; this is a wiring mistake, said plainly.
                finish(context, .failure(DeliveryError(retryable: false, "STARTTLS needed but TLS is not set up")), quit: false)
                return
            }
            do {
                let tls = try NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname)
                try context.pipeline.syncOperations.addHandler(tls, position: .first)
            } catch {
                finish(context, .failure(Self.tlsFailure(error, peer: peer)), quit: false)
            }
        case .finish(let result, let quit):
            finish(context, result, quit: quit)
        }
    }

    private func finish(_ context: ChannelHandlerContext, _ result: Result<SMTPDeliveryReport, DeliveryError>, quit: Bool) {
        guard !finished else { return }
        finished = true
        timer?.cancel()
        promise.completeWith(result.mapError { $0 as any Error })
        if quit && context.channel.isActive {
            // Best effort and without waiting for 221: the outcome is decided.
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: "QUIT\r\n")))
                .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        } else {
            context.close(promise: nil)
        }
    }

    /// A certificate the client does not trust will still be there on the next attempt:
    /// not retryable, so the delivery fails visibly and someone fixes caFile or the
    /// server. Anything else (a reset mid-handshake) may pass.
    static func tlsFailure(_ error: any Error, peer: String) -> DeliveryError {
        var text = "\(error)"
        // BoringSSL's text carries error numbers and its source path; its reason codes
        // (CERTIFICATE_VERIFY_FAILED, ...) are what a person needs.
        let reasons = text.matches(of: /OPENSSL_internal:([A-Z0-9_]+)/).map { String($0.output.1) }
        if !reasons.isEmpty { text = reasons.joined(separator: ", ") }
        let certificate =
            text.contains("CERTIFICATE") || (error as? NIOSSLExtraError) == .failedToValidateHostname
        let why = certificate ? "the server's certificate is not trusted: " : ""
        return DeliveryError(retryable: !certificate, "TLS handshake with SMTP server \(peer) failed: \(why)\(text)")
    }
}
