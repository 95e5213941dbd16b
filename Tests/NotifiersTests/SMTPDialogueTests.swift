import Foundation
import NetsightModel
import Testing

@testable import Notifiers

@Suite struct SMTPReplyParsingTests {
    private func parse(_ text: String) throws -> (reply: SMTPReply, consumed: Int)? {
        try SMTPReply.parse(Array(text.utf8))
    }

    @Test func singleLine() throws {
        let parsed = try #require(try parse("220 mail.example.com ESMTP Postfix\r\n"))
        #expect(parsed.reply.code == 220)
        #expect(parsed.reply.lines == ["mail.example.com ESMTP Postfix"])
        #expect(parsed.consumed == 36)
        #expect(parsed.reply.description == "220 mail.example.com ESMTP Postfix")
    }

    @Test func multiLineStopsAtTheLastLineAndLeavesTheRest() throws {
        let text = "250-mail.example.com\r\n250-PIPELINING\r\n250 8BITMIME\r\n354 go ahead\r\n"
        let parsed = try #require(try parse(text))
        #expect(parsed.reply.code == 250)
        #expect(parsed.reply.lines == ["mail.example.com", "PIPELINING", "8BITMIME"])
        #expect(parsed.consumed == text.utf8.count - "354 go ahead\r\n".utf8.count)
        let rest = Array(text.utf8)[parsed.consumed...]
        #expect(try SMTPReply.parse(rest)?.reply == SMTPReply(code: 354, lines: ["go ahead"]))
    }

    @Test func incompleteRepliesNeedMoreBytes() throws {
        #expect(try parse("") == nil)
        #expect(try parse("220 mail.exa") == nil)
        #expect(try parse("250-mail.example.com\r\n250-SIZE 100\r\n") == nil)
        #expect(try parse("250 OK\r") == nil)
    }

    @Test func bareCodeAndBareLineFeed() throws {
        #expect(try parse("250\r\n")?.reply == SMTPReply(code: 250, lines: [""]))
        #expect(try parse("250\r\n")?.reply.description == "250")
        #expect(try parse("221 bye\n")?.reply == SMTPReply(code: 221, lines: ["bye"]))
    }

    @Test(arguments: [
        ("HTTP/1.1 400 Bad Request\r\n", "not an SMTP reply line"),
        ("22 short\r\n", "not an SMTP reply line"),
        ("250_OK\r\n", "not an SMTP reply line"),
        ("650 no such class\r\n", "not an SMTP reply line"),
        ("250-first\r\n251 second\r\n", "changes its code from 250 to 251"),
    ])
    func malformedRepliesAreErrors(text: String, expected: String) {
        do {
            _ = try SMTPReply.parse(Array(text.utf8))
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.description.contains(expected), "\(error)")
        }
    }

    @Test func aLineWithoutEndIsBounded() throws {
        let endless = [UInt8](repeating: UInt8(ascii: "2"), count: SMTPReply.maximumLineLength + 1)
        #expect(throws: SMTPReply.ParseError.self) { _ = try SMTPReply.parse(endless) }
        let almost = [UInt8](repeating: UInt8(ascii: "2"), count: SMTPReply.maximumLineLength)
        #expect(try SMTPReply.parse(almost) == nil)
    }

    @Test func ehloKeywords() throws {
        let text = """
            250-mail.example.com Hello client\r
            250-SIZE 10240000\r
            250-8bitmime\r
            250-STARTTLS\r
            250-AUTH PLAIN login\r
            250-AUTH=CRAM-MD5\r
            250 ENHANCEDSTATUSCODES\r

            """
        let reply = try #require(try parse(text)).reply
        let extensions = SMTPExtensions(ehlo: reply)
        #expect(extensions.startTLS)
        #expect(extensions.eightBitMIME)
        #expect(extensions.sizeLimit == 10_240_000)
        #expect(extensions.authMechanisms == ["PLAIN", "LOGIN", "CRAM-MD5"])
        #expect(extensions.keywords["ENHANCEDSTATUSCODES"] == [])
        // The greeting line is not a keyword.
        #expect(extensions.keywords["MAIL.EXAMPLE.COM"] == nil)
    }

    @Test func ehloWithoutExtensions() throws {
        let extensions = SMTPExtensions(ehlo: try #require(try parse("250 mail.example.com\r\n")).reply)
        #expect(!extensions.startTLS)
        #expect(extensions.authMechanisms.isEmpty)
        #expect(extensions.sizeLimit == nil)
        #expect(extensions.keywords.isEmpty)
    }
}

