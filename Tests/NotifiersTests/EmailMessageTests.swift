import Foundation
import NetsightModel
import Testing

@testable import Notifiers

/// 2026-11-27 10:19:31 UTC, a Friday.
private let now = Date(timeIntervalSince1970: 1_795_774_771)

private func alert(
    _ id: String, device: String, state: AlertState = .firing, summary: String, rootCause: String? = nil,
    impact: [AlertImpact] = [], runbook: String? = nil
) -> Alert {
    Alert(
        id: id, rule: "DeviceDown", metric: "device_up",
        labels: LabelSet(["alertname": "DeviceDown", "device": device, "site": "ldn", "severity": "critical"]),
        severity: .critical, state: state, value: 0, summary: summary, runbook: runbook,
        activeSince: now.addingTimeInterval(-180), firingSince: now.addingTimeInterval(-120),
        resolvedAt: state == .resolved ? now.addingTimeInterval(-10) : nil, lastEvaluatedAt: now, rootCause: rootCause,
        impact: impact)
}

private func notification(
    kind: AlertNotification.Kind = .alert, status: AlertNotification.Status = .firing, alerts: [Alert],
    groupLabels: LabelSet = LabelSet(["site": "ldn"])
) -> AlertNotification {
    AlertNotification(
        id: "9f2c4e1a7b3d5c60", receiver: "email-ops", groupKey: "{}/{site=\"ldn\"}", groupLabels: groupLabels,
        commonLabels: LabelSet(["site": "ldn"]), kind: kind, status: status, alerts: alerts, createdAt: now)
}

private let rootCause = alert(
    "00000000000000c1", device: "core-1", summary: "core-1 down",
    impact: [
        AlertImpact(
            id: "00000000000000a3", rule: "DeviceDown", labels: LabelSet(["device": "sw-3"]), summary: "sw-3 unreachable"),
        AlertImpact(
            id: "00000000000000a4", rule: "DeviceDown", labels: LabelSet(["device": "sw-4"]), summary: "sw-4 unreachable"),
    ], runbook: "https://wiki.example.com/runbooks/device-down")
private let symptom = alert("00000000000000a3", device: "sw-3", summary: "sw-3 unreachable", rootCause: "00000000000000c1")

private func message(_ n: AlertNotification, externalURL: String = "https://netsight.example.com") -> EmailMessage {
    EmailMessage(
        n, from: EmailMessage.Mailbox(parsing: "Netsight <alerts@example.com>"),
        to: [EmailMessage.Mailbox(parsing: "ops@example.com"), EmailMessage.Mailbox(parsing: "noc@example.com")],
        externalURL: externalURL, now: now)
}

/// Undoes quoted-printable (soft breaks, `=XX`), independently of the encoder.
private func decodeQP(_ text: String) -> String {
    var bytes: [UInt8] = []
    let input = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
    var i = 0
    while i < input.count {
        if input[i] == UInt8(ascii: "="), i + 2 < input.count, let value = UInt8(String(decoding: input[i + 1...i + 2], as: UTF8.self), radix: 16) {
            bytes.append(value)
            i += 3
        } else {
            bytes.append(input[i])
            i += 1
        }
    }
    return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
}

/// Header block and body of the rendered bytes.
private func split(_ rendered: [UInt8]) throws -> (headers: String, body: String) {
    let text = String(decoding: rendered, as: UTF8.self)
    let range = try #require(text.range(of: "\r\n\r\n"))
    return (String(text[..<range.lowerBound]), String(text[range.upperBound...]))
}

