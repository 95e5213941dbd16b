import Foundation
import NetsightModel

/// The client side of one SMTP session (RFC 5321, STARTTLS per RFC 3207, AUTH per
/// RFC 4954) as a pure state machine: it is fed the server's replies and answers with
/// what to do next. The NIO adapter (`EmailReceiver`) only moves bytes, so every step and
/// every failure is testable without a server.
///
/// The order: greeting, EHLO (HELO when EHLO is refused with 5xx), STARTTLS as the
/// mode says, EHLO again inside TLS (RFC 3207 4.2: what was learnt before TLS is
/// forgotten), AUTH when credentials are set, MAIL FROM, RCPT TO for each recipient, DATA,
/// the message, QUIT. One command at a time (no PIPELINING): a handful of round trips is
/// nothing for an alert, and a reply is always matched to the command it answers.
public struct SMTPDialogue: Sendable {
    /// What to send and to whom.
    public struct Envelope: Sendable, Hashable {
        /// The EHLO name.
        public var hello: String
        /// The reverse-path, a bare address (`alerts@example.com`).
        public var from: String
        /// Forward-paths, bare addresses, in the order they are sent.
        public var recipients: [String]
        /// The message as it goes after DATA: CRLF lines, dot-stuffed, ending in
        /// `CRLF.CRLF` (`EmailMessage.dataBytes`).
        public var data: [UInt8]

        public init(hello: String, from: String, recipients: [String], data: [UInt8]) {
            self.hello = hello
            self.from = from
            self.recipients = recipients
            self.data = data
        }
    }