/// Plays a server's side against the dialogue: each reply (text, parsed with the real
/// parser) in turn, recording what the client sent.
private struct Conversation {
    var dialogue: SMTPDialogue
    /// Commands as text (without CRLF); `<TLS>` marks the handshake, `<DATA n bytes>` the
    /// message.
    var sent: [String] = []
    var outcome: Result<SMTPDeliveryReport, DeliveryError>?
    var sendQuit: Bool?
    static let data = Array("Subject: test\r\n\r\nhello\r\n.\r\n".utf8)

    init(
        tls: EmailReceiverOptions.TLSMode = .none, credentials: SMTPDialogue.Credentials? = nil,
        recipients: [String] = ["ops@example.com"], data: [UInt8] = Conversation.data
    ) throws {
        let envelope = SMTPDialogue.Envelope(
            hello: "netsight.example.com", from: "alerts@example.com", recipients: recipients, data: data)
        dialogue = try SMTPDialogue(envelope: envelope, tls: tls, credentials: credentials)
    }

    /// Feeds replies until the dialogue finishes or the replies run out.
    mutating func play(_ replies: [String]) {
        for text in replies {
            guard outcome == nil else {
                Issue.record("reply \(text) left over after the session finished")
                return
            }
            let reply: SMTPReply
            do {
                let parsed = try #require(try SMTPReply.parse(Array(text.utf8)))
                #expect(parsed.consumed == text.utf8.count)
                reply = parsed.reply
            } catch {
                Issue.record("bad test reply \(text): \(error)")
                return
            }
            var action = dialogue.receive(reply)
            if case .startTLS = action {
                sent.append("<TLS>")
                action = dialogue.tlsEstablished()
            }
            handle(action)
        }
    }

    private mutating func handle(_ action: SMTPDialogue.Action) {
        switch action {
        case .send(let bytes):
            if bytes == dialogueData {
                sent.append("<DATA \(bytes.count) bytes>")
            } else {
                #expect(bytes.suffix(2) == [13, 10])
                sent.append(String(decoding: bytes.dropLast(2), as: UTF8.self))
            }
        case .startTLS:
            Issue.record("handled in play")
        case .finish(let result, let quit):
            outcome = result
            sendQuit = quit
        }
    }

    private var dialogueData: [UInt8] { Conversation.data }

    var error: DeliveryError? {
        if case .failure(let error) = outcome { return error }
        return nil
    }

    var report: SMTPDeliveryReport? {
        if case .success(let report) = outcome { return report }
        return nil
    }
}

private let greeting = "220 mail.example.com ESMTP\r\n"
private let ehloPlain = "250-mail.example.com\r\n250-PIPELINING\r\n250 8BITMIME\r\n"
private let ehloStartTLS = "250-mail.example.com\r\n250-STARTTLS\r\n250 8BITMIME\r\n"
private let ehloAuth = "250-mail.example.com\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n"
private let ok = "250 2.0.0 OK\r\n"
private let goAhead = "354 End data with <CR><LF>.<CR><LF>\r\n"
private let queued = "250 2.0.0 Ok: queued as 4Fq1\r\n"

