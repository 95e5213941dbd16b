import Foundation
import NIOPosix
import NetsightModel
import Notifiers
import Testing

/// The email receiver against a real SMTP server (aiosmtpd via scripts/peers/smtp_sink.py)
/// on 127.0.0.1: what arrives is read back by Python's email parser, not by ours.
@Suite(.serialized) struct EmailReceiverSMTPTests {
    static let now = Date(timeIntervalSince1970: 1_795_774_771)

    /// A root cause with two symptoms under it, and one of the symptoms.
    static func notification(id: String = "5e1f0c2a9b8d7e61") -> AlertNotification {
        let root = Alert(
            id: "00000000000000c1", rule: "DeviceDown", metric: "device_up",
            labels: LabelSet(["alertname": "DeviceDown", "device": "core-1", "site": "ldn", "severity": "critical"]),
            severity: .critical, state: .firing, value: 0, summary: "core-1 down",
            runbook: "https://wiki.netsight.test/runbooks/device-down", activeSince: now.addingTimeInterval(-180),
            firingSince: now.addingTimeInterval(-120), lastEvaluatedAt: now,
            impact: [
                AlertImpact(id: "00000000000000a3", rule: "DeviceDown", labels: LabelSet(["device": "sw-3"]), summary: "sw-3 unreachable"),
                AlertImpact(id: "00000000000000a4", rule: "DeviceDown", labels: LabelSet(["device": "sw-4"]), summary: "sw-4 unreachable"),
            ])
        let symptom = Alert(
            id: "00000000000000a3", rule: "DeviceDown", metric: "device_up",
            labels: LabelSet(["alertname": "DeviceDown", "device": "sw-3", "site": "ldn", "severity": "critical"]),
            severity: .critical, state: .firing, value: 0, summary: "sw-3 unreachable (über-switch)",
            firingSince: now.addingTimeInterval(-100), lastEvaluatedAt: now, rootCause: "00000000000000c1")
        return AlertNotification(
            id: id, receiver: "email-ops", groupKey: "{}/{site=\"ldn\"}", groupLabels: LabelSet(["site": "ldn"]),
            commonLabels: LabelSet(["site": "ldn", "alertname": "DeviceDown"]), kind: .alert, status: .firing,
            alerts: [root, symptom], createdAt: now)
    }