@Suite struct EmailMessageTests {
    @Test func subjectPerKind() {
        #expect(EmailMessage.subject(notification(alerts: [rootCause, symptom])) == "[FIRING:2] core-1 down — site=ldn")
        let resolved = alert("00000000000000c1", device: "core-1", state: .resolved, summary: "core-1 down")
        #expect(EmailMessage.subject(notification(status: .resolved, alerts: [resolved])) == "[RESOLVED] core-1 down — site=ldn")
        #expect(EmailMessage.subject(notification(kind: .flapping, alerts: [rootCause])) == "[FLAPPING] core-1 down — site=ldn")
        #expect(
            EmailMessage.subject(notification(kind: .flapSettled, status: .resolved, alerts: [resolved]))
                == "[FLAP SETTLED: RESOLVED] core-1 down — site=ldn")
        #expect(
            EmailMessage.subject(notification(kind: .flapSettled, alerts: [rootCause]))
                == "[FLAP SETTLED: FIRING] core-1 down — site=ldn")
        // No group labels: no dash; a firing count that leaves out resolved alerts.
        #expect(
            EmailMessage.subject(notification(alerts: [rootCause, resolved], groupLabels: LabelSet()))
                == "[FIRING:1] core-1 down")
    }

    @Test func subjectCannotCarryALineBreak() {
        let sneaky = alert("1", device: "x", summary: "down\r\nBcc: victim@example.com")
        #expect(EmailMessage.subject(notification(alerts: [sneaky])) == "[FIRING:1] down Bcc: victim@example.com — site=ldn")
    }

    @Test func headers() throws {
        let m = message(notification(alerts: [rootCause, symptom]))
        let (headers, _) = try split(m.rendered)
        #expect(headers.hasPrefix("From: Netsight <alerts@example.com>\r\nTo: ops@example.com, noc@example.com\r\nSubject: =?UTF-8?B?"))
        #expect(m.header("Date") == "Fri, 27 Nov 2026 10:19:31 +0000")
        #expect(m.header("Message-ID") == "<netsight.9f2c4e1a7b3d5c60@example.com>")
        #expect(m.header("X-Netsight-Idempotency-Key") == "9f2c4e1a7b3d5c60")
        #expect(m.header("MIME-Version") == "1.0")
        #expect(m.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(m.header("Content-Transfer-Encoding") == "quoted-printable")
        #expect(m.header("Auto-Submitted") == "auto-generated")
        #expect(headers.contains("\r\nDate: Fri, 27 Nov 2026 10:19:31 +0000\r\n"))
        #expect(headers.contains("\r\nMessage-ID: <netsight.9f2c4e1a7b3d5c60@example.com>\r\n"))
    }

    @Test func theSameNotificationIsTheSameMessageIDAtAnotherTime() {
        let n = notification(alerts: [rootCause])
        let first = message(n)
        let retry = EmailMessage(
            n, from: .init(parsing: "alerts@example.com"), to: [.init(parsing: "ops@example.com")], externalURL: "",
            now: now.addingTimeInterval(300))
        #expect(first.header("Message-ID") == retry.header("Message-ID"))
        #expect(first.header("References") == retry.header("References"))
        #expect(first.header("Date") != retry.header("Date"))
        var other = n
        other.id = "0123456789abcdef"
        #expect(message(other).header("Message-ID") == "<netsight.0123456789abcdef@example.com>")
        // Another notification for the same group threads with it.
        #expect(message(other).header("References") == first.header("References"))
    }

    @Test(arguments: [
        (0.0, "Thu, 1 Jan 1970 00:00:00 +0000"),
        (951_782_400.0, "Tue, 29 Feb 2000 00:00:00 +0000"),
        (1_795_774_771.9, "Fri, 27 Nov 2026 10:19:31 +0000"),
        (-1.0, "Wed, 31 Dec 1969 23:59:59 +0000"),
    ])
    func rfc5322Dates(seconds: Double, expected: String) {
        #expect(EmailMessage.rfc5322Date(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func nonASCIISubjectIsEncodedWordsThatDecodeBack() throws {
        let m = message(notification(alerts: [alert("1", device: "zürich-1", summary: "zürich-1 down: 東京 unreachable")]))
        let (headers, _) = try split(m.rendered)
        let lines = headers.components(separatedBy: "\r\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("Subject: ") })
        var words = [String(lines[start].dropFirst("Subject: ".count))]
        for line in lines[(start + 1)...] {
            guard line.hasPrefix(" ") else { break }
            words.append(String(line.dropFirst()))
        }
        #expect(words.count > 1)
        var decoded: [UInt8] = []
        for word in words {
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            #expect(word.count <= 75)
            let payload = word.dropFirst(10).dropLast(2)
            let bytes = try #require(Data(base64Encoded: String(payload)))
            // Each word holds whole characters: it decodes on its own.
            #expect(String(data: bytes, encoding: .utf8) != nil)
            decoded += bytes
        }
        #expect(String(decoding: decoded, as: UTF8.self) == "[FIRING:1] zürich-1 down: 東京 unreachable — site=ldn")
        for line in lines { #expect(line.utf8.count <= 78, "\(line)") }
    }

    @Test func nonASCIIDisplayNameIsEncodedButTheAddressIsNot() throws {
        let m = EmailMessage(
            notification(alerts: [rootCause]), from: .init(parsing: "Überwachung <alerts@example.com>"),
            to: [.init(parsing: "\"Ops, London\" <ops@example.com>")], externalURL: "", now: now)
        let (headers, _) = try split(m.rendered)
        let name = Data("Überwachung".utf8).base64EncodedString()
        #expect(headers.hasPrefix("From: =?UTF-8?B?\(name)?=\r\n <alerts@example.com>\r\nTo: \"Ops, London\" <ops@example.com>\r\n"))
    }

    @Test func mailboxParsing() {
        #expect(EmailMessage.Mailbox(parsing: "ops@example.com") == .init(address: "ops@example.com"))
        #expect(EmailMessage.Mailbox(parsing: " <ops@example.com> ") == .init(address: "ops@example.com"))
        #expect(EmailMessage.Mailbox(parsing: "Netsight <a@b.c>") == .init(displayName: "Netsight", address: "a@b.c"))
        #expect(EmailMessage.Mailbox(parsing: "\"Ops, \\\"NOC\\\"\" <a@b.c>") == .init(displayName: "Ops, \"NOC\"", address: "a@b.c"))
    }

    @Test func longHeadersAreFoldedAtSpaces() throws {
        let many = (1...12).map { EmailMessage.Mailbox(parsing: "team-\($0)@example.com") }
        let m = EmailMessage(notification(alerts: [rootCause]), from: .init(parsing: "a@example.com"), to: many, externalURL: "", now: now)
        let (headers, _) = try split(m.rendered)
        for line in headers.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "\(line)") }
        // Unfolding gives the header back.
        let unfolded = headers.replacingOccurrences(of: "\r\n ", with: " ")
        #expect(unfolded.contains("To: " + many.map(\.address).joined(separator: ", ") + "\r\n"))
    }

    @Test func bodyNamesEachAlertRootCauseImpactRunbookAndLink() throws {
        let m = message(notification(alerts: [rootCause, symptom]))
        let (_, encoded) = try split(m.rendered)
        let body = decodeQP(encoded)
        #expect(body == m.body)
        let expectedRoot = """
            [FIRING] core-1 down
              rule:        DeviceDown
              severity:    critical
              since:       2026-11-27 10:17:31 UTC
              labels:      alertname=DeviceDown, device=core-1, severity=critical, site=ldn
              impact:      2 alerts suppressed under this root cause
                           DeviceDown {device="sw-3"}: sw-3 unreachable
                           DeviceDown {device="sw-4"}: sw-4 unreachable
              runbook:     https://wiki.example.com/runbooks/device-down
              details:     https://netsight.example.com/alerts/00000000000000c1
            """
        #expect(body.contains(expectedRoot))
        #expect(body.hasPrefix("Alerts: 2 firing for site=ldn\n"))
        #expect(body.contains("[FIRING] sw-3 unreachable\n"))
        #expect(body.contains("  root cause:  core-1 down (alert 00000000000000c1)\n"))
        #expect(body.contains("Notification 9f2c4e1a7b3d5c60"))
    }

    @Test func bodyWithoutExternalURLHasNoLinks() {
        let m = message(notification(alerts: [rootCause]), externalURL: "")
        #expect(!m.body.contains("details:"))
        #expect(!m.body.contains("/alerts/"))
    }

    @Test func resolvedAlertSaysWhen() {
        let resolved = alert("00000000000000c1", device: "core-1", state: .resolved, summary: "core-1 down")
        let body = message(notification(status: .resolved, alerts: [resolved])).body
        #expect(body.hasPrefix("Alerts: 1 resolved for site=ldn\n"))
        #expect(body.contains("[RESOLVED] core-1 down\n"))
        #expect(body.contains("  resolved:    2026-11-27 10:19:21 UTC\n"))
    }

    @Test func quotedPrintable() {
        #expect(EmailMessage.quotedPrintable("a=b\n") == "a=3Db")
        #expect(EmailMessage.quotedPrintable("café") == "caf=C3=A9")
        // Trailing space and tab are encoded; inner ones are not.
        #expect(EmailMessage.quotedPrintable("a b \nc\t") == "a b=20\r\nc=09")
        let long = String(repeating: "x", count: 200)
        let encoded = EmailMessage.quotedPrintable(long)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(lines.dropLast().allSatisfy { $0.hasSuffix("=") })
        #expect(decodeQP(encoded) == long)
        // A soft break never splits an escape.
        let accents = String(repeating: "é", count: 40)
        let encodedAccents = EmailMessage.quotedPrintable(accents)
        for line in encodedAccents.components(separatedBy: "\r\n") {
            #expect(line.count <= 76)
            #expect(line.replacingOccurrences(of: "=", with: "").count % 2 == 0)
        }
        #expect(decodeQP(encodedAccents) == accents)
    }

    @Test func dotStuffing() {
        let stuffed = EmailMessage.dotStuffed(Array("a\r\n.b\r\n..\r\n.\r\n".utf8))
        #expect(String(decoding: stuffed, as: UTF8.self) == "a\r\n..b\r\n...\r\n..\r\n.\r\n")
        #expect(String(decoding: EmailMessage.dotStuffed(Array(".x".utf8)), as: UTF8.self) == "..x\r\n.\r\n")
    }

    @Test func dataOfASummaryOfDotsIsStuffedAndEndsOnce() throws {
        // 200 dots: quoted-printable soft breaks put dots at the start of lines.
        let m = message(notification(alerts: [alert("1", device: "x", summary: String(repeating: ".", count: 200))]))
        #expect(m.dataBytes.suffix(5) == Array("\r\n.\r\n".utf8))
        let lines = String(decoding: m.dataBytes.dropLast(5), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.contains { $0.hasPrefix("..") })
        #expect(!lines.contains("."))
        // Undoing the stuffing gives the message back.
        let unstuffed = lines.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 }.joined(separator: "\r\n") + "\r\n"
        #expect(Array(unstuffed.utf8) == m.rendered)
    }

    @Test func renderedHasOnlyCRLFLineEndsAndShortLines() {
        let weird = alert("1", device: "a\nb", summary: "line one\nline two\r\nline three")
        let m = message(notification(alerts: [weird]))
        let bytes = m.rendered
        for (index, byte) in bytes.enumerated() {
            if byte == 10 { #expect(index > 0 && bytes[index - 1] == 13) }
            if byte == 13 { #expect(index + 1 < bytes.count && bytes[index + 1] == 10) }
            #expect(byte < 128)
        }
        for line in String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78) }
        // The summary's later lines are indented under the alert, not at a line start.
        #expect(m.body.contains("[FIRING] line one\n               line two\n               line three\n"))
    }
}