@Suite struct SMTPDialogueTests {
    @Test func plainDeliveryToTwoRecipients() throws {
        var c = try Conversation(recipients: ["ops@example.com", "noc@example.com"])
        c.play([greeting, ehloPlain, ok, ok, ok, goAhead, queued])
        #expect(
            c.sent == [
                "EHLO netsight.example.com", "MAIL FROM:<alerts@example.com>", "RCPT TO:<ops@example.com>",
                "RCPT TO:<noc@example.com>", "DATA", "<DATA \(Conversation.data.count) bytes>",
            ])
        let report = try #require(c.report)
        #expect(report.accepted == ["ops@example.com", "noc@example.com"])
        #expect(report.rejected.isEmpty)
        #expect(report.partialFailure == nil)
        #expect(!report.tls)
        #expect(report.authMechanism == nil)
        #expect(report.finalReply.description == "250 2.0.0 Ok: queued as 4Fq1")
        #expect(c.sendQuit == true)
    }

    @Test func ehloRefusedFallsBackToHELO() throws {
        var c = try Conversation()
        c.play([greeting, "502 5.5.2 Error: command not recognized\r\n", "250 mail.example.com\r\n", ok, ok, goAhead, queued])
        #expect(Array(c.sent.prefix(3)) == ["EHLO netsight.example.com", "HELO netsight.example.com", "MAIL FROM:<alerts@example.com>"])
        #expect(c.report != nil)
    }

    @Test func ehloTransientFailureIsRetryableNotHELO() throws {
        var c = try Conversation()
        c.play([greeting, "451 4.3.0 try later\r\n"])
        #expect(c.sent == ["EHLO netsight.example.com"])
        #expect(c.error == DeliveryError(retryable: true, "SMTP server rejected EHLO: 451 4.3.0 try later"))
    }

    @Test func startTLSRequiredButNotOfferedSendsNothing() throws {
        var c = try Conversation(tls: .starttls)
        c.play([greeting, ehloPlain])
        #expect(c.sent == ["EHLO netsight.example.com"])
        let error = try #require(c.error)
        #expect(!error.retryable)
        #expect(error.message == "SMTP server does not offer STARTTLS; refusing to send without TLS (tls: starttls)")
        #expect(c.sendQuit == true)
    }

    @Test func startTLSRequiredAndServerOnlyKnowsHELO() throws {
        var c = try Conversation(tls: .starttls)
        c.play([greeting, "500 unrecognized\r\n", "250 old.example.com\r\n"])
        #expect(c.sent == ["EHLO netsight.example.com", "HELO netsight.example.com"])
        #expect(c.error?.message.contains("does not support EHLO, so it cannot offer STARTTLS") == true)
        #expect(c.error?.retryable == false)
    }

    @Test func startTLSThenEHLOAgainThenAuthPlain() throws {
        var c = try Conversation(tls: .starttls, credentials: .init(username: "user", password: "pa ss"))
        c.play([
            greeting, ehloStartTLS, "220 2.0.0 Ready to start TLS\r\n", ehloAuth, "235 2.7.0 Authentication successful\r\n",
            ok, ok, goAhead, queued,
        ])
        let plain = Data("\u{0}user\u{0}pa ss".utf8).base64EncodedString()
        #expect(
            c.sent == [
                "EHLO netsight.example.com", "STARTTLS", "<TLS>", "EHLO netsight.example.com", "AUTH PLAIN \(plain)",
                "MAIL FROM:<alerts@example.com>", "RCPT TO:<ops@example.com>", "DATA",
                "<DATA \(Conversation.data.count) bytes>",
            ])
        let report = try #require(c.report)
        #expect(report.tls)
        #expect(report.authMechanism == "PLAIN")
    }

    @Test func authPlainAnswersAnEmptyChallenge() throws {
        var c = try Conversation(tls: .starttls, credentials: .init(username: "u", password: "p"))
        c.play([greeting, ehloStartTLS, "220 go\r\n", ehloAuth, "334 \r\n", "235 ok\r\n"])
        let plain = Data("\u{0}u\u{0}p".utf8).base64EncodedString()
        #expect(Array(c.sent.suffix(3)) == ["AUTH PLAIN \(plain)", plain, "MAIL FROM:<alerts@example.com>"])
    }

    @Test func authLoginWhenOnlyLoginIsOffered() throws {
        var c = try Conversation(tls: .starttls, credentials: .init(username: "user", password: "secret"))
        c.play([
            greeting, ehloStartTLS, "220 go\r\n", "250-mail.example.com\r\n250 AUTH LOGIN\r\n", "334 VXNlcm5hbWU6\r\n",
            "334 UGFzc3dvcmQ6\r\n", "235 ok\r\n", ok, ok, goAhead, queued,
        ])
        #expect(Array(c.sent[4...7]) == ["AUTH LOGIN", "dXNlcg==", "c2VjcmV0", "MAIL FROM:<alerts@example.com>"])
        #expect(c.report?.authMechanism == "LOGIN")
    }

    @Test func wrongPasswordIsPermanentAndNamesAUTHButNotThePassword() throws {
        var c = try Conversation(tls: .starttls, credentials: .init(username: "user", password: "hunter2"))
        c.play([greeting, ehloStartTLS, "220 go\r\n", ehloAuth, "535 5.7.8 Authentication credentials invalid\r\n"])
        let error = try #require(c.error)
        #expect(!error.retryable)
        #expect(error.message == "SMTP server rejected AUTH PLAIN: 535 5.7.8 Authentication credentials invalid")
        #expect(!c.sent.contains { $0.hasPrefix("MAIL") })
    }

    @Test func authMechanismsNotSupported() throws {
        var c = try Conversation(tls: .starttls, credentials: .init(username: "u", password: "p"))
        c.play([greeting, ehloStartTLS, "220 go\r\n", "250-mail.example.com\r\n250 AUTH CRAM-MD5 XOAUTH2\r\n"])
        #expect(c.error == DeliveryError(retryable: false, "SMTP server offers AUTH CRAM-MD5 XOAUTH2 but not PLAIN or LOGIN"))
    }

    @Test func credentialsAreNeverSentInPlainText() throws {
        var none = try Conversation(tls: .none, credentials: .init(username: "u", password: "p"))
        none.play([greeting, ehloAuth])
        #expect(none.sent == ["EHLO netsight.example.com"])
        #expect(none.error == DeliveryError(retryable: false, "refusing to send SMTP credentials without TLS (tls is none)"))

        var opportunistic = try Conversation(tls: .opportunistic, credentials: .init(username: "u", password: "p"))
        opportunistic.play([greeting, ehloAuth])
        #expect(opportunistic.sent == ["EHLO netsight.example.com"])
        #expect(opportunistic.error?.message.hasSuffix("(the server does not offer STARTTLS)") == true)
    }

    @Test func opportunisticUsesTLSWhenOffered() throws {
        var c = try Conversation(tls: .opportunistic)
        c.play([greeting, ehloStartTLS, "220 go\r\n", ehloPlain, ok, ok, goAhead, queued])
        #expect(Array(c.sent.prefix(5)) == ["EHLO netsight.example.com", "STARTTLS", "<TLS>", "EHLO netsight.example.com", "MAIL FROM:<alerts@example.com>"])
        #expect(c.report?.tls == true)
    }

    @Test func opportunisticGoesOnInPlainTextWhenSTARTTLSIsRefused() throws {
        var c = try Conversation(tls: .opportunistic)
        c.play([greeting, ehloStartTLS, "454 4.7.0 TLS not available\r\n", ok, ok, goAhead, queued])
        #expect(Array(c.sent.prefix(3)) == ["EHLO netsight.example.com", "STARTTLS", "MAIL FROM:<alerts@example.com>"])
        #expect(c.report?.tls == false)
    }

    @Test func requiredSTARTTLSRefusedIsAnError() throws {
        var c = try Conversation(tls: .starttls)
        c.play([greeting, ehloStartTLS, "454 4.7.0 TLS not available\r\n"])
        #expect(c.error == DeliveryError(retryable: true, "SMTP server rejected STARTTLS: 454 4.7.0 TLS not available"))
    }

    /// Implicit TLS: the channel is TLS before the greeting, so STARTTLS is never sent
    /// (even when offered) and credentials go at once.
    @Test func implicitTLSAuthenticatesWithoutSTARTTLS() throws {
        var c = try Conversation(tls: .tls, credentials: .init(username: "u", password: "p"))
        let offered = "250-mail.example.com\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n"
        c.play([greeting, offered, "235 2.7.0 ok\r\n", ok, ok, goAhead, queued])
        let plain = Data("\u{0}u\u{0}p".utf8).base64EncodedString()
        #expect(c.sent.prefix(2) == ["EHLO netsight.example.com", "AUTH PLAIN \(plain)"])
        #expect(c.report?.tls == true && c.report?.authMechanism == "PLAIN")
    }

    @Test func modeNoneNeverStartsTLS() throws {
        var c = try Conversation(tls: .none)
        c.play([greeting, ehloStartTLS, ok, ok, goAhead, queued])
        #expect(!c.sent.contains("STARTTLS"))
        #expect(c.report?.tls == false)
    }

    @Test func aRejectedRecipientAmongSeveralIsReportedAndTheRestGetTheMessage() throws {
        var c = try Conversation(recipients: ["a@example.com", "x@y", "b@example.com"])
        c.play([greeting, ehloPlain, ok, ok, "550 5.1.1 no such user\r\n", ok, goAhead, queued])
        #expect(c.sent.contains("DATA"))
        let report = try #require(c.report)
        #expect(report.accepted == ["a@example.com", "b@example.com"])
        #expect(report.rejected.map(\.address) == ["x@y"])
        let partial = try #require(report.partialFailure)
        #expect(!partial.retryable)
        #expect(
            partial.message
                == "delivered to a@example.com, b@example.com but SMTP server rejected RCPT TO:<x@y>: 550 5.1.1 no such user")
    }

    @Test func everyRecipientRejectedPermanently() throws {
        var c = try Conversation(recipients: ["x@y", "z@y"])
        c.play([greeting, ehloPlain, ok, "550 5.1.1 no such user\r\n", "553 5.1.3 bad address\r\n"])
        #expect(!c.sent.contains("DATA"))
        #expect(
            c.error
                == DeliveryError(
                    retryable: false,
                    "SMTP server rejected RCPT TO:<x@y>: 550 5.1.1 no such user; SMTP server rejected RCPT TO:<z@y>: 553 5.1.3 bad address"
                ))
    }

    @Test func everyRecipientRejectedWithOneTransientIsRetryable() throws {
        var c = try Conversation(recipients: ["x@y", "z@y"])
        c.play([greeting, ehloPlain, ok, "550 5.1.1 no such user\r\n", "451 4.3.0 try again later\r\n"])
        #expect(c.error?.retryable == true)
    }

    /// Each step's failure: 4xx retryable, 5xx not, the step and the server's words named.
    /// `before` is what the server said up to the failing reply (nothing: the greeting fails).
    @Test(arguments: [
        ([String](), "554 5.7.1 no service for you\r\n", false, "SMTP server rejected the connection: 554 5.7.1 no service for you"),
        ([greeting, ehloPlain], "451 4.3.0 busy\r\n", true, "SMTP server rejected MAIL FROM:<alerts@example.com>: 451 4.3.0 busy"),
        ([greeting, ehloPlain], "553 5.7.1 sender rejected\r\n", false, "SMTP server rejected MAIL FROM:<alerts@example.com>: 553 5.7.1 sender rejected"),
        ([greeting, ehloPlain, ok], "550 5.1.1 no such user\r\n", false, "SMTP server rejected RCPT TO:<ops@example.com>: 550 5.1.1 no such user"),
        ([greeting, ehloPlain, ok, ok], "554 5.5.1 no valid recipients\r\n", false, "SMTP server rejected DATA: 554 5.5.1 no valid recipients"),
        ([greeting, ehloPlain, ok, ok, goAhead], "552 5.3.4 message too big\r\n", false, "SMTP server rejected the message: 552 5.3.4 message too big"),
        ([greeting, ehloPlain, ok, ok, goAhead], "452 4.3.1 insufficient storage\r\n", true, "SMTP server rejected the message: 452 4.3.1 insufficient storage"),
        ([greeting, ehloPlain], "354 what?\r\n", false, "SMTP server answered MAIL FROM:<alerts@example.com> with an unexpected 354 what?"),
    ])
    func stepFailures(before: [String], failing: String, retryable: Bool, message: String) throws {
        var c = try Conversation()
        c.play(before + [failing])
        #expect(c.error == DeliveryError(retryable: retryable, message))
        #expect(c.sendQuit == true)
    }

    @Test func serviceClosingIsRetryableAndClosesWithoutQUIT() throws {
        var c = try Conversation()
        c.play([greeting, ehloPlain, "421 4.3.2 shutting down\r\n"])
        #expect(c.error == DeliveryError(retryable: true, "SMTP server is closing the connection (at MAIL FROM:<alerts@example.com>): 421 4.3.2 shutting down"))
        #expect(c.sendQuit == false)
    }

    @Test func sizeIsDeclaredAndAnOversizedMessageIsNotSent() throws {
        let size = Conversation.data.count
        var fits = try Conversation()
        fits.play([greeting, "250-mail.example.com\r\n250 SIZE \(size)\r\n"])
        #expect(fits.sent.last == "MAIL FROM:<alerts@example.com> SIZE=\(size)")

        var unlimited = try Conversation()
        unlimited.play([greeting, "250-mail.example.com\r\n250 SIZE 0\r\n"])
        #expect(unlimited.sent.last == "MAIL FROM:<alerts@example.com> SIZE=\(size)")

        var tooBig = try Conversation()
        tooBig.play([greeting, "250-mail.example.com\r\n250 SIZE \(size - 1)\r\n"])
        #expect(tooBig.sent == ["EHLO netsight.example.com"])
        #expect(tooBig.error == DeliveryError(retryable: false, "message is \(size) bytes but the SMTP server takes at most \(size - 1) (SIZE)"))
    }

    @Test(arguments: ["ops@example.com\r\nRCPT TO:<evil@x>", "a b@example.com", "<ops@example.com>", "", "jörg@example.com"])
    func addressesThatCouldInjectCommandsAreRefused(address: String) {
        #expect(throws: DeliveryError.self) { _ = try Conversation(recipients: [address]) }
    }

    @Test func noRecipientsIsAnError() {
        #expect(throws: DeliveryError(retryable: false, "no recipient addresses")) { _ = try Conversation(recipients: []) }
    }

    @Test func timeoutsAndClosesSayWhatWasAwaited() throws {
        var fresh = try Conversation()
        #expect(
            fresh.dialogue.timedOut(after: .seconds(5))
                == DeliveryError(retryable: true, "SMTP server did not answer within 5 s (waiting for the greeting)"))

        var afterEHLO = try Conversation()
        afterEHLO.play([greeting])
        #expect(afterEHLO.dialogue.waitingFor == "the reply to EHLO")
        #expect(
            afterEHLO.dialogue.connectionClosed()
                == DeliveryError(retryable: true, "SMTP server closed the connection (waiting for the reply to EHLO)"))

        var handshake = try Conversation(tls: .starttls)
        handshake.play([greeting, ehloStartTLS])
        _ = handshake.dialogue.receive(SMTPReply(code: 220, lines: ["go"]))
        #expect(handshake.dialogue.waitingFor == "the TLS handshake")
        #expect(
            handshake.dialogue.timedOut(after: .milliseconds(1500)).message
                == "SMTP server did not answer within 1.5 s (waiting for the TLS handshake)")
        #expect(SMTPDialogue.format(.milliseconds(250)) == "250 ms")
    }

    @Test func garbageFromTheServerIsNotRetryable() throws {
        var c = try Conversation()
        let parseError: SMTPReply.ParseError
        do {
            _ = try SMTPReply.parse(Array("HTTP/1.1 400 Bad Request\r\n".utf8))
            Issue.record("parsed")
            return
        } catch {
            parseError = error
        }
        let error = c.dialogue.unreadable(parseError)
        #expect(!error.retryable)
        #expect(
            error.message
                == "unreadable answer from the SMTP server (waiting for the greeting): not an SMTP reply line: \"HTTP/1.1 400 Bad Request\"")
    }

    @Test func receiverOptionsThatCannotWorkAreFoundAtStart() {
        func check(_ options: EmailReceiverOptions) -> String? { EmailReceiver.validate(options)?.message }
        let good = EmailReceiverOptions(smarthost: "127.0.0.1:2525", from: "Netsight <a@example.com>", to: ["b@example.com"], tls: .none)
        #expect(check(good) == nil)
        var bad = good
        bad.smarthost = "mail.example.com:smtp"
        #expect(check(bad) == "invalid smarthost \"mail.example.com:smtp\" (want host:port)")
        bad = good
        bad.username = "u"
        #expect(check(bad) == "username is set but tls is none: credentials are never sent without TLS")
        bad = good
        bad.to = ["b@example.com", "c d@example.com"]
        #expect(check(bad) == "invalid recipient address \"c d@example.com\" (ASCII without spaces or angle brackets)")
        bad = good
        bad.tls = .starttls
        bad.caFile = "/nonexistent/ca.pem"
        #expect(check(bad) == "cannot read caFile /nonexistent/ca.pem")
    }

    @Test(arguments: [
        ("mail.example.com:587", "mail.example.com", 587), ("mail.example.com", "mail.example.com", 25),
        ("[::1]:2525", "::1", 2525), ("127.0.0.1:25", "127.0.0.1", 25),
    ])
    func smarthosts(text: String, host: String, port: Int) throws {
        let parsed = try EmailReceiver.parseSmarthost(text).get()
        #expect(parsed.host == host)
        #expect(parsed.port == port)
    }
}