    public struct Credentials: Sendable, Hashable {
        public var username: String
        public var password: String

        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }
    }

    public enum Action: Sendable, Hashable {
        /// Write these bytes, then wait for the next reply.
        case send([UInt8])
        /// Put TLS in front of the connection now and call `tlsEstablished()` once the
        /// handshake is done. Bytes the server sent after its 220 must be discarded
        /// (RFC 3207 5: they could be injected by an attacker before TLS).
        case startTLS
        /// The session is over. With `sendQuit`, write `QUIT` and close without waiting
        /// for its reply (the outcome no longer depends on it); otherwise close at once
        /// (the server said 421, or it is not speaking SMTP).
        case finish(Result<SMTPDeliveryReport, DeliveryError>, sendQuit: Bool)
    }

    private enum State: Sendable, Hashable {
        case greeting
        case ehlo
        case helo
        case startTLS
        case tlsHandshake
        /// The initial response went with the command; `answeredChallenge` once a server
        /// that ignored it asked again with an empty 334.
        case authPlain(answeredChallenge: Bool)
        /// 0: `AUTH LOGIN` sent; 1: the user name sent; 2: the password sent.
        case authLogin(step: Int)
        case mailFrom
        case rcptTo(index: Int)
        case data
        case message
        case finished
    }

    private let envelope: Envelope
    private let mode: EmailReceiverOptions.TLSMode
    private let credentials: Credentials?
    private var state = State.greeting
    private var extensions = SMTPExtensions()
    private var tlsActive = false
    /// The server refused STARTTLS in opportunistic mode: go on in plain text, once.
    private var startTLSDeclined = false
    private var authMechanism: String?
    private var accepted: [String] = []
    private var rejected: [SMTPDeliveryReport.Rejection] = []

    /// - Throws: a non-retryable `DeliveryError` when an address or the EHLO name could
    ///   smuggle a command into the session (CR, LF, angle brackets, spaces) or needs
    ///   SMTPUTF8, which this client does not speak.
    public init(envelope: Envelope, tls mode: EmailReceiverOptions.TLSMode, credentials: Credentials?) throws(DeliveryError) {
        try Self.check(envelope.from, role: "sender address")
        guard !envelope.recipients.isEmpty else { throw DeliveryError(retryable: false, "no recipient addresses") }
        for address in envelope.recipients { try Self.check(address, role: "recipient address") }
        try Self.check(envelope.hello, role: "EHLO name")
        self.envelope = envelope
        self.mode = mode
        self.credentials = credentials
        // Implicit TLS: the channel is wrapped in TLS before the greeting arrives.
        tlsActive = mode == .tls
    }

    private static func check(_ text: String, role: String) throws(DeliveryError) {
        let bad = text.isEmpty || text.unicodeScalars.contains { !$0.isASCII || $0.value <= 32 || $0.value == 127 || $0 == "<" || $0 == ">" }
        if bad { throw DeliveryError(retryable: false, "invalid \(role) \"\(text)\" (ASCII without spaces or angle brackets)") }
    }

    /// What the session waits for now, for a timeout or a closed connection's message.
    public var waitingFor: String {
        switch state {
        case .greeting: "the greeting"
        case .tlsHandshake: "the TLS handshake"
        case .message: "the reply to the message"
        case .finished: "nothing"
        default: "the reply to \(step)"
        }
    }

    /// The command in flight, as errors name it.
    private var step: String {
        switch state {
        case .greeting: "the greeting"
        case .ehlo: "EHLO"
        case .helo: "HELO"
        case .startTLS, .tlsHandshake: "STARTTLS"
        case .authPlain: "AUTH PLAIN"
        case .authLogin: "AUTH LOGIN"
        case .mailFrom: "MAIL FROM:<\(envelope.from)>"
        case .rcptTo(let index): "RCPT TO:<\(envelope.recipients[index])>"
        case .data: "DATA"
        case .message: "the message"
        case .finished: "QUIT"
        }
    }

    /// The next action after one complete reply.
    public mutating func receive(_ reply: SMTPReply) -> Action {
        if reply.code == 421 {
            // RFC 5321 3.8: the server is shutting this session down; QUIT would be
            // written into a closing connection.
            return fail(retryable: true, "SMTP server is closing the connection (at \(step)): \(reply)", quit: false)
        }
        switch state {
        case .greeting:
            guard reply.code == 220 else { return rejectedOrUnexpected(reply) }
            return sendEHLO()
        case .ehlo:
            if reply.isPermanent {
                state = .helo
                return command("HELO \(envelope.hello)")
            }
            guard reply.code == 250 else { return rejectedOrUnexpected(reply) }
            extensions = SMTPExtensions(ehlo: reply)
            return afterHello()
        case .helo:
            guard reply.code == 250 else { return rejectedOrUnexpected(reply) }
            extensions = SMTPExtensions()
            return afterHello()
        case .startTLS:
            if reply.code == 220 {
                state = .tlsHandshake
                return .startTLS
            }
            if mode == .opportunistic && (reply.isTransient || reply.isPermanent) {
                // Opportunistic means best effort: the session is as it was after EHLO.
                startTLSDeclined = true
                return afterHello()
            }
            return rejectedOrUnexpected(reply)
        case .tlsHandshake:
            return fail(retryable: false, "SMTP server sent \(reply) during the TLS handshake", quit: false)
        case .authPlain(let answeredChallenge):
            if reply.code == 235 { return sendMailFrom() }
            if reply.code == 334 && !answeredChallenge, let credentials {
                // The server did not take the initial response and asks for it.
                state = .authPlain(answeredChallenge: true)
                return command(Self.plainResponse(credentials))
            }
            return rejectedOrUnexpected(reply)
        case .authLogin(let step):
            if reply.code == 235 && step == 2 { return sendMailFrom() }
            guard reply.code == 334, step < 2, let credentials else { return rejectedOrUnexpected(reply) }
            state = .authLogin(step: step + 1)
            return command(Self.base64(step == 0 ? credentials.username : credentials.password))
        case .mailFrom:
            guard reply.code == 250 else { return rejectedOrUnexpected(reply) }
            return sendRecipient(0)
        case .rcptTo(let index):
            if reply.code == 250 || reply.code == 251 {
                accepted.append(envelope.recipients[index])
            } else if reply.isTransient || reply.isPermanent {
                rejected.append(.init(address: envelope.recipients[index], reply: reply))
            } else {
                return rejectedOrUnexpected(reply)
            }
            if index + 1 < envelope.recipients.count { return sendRecipient(index + 1) }
            guard !accepted.isEmpty else {
                let retryable = rejected.contains { $0.reply.isTransient }
                return fail(retryable: retryable, rejected.map(\.message).joined(separator: "; "), quit: true)
            }
            state = .data
            return command("DATA")
        case .data:
            guard reply.code == 354 else { return rejectedOrUnexpected(reply) }
            state = .message
            return .send(envelope.data)
        case .message:
            guard reply.code == 250 else { return rejectedOrUnexpected(reply) }
            state = .finished
            let report = SMTPDeliveryReport(
                accepted: accepted, rejected: rejected, tls: tlsActive, authMechanism: authMechanism, finalReply: reply)
            return .finish(.success(report), sendQuit: true)
        case .finished:
            return fail(retryable: false, "SMTP server sent \(reply) after the session ended", quit: false)
        }
    }

    /// The TLS handshake after STARTTLS finished: greet again inside TLS.
    public mutating func tlsEstablished() -> Action {
        guard state == .tlsHandshake else {
            return fail(retryable: false, "TLS came up while waiting for \(waitingFor)", quit: false)
        }
        tlsActive = true
        extensions = SMTPExtensions()
        return sendEHLO()
    }

    /// The server closed the connection before the session ended.
    public mutating func connectionClosed() -> DeliveryError {
        let error = DeliveryError(retryable: true, "SMTP server closed the connection (waiting for \(waitingFor))")
        state = .finished
        return error
    }

    /// The attempt's time ran out; `limit` is the attempt's timeout as configured.
    public mutating func timedOut(after limit: Duration) -> DeliveryError {
        let error = DeliveryError(
            retryable: true, "SMTP server did not answer within \(Self.format(limit)) (waiting for \(waitingFor))")
        state = .finished
        return error
    }

    /// The server's bytes are not an SMTP reply: most likely the smarthost names a port
    /// where something else listens, which a retry will not change.
    public mutating func unreadable(_ error: SMTPReply.ParseError) -> DeliveryError {
        let result = DeliveryError(
            retryable: false, "unreadable answer from the SMTP server (waiting for \(waitingFor)): \(error)")
        state = .finished
        return result
    }

    // MARK: - Steps

    private mutating func sendEHLO() -> Action {
        state = .ehlo
        return command("EHLO \(envelope.hello)")
    }

    /// After EHLO or HELO: STARTTLS if the mode wants it, else AUTH or MAIL FROM.
    private mutating func afterHello() -> Action {
        if !tlsActive && !startTLSDeclined {
            switch mode {
            case .starttls:
                guard extensions.startTLS else {
                    let why = state == .helo ? "does not support EHLO, so it cannot offer STARTTLS" : "does not offer STARTTLS"
                    return fail(
                        retryable: false, "SMTP server \(why); refusing to send without TLS (tls: starttls)", quit: true)
                }
                state = .startTLS
                return command("STARTTLS")
            case .opportunistic where extensions.startTLS:
                state = .startTLS
                return command("STARTTLS")
            case .opportunistic, .none, .tls:
                break
            }
        }
        guard let credentials else { return sendMailFrom() }
        guard tlsActive else {
            let why =
                switch mode {
                case .none, .tls: "tls is none"
                case _ where startTLSDeclined: "the server refused STARTTLS"
                default: "the server does not offer STARTTLS"
                }
            return fail(retryable: false, "refusing to send SMTP credentials without TLS (\(why))", quit: true)
        }
        let offered = extensions.authMechanisms
        if offered.contains("PLAIN") {
            state = .authPlain(answeredChallenge: false)
            authMechanism = "PLAIN"
            return command("AUTH PLAIN \(Self.plainResponse(credentials))")
        }
        if offered.contains("LOGIN") {
            state = .authLogin(step: 0)
            authMechanism = "LOGIN"
            return command("AUTH LOGIN")
        }
        if offered.isEmpty {
            // As Alertmanager does: a relay that does not ask for AUTH (it trusts the
            // client's address) still gets the mail; it says so at MAIL FROM if it minds.
            return sendMailFrom()
        }
        let list = offered.sorted().joined(separator: " ")
        return fail(retryable: false, "SMTP server offers AUTH \(list) but not PLAIN or LOGIN", quit: true)
    }

    private mutating func sendMailFrom() -> Action {
        var line = "MAIL FROM:<\(envelope.from)>"
        if let limit = extensions.sizeLimit {
            if limit > 0 && envelope.data.count > limit {
                return fail(
                    retryable: false,
                    "message is \(envelope.data.count) bytes but the SMTP server takes at most \(limit) (SIZE)",
                    quit: true)
            }
            // RFC 1870: declaring the size lets a full server refuse before the data is sent.
            line += " SIZE=\(envelope.data.count)"
        }
        state = .mailFrom
        return command(line)
    }

    private mutating func sendRecipient(_ index: Int) -> Action {
        state = .rcptTo(index: index)
        return command("RCPT TO:<\(envelope.recipients[index])>")
    }

    /// 4xx: retryable; 5xx: not; anything else is a server out of step with the protocol.
    private mutating func rejectedOrUnexpected(_ reply: SMTPReply) -> Action {
        if reply.isTransient || reply.isPermanent {
            let what = state == .greeting ? "the connection" : step
            return fail(retryable: reply.isTransient, "SMTP server rejected \(what): \(reply)", quit: true)
        }
        return fail(retryable: false, "SMTP server answered \(step) with an unexpected \(reply)", quit: true)
    }

    private mutating func fail(retryable: Bool, _ message: String, quit: Bool) -> Action {
        state = .finished
        return .finish(.failure(DeliveryError(retryable: retryable, message)), sendQuit: quit)
    }

    private func command(_ text: String) -> Action { .send(Array((text + "\r\n").utf8)) }

    /// RFC 4616: authorization identity (empty), NUL, user, NUL, password.
    private static func plainResponse(_ credentials: Credentials) -> String {
        Data(([0] + Array(credentials.username.utf8) + [0] + Array(credentials.password.utf8))).base64EncodedString()
    }

    private static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// "5 s", "1.5 s", "250 ms": the timeout as a person wrote it.
    static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        if millis < 1000 { return "\(millis) ms" }
        if millis % 1000 == 0 { return "\(millis / 1000) s" }
        return "\(Double(millis) / 1000) s"
    }
}