    static func receiver(_ options: EmailReceiverOptions, timeout: Duration = .seconds(10)) -> EmailReceiver {
        EmailReceiver(
            name: "email-ops", options: options, timeout: timeout, externalURL: "https://netsight.example.com",
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
    }

    /// Runs one attempt and returns its error, nil when it was delivered.
    static func attempt(_ receiver: EmailReceiver, _ notification: AlertNotification = notification()) async -> DeliveryError? {
        do throws(DeliveryError) {
            try await receiver.deliver(notification)
            return nil
        } catch {
            return error
        }
    }

    @Test func plainDeliveryIsReadBackByPython() async throws {
        let dir = try Peers.temporaryDirectory("smtp-plain")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard let sink = try SMTPSink.start([], directory: dir) else { return }
        defer { sink.stop() }
        let receiver = Self.receiver(
            EmailReceiverOptions(
                smarthost: sink.smarthost, from: "Netsight <alerts@netsight.test>", to: ["ops@netsight.test"], tls: .none,
                hello: "netsight.test"))

        let error = await Self.attempt(receiver)
        #expect(error == nil, "\(String(describing: error))\n\(sink.log)")
        let messages = try sink.messages()
        try #require(messages.count == 1, "\(sink.log)")
        let m = messages[0]
        #expect(m.mailFrom == "alerts@netsight.test")
        #expect(m.rcptTos == ["ops@netsight.test"])
        #expect(m.helo == "netsight.test")
        #expect(!m.tls)
        #expect(m.defects.isEmpty)
        #expect(m.subject == "[FIRING:2] core-1 down — site=ldn")
        #expect(m.messageId == "<netsight.5e1f0c2a9b8d7e61@netsight.test>")
        #expect(m.header("X-Netsight-Idempotency-Key") == "5e1f0c2a9b8d7e61")
        #expect(m.header("From") == "Netsight <alerts@netsight.test>")
        // The Date header is the time of sending, checked against Foundation's formatter.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        let sent = try #require(m.header("Date").flatMap(formatter.date(from:)), "\(m.header("Date") ?? "no Date")")
        #expect(abs(sent.timeIntervalSinceNow) < 60)
        #expect(m.contentType == "text/plain")
        #expect(m.charset == "utf-8")
        let body = try #require(m.body)
        #expect(body.hasPrefix("Alerts: 2 firing for site=ldn\n"))
        #expect(body.contains("[FIRING] core-1 down\n"))
        #expect(body.contains("impact:      2 alerts suppressed under this root cause\n"))
        #expect(body.contains("DeviceDown {device=\"sw-3\"}: sw-3 unreachable\n"))
        #expect(body.contains("DeviceDown {device=\"sw-4\"}: sw-4 unreachable\n"))
        #expect(body.contains("[FIRING] sw-3 unreachable (über-switch)\n"))
        #expect(body.contains("root cause:  core-1 down (alert 00000000000000c1)\n"))
        #expect(body.contains("runbook:     https://wiki.netsight.test/runbooks/device-down\n"))
        #expect(body.contains("details:     https://netsight.example.com/alerts/00000000000000c1\n"))
        // On the wire: 7-bit, CRLF only, lines within RFC 5322's 78.
        #expect(m.raw.utf8.allSatisfy { $0 < 128 })
        #expect(!m.raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(m.raw.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })

        // A retry of the same notification is the same message to the recipient's system.
        #expect(await Self.attempt(receiver) == nil)
        let again = try sink.messages()
        try #require(again.count == 2)
        #expect(again[1].messageId == m.messageId)
    }

    @Test func startTLSWithAuthPlainAndACustomCA() async throws {
        let dir = try Peers.temporaryDirectory("smtp-tls")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard let openssl = Peers.find("openssl") else { return }
        let pki = try TestCertificates(openssl: openssl, in: dir)
        guard
            let sink = try SMTPSink.start(
                ["--tls-cert", pki.valid.certificateFile, "--tls-key", pki.valid.keyFile, "--require-starttls",
                 "--auth", "netsight:s3cret pass"],
                directory: dir)
        else { return }
        defer { sink.stop() }
        func options(password: String, caFile: String? = pki.caFile, insecure: Bool = false) -> EmailReceiverOptions {
            EmailReceiverOptions(
                smarthost: sink.smarthost, from: "alerts@netsight.test", to: ["ops@netsight.test"], tls: .starttls,
                username: "netsight", password: password, hello: "netsight.test", caFile: caFile, insecure: insecure)
        }

        let error = await Self.attempt(Self.receiver(options(password: "s3cret pass")))
        #expect(error == nil, "\(String(describing: error))\n\(sink.log)")
        let messages = try sink.messages()
        try #require(messages.count == 1, "\(sink.log)")
        #expect(messages[0].tls)
        #expect(messages[0].authLogin == "netsight")
        #expect(messages[0].subject == "[FIRING:2] core-1 down — site=ldn")

        let wrong = try #require(await Self.attempt(Self.receiver(options(password: "wrong"))))
        #expect(!wrong.retryable)
        #expect(wrong.message.hasPrefix("SMTP server rejected AUTH PLAIN: 535"), "\(wrong)")
        #expect(!wrong.message.contains("wrong"))

        // Without the CA file the self-signed chain is not trusted: nothing is sent.
        let untrusted = try #require(await Self.attempt(Self.receiver(options(password: "s3cret pass", caFile: nil))))
        #expect(!untrusted.retryable)
        #expect(
            untrusted.message
                == "TLS handshake with SMTP server \(sink.smarthost) failed: the server's certificate is not trusted: CERTIFICATE_VERIFY_FAILED")
        // insecure skips verification on purpose.
        #expect(await Self.attempt(Self.receiver(options(password: "s3cret pass", caFile: nil, insecure: true))) == nil)
        #expect(try sink.messages().count == 2)

        let missingCA = try #require(
            await Self.attempt(Self.receiver(options(password: "s3cret pass", caFile: "\(dir)/no-such-ca.pem"))))
        #expect(missingCA == DeliveryError(retryable: false, "cannot read caFile \(dir)/no-such-ca.pem"))
    }

    /// `tls: tls` (SMTPS, RFC 8314): TLS before the greeting, then AUTH inside it; against
    /// a plain server the handshake fails and says so, and nothing is sent in clear.
    @Test func implicitTLSFromTheFirstByte() async throws {
        let dir = try Peers.temporaryDirectory("smtp-implicit")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard let openssl = Peers.find("openssl") else { return }
        let pki = try TestCertificates(openssl: openssl, in: dir)
        for sub in ["/implicit", "/plain"] { try FileManager.default.createDirectory(atPath: dir + sub, withIntermediateDirectories: true) }
        guard
            let sink = try SMTPSink.start(
                ["--tls-cert", pki.valid.certificateFile, "--tls-key", pki.valid.keyFile, "--implicit-tls", "--auth", "netsight:pw"],
                directory: dir + "/implicit"),
            let plain = try SMTPSink.start([], directory: dir + "/plain")
        else { return }
        defer {
            sink.stop()
            plain.stop()
        }
        func options(_ smarthost: String) -> EmailReceiverOptions {
            EmailReceiverOptions(
                smarthost: smarthost, from: "alerts@netsight.test", to: ["ops@netsight.test"], tls: .tls, username: "netsight",
                password: "pw", hello: "netsight.test", caFile: pki.caFile)
        }
        let error = await Self.attempt(Self.receiver(options(sink.smarthost)))
        #expect(error == nil, "\(String(describing: error))\n\(sink.log)")
        let messages = try sink.messages()
        try #require(messages.count == 1, "\(sink.log)")
        #expect(messages[0].tls && messages[0].authLogin == "netsight")

        let refused = try #require(await Self.attempt(Self.receiver(options(plain.smarthost))))
        #expect(refused.message.hasPrefix("TLS handshake with SMTP server \(plain.smarthost) failed"), "\(refused)")
        #expect(try plain.messages().isEmpty)
    }

    @Test func startTLSRequiredAgainstAServerWithoutItSendsNothing() async throws {
        let dir = try Peers.temporaryDirectory("smtp-notls")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard let sink = try SMTPSink.start([], directory: dir) else { return }
        defer { sink.stop() }
        let receiver = Self.receiver(
            EmailReceiverOptions(smarthost: sink.smarthost, from: "alerts@netsight.test", to: ["ops@netsight.test"], tls: .starttls))
        let error = try #require(await Self.attempt(receiver))
        #expect(error == DeliveryError(retryable: false, "SMTP server does not offer STARTTLS; refusing to send without TLS (tls: starttls)"))
        #expect(try sink.messages().isEmpty)

        // Opportunistic goes on without TLS against the same server.
        let opportunistic = Self.receiver(
            EmailReceiverOptions(smarthost: sink.smarthost, from: "alerts@netsight.test", to: ["ops@netsight.test"], tls: .opportunistic))
        #expect(await Self.attempt(opportunistic) == nil)
        #expect(try sink.messages().map(\.tls) == [false])
    }

    @Test func rejectedRecipients() async throws {
        let dir = try Peers.temporaryDirectory("smtp-rcpt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard
            let sink = try SMTPSink.start(
                ["--reject-rcpt", "gone@netsight.test=550", "--reject-rcpt", "busy@netsight.test=451"], directory: dir)
        else { return }
        defer { sink.stop() }
        func receiver(_ to: [String]) -> EmailReceiver {
            Self.receiver(EmailReceiverOptions(smarthost: sink.smarthost, from: "alerts@netsight.test", to: to, tls: .none))
        }

        let gone = try #require(await Self.attempt(receiver(["gone@netsight.test"])))
        #expect(gone == DeliveryError(retryable: false, "SMTP server rejected RCPT TO:<gone@netsight.test>: 550 5.1.1 no such user"))
        let busy = try #require(await Self.attempt(receiver(["busy@netsight.test"])))
        #expect(busy == DeliveryError(retryable: true, "SMTP server rejected RCPT TO:<busy@netsight.test>: 451 4.3.0 try again later"))
        #expect(try sink.messages().isEmpty)

        // One bad address among good ones: the rest get it, the bad one is reported.
        let partial = try #require(await Self.attempt(receiver(["ops@netsight.test", "gone@netsight.test", "noc@netsight.test"])))
        #expect(!partial.retryable)
        #expect(
            partial.message
                == "delivered to ops@netsight.test, noc@netsight.test but SMTP server rejected RCPT TO:<gone@netsight.test>: 550 5.1.1 no such user"
        )
        let messages = try sink.messages()
        try #require(messages.count == 1)
        #expect(messages[0].rcptTos == ["ops@netsight.test", "noc@netsight.test"])
    }

    @Test func aServerThatNeverGreetsTimesOut() async throws {
        let dir = try Peers.temporaryDirectory("smtp-hang")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard let sink = try SMTPSink.start(["--hang"], directory: dir) else { return }
        defer { sink.stop() }
        let receiver = Self.receiver(
            EmailReceiverOptions(smarthost: sink.smarthost, from: "alerts@netsight.test", to: ["ops@netsight.test"], tls: .none),
            timeout: .seconds(2))
        let clock = ContinuousClock()
        let start = clock.now
        let error = try #require(await Self.attempt(receiver))
        let elapsed = clock.now - start
        #expect(error == DeliveryError(retryable: true, "SMTP server did not answer within 2 s (waiting for the greeting)"))
        #expect(elapsed >= .milliseconds(1900))
        #expect(elapsed < .seconds(3), "took \(elapsed)")
        #expect(sink.log.contains("accepted a connection"))
    }

    @Test func aRefusedConnectionIsRetryable() async throws {
        let port = freeTCPPort()
        let receiver = Self.receiver(
            EmailReceiverOptions(smarthost: "127.0.0.1:\(port)", from: "alerts@netsight.test", to: ["ops@netsight.test"], tls: .none),
            timeout: .seconds(2))
        let error = try #require(await Self.attempt(receiver))
        #expect(error == DeliveryError(retryable: true, "SMTP server 127.0.0.1:\(port) refused the connection"))
    }
}