/// What a successful session achieved.
public struct SMTPDeliveryReport: Sendable, Hashable {
    public struct Rejection: Sendable, Hashable {
        public var address: String
        public var reply: SMTPReply

        public init(address: String, reply: SMTPReply) {
            self.address = address
            self.reply = reply
        }

        /// "SMTP server rejected RCPT TO:<x@y>: 550 5.1.1 no such user".
        public var message: String { "SMTP server rejected RCPT TO:<\(address)>: \(reply)" }
    }

    /// Recipients the server took the message for.
    public var accepted: [String]
    /// Recipients it refused; the message still went to the accepted ones.
    public var rejected: [Rejection]
    /// Whether the message went inside TLS.
    public var tls: Bool
    /// The AUTH mechanism used, nil without AUTH.
    public var authMechanism: String?
    /// The reply to the message (`250 OK queued as ...`).
    public var finalReply: SMTPReply

    public init(accepted: [String], rejected: [Rejection], tls: Bool, authMechanism: String?, finalReply: SMTPReply) {
        self.accepted = accepted
        self.rejected = rejected
        self.tls = tls
        self.authMechanism = authMechanism
        self.finalReply = finalReply
    }

    /// Some recipients refused while others got the message: an error to make the bad
    /// address visible, not retryable because a retry would send the message again to
    /// everyone who already has it. Nil when every recipient was accepted.
    public var partialFailure: DeliveryError? {
        guard !rejected.isEmpty else { return nil }
        let message = "delivered to \(accepted.joined(separator: ", ")) but "
            + rejected.map(\.message).joined(separator: "; ")
        return DeliveryError(retryable: false, message)
    }
}
