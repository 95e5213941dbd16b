import Alerting
import Foundation
import NetsightModel

/// One notification as an Internet message (RFC 5322 with MIME, RFC 2045): plain text in
/// UTF-8, quoted-printable so every line stays 7-bit and short whatever the labels hold.
/// Pure: the same notification, addresses and `now` always give the same bytes.
///
/// The Message-ID comes from the notification id, so a retried delivery is recognisably
/// the same message (mail systems and clients drop or merge duplicates by it), and a
/// References header names the alert group, so a mail client threads a group's firing and
/// resolved messages together.
public struct EmailMessage: Sendable, Hashable {
    /// An address as the config writes it: `ops@example.com` or
    /// `Netsight <alerts@example.com>`.
    public struct Mailbox: Sendable, Hashable {
        public var displayName: String?
        /// The bare address, as the envelope (MAIL FROM, RCPT TO) needs it.
        public var address: String

        public init(displayName: String? = nil, address: String) {
            self.displayName = displayName
            self.address = address
        }

        /// Reads `Name <address>`, `"Name" <address>`, `<address>` or a bare address.
        public init(parsing text: String) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else {
                self.init(address: trimmed)
                return
            }
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            self.init(displayName: name.isEmpty ? nil : name, address: address.trimmingCharacters(in: .whitespaces))
        }

        /// The header form: a display name with specials is quoted, one with non-ASCII
        /// becomes an RFC 2047 encoded word.
        var headerText: String {
            guard let displayName, !displayName.isEmpty else { return address }
            let name = EmailMessage.singleLine(displayName)
            if !name.allSatisfy(\.isASCII) { return "\(name) <\(address)>" }
            let specials = "()<>[]:;@\\,.\""
            if name.contains(where: { specials.contains($0) }) {
                let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                return "\"\(escaped)\" <\(address)>"
            }
            return "\(name) <\(address)>"
        }

        /// The part after `@`, for Message-IDs; a name that cannot be a domain without it.
        var domain: String {
            guard let at = address.lastIndex(of: "@") else { return "netsight.invalid" }
            let domain = address[address.index(after: at)...]
            return domain.isEmpty ? "netsight.invalid" : String(domain)
        }
    }

    public var from: Mailbox
    public var to: [Mailbox]
    /// Header fields in order, values unencoded (`rendered` encodes and folds them; From
    /// and To are rendered from `from` and `to`).
    public var headers: [(name: String, value: String)]
    /// The text body with `\n` line ends.
    public var body: String

    /// - Parameters:
    ///   - externalURL: the server's public base URL; when set, each alert links to
    ///     `externalURL/alerts/<id>`.
    ///   - now: the Date header (when this attempt sends it).
    public init(_ notification: AlertNotification, from: Mailbox, to: [Mailbox], externalURL: String, now: Date) {
        let domain = from.domain
        self.from = from
        self.to = to
        headers = [
            ("From", from.headerText),
            ("To", to.map(\.headerText).joined(separator: ", ")),
            ("Subject", Self.subject(notification)),
            ("Date", Self.rfc5322Date(now)),
            ("Message-ID", "<netsight.\(Self.idText(notification.id))@\(domain)>"),
            ("References", "<netsight.group.\(Self.groupToken(notification))@\(domain)>"),
            ("X-Netsight-Idempotency-Key", notification.id),
            ("X-Netsight-Kind", notification.kind.rawValue),
            ("X-Netsight-Status", notification.status.rawValue),
            // RFC 3834: vacation responders and list servers leave this alone.
            ("Auto-Submitted", "auto-generated"),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Transfer-Encoding", "quoted-printable"),
        ]
        body = Self.body(notification, externalURL: externalURL)
    }

    public static func == (lhs: EmailMessage, rhs: EmailMessage) -> Bool {
        lhs.from == rhs.from && lhs.to == rhs.to && lhs.body == rhs.body && lhs.headers.map { [$0.name, $0.value] } == rhs.headers.map { [$0.name, $0.value] }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(from)
        hasher.combine(to)
        for header in headers {
            hasher.combine(header.name)
            hasher.combine(header.value)
        }
        hasher.combine(body)
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The message as it is stored: encoded, folded headers, a blank line, the
    /// quoted-printable body; CRLF line ends throughout.
    public var rendered: [UInt8] {
        var text = ""
        for (name, value) in headers {
            switch name {
            case "From": text += Self.mailboxHeaderLine(name, [from]) + "\r\n"
            case "To": text += Self.mailboxHeaderLine(name, to) + "\r\n"
            default: text += Self.headerLine(name, value) + "\r\n"
            }
        }
        text += "\r\n"
        text += Self.quotedPrintable(body)
        text += "\r\n"
        return Array(text.utf8)
    }

    /// What follows DATA: `rendered` dot-stuffed, with the `CRLF.CRLF` end.
    public var dataBytes: [UInt8] { Self.dotStuffed(rendered) }

    // MARK: - Subject and body

    /// "[FIRING:3] core-1 down — site=ldn": the state, the first alert's summary (firing
    /// alerts come first) and the group's labels.
    public static func subject(_ notification: AlertNotification) -> String {
        let firing = notification.alerts.filter { $0.state == .firing }.count
        let tag: String
        switch (notification.kind, notification.status) {
        case (.alert, .firing): tag = "[FIRING:\(firing)]"
        case (.alert, .resolved): tag = "[RESOLVED]"
        case (.flapping, _): tag = "[FLAPPING]"
        case (.flapSettled, .firing): tag = "[FLAP SETTLED: FIRING]"
        case (.flapSettled, .resolved): tag = "[FLAP SETTLED: RESOLVED]"
        }
        let first = notification.alerts.first
        let title = first.map { $0.summary.isEmpty ? $0.rule : $0.summary } ?? "no alerts"
        let group = labelText(notification.groupLabels)
        return singleLine(group.isEmpty ? "\(tag) \(title)" : "\(tag) \(title) — \(group)")
    }

    /// One block per alert, in the notification's order, then where it came from.
    public static func body(_ notification: AlertNotification, externalURL: String) -> String {
        let firing = notification.alerts.filter { $0.state == .firing }.count
        let resolved = notification.alerts.count - firing
        var counts: [String] = []
        if firing > 0 { counts.append("\(firing) firing") }
        if resolved > 0 { counts.append("\(resolved) resolved") }
        let what: String
        switch notification.kind {
        case .alert: what = "Alerts"
        case .flapping: what = "Alerts started flapping (changes are not sent one by one until they settle)"
        case .flapSettled: what = "Flapping alerts settled"
        }
        let group = labelText(notification.groupLabels)
        var lines = ["\(what): \(counts.joined(separator: ", "))\(group.isEmpty ? "" : " for \(group)")"]
        let byID = Dictionary(notification.alerts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for alert in notification.alerts {
            lines.append("")
            lines += block(alert, byID: byID, externalURL: externalURL)
        }
        lines += ["", "-- ", "Sent by Netsight to receiver \(notification.receiver), group \(notification.groupKey)"]
        lines.append("Notification \(notification.id)")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func block(_ alert: Alert, byID: [String: Alert], externalURL: String) -> [String] {
        var lines = ["[\(alert.state.rawValue.uppercased())] \(alert.summary.isEmpty ? alert.rule : alert.summary)"]
        func field(_ name: String, _ values: [String]) {
            let label = "  \(name):".padding(toLength: 15, withPad: " ", startingAt: 0)
            for (index, value) in values.enumerated() {
                lines.append((index == 0 ? label : String(repeating: " ", count: 15)) + value)
            }
        }
        field("rule", [alert.rule])
        field("severity", [alert.severity.rawValue])
        if let since = alert.firingSince ?? alert.activeSince { field("since", [bodyDate(since)]) }
        if alert.state == .resolved, let resolvedAt = alert.resolvedAt { field("resolved", [bodyDate(resolvedAt)]) }
        field("labels", [labelText(alert.labels)])
        if alert.flapping { field("flapping", ["\(Int(alert.flapPercent.rounded()))% state change"]) }
        if let rootCause = alert.rootCause {
            let cause = byID[rootCause].map { "\($0.summary) (alert \(rootCause))" } ?? "alert \(rootCause)"
            field("root cause", [cause])
        }
        if !alert.impact.isEmpty {
            let count = alert.impact.count
            field(
                "impact",
                ["\(count) alert\(count == 1 ? "" : "s") suppressed under this root cause"]
                    + NotificationText.impactLines(alert.impact) { "\($0.rule) \($0.labels): \($0.summary)" })
        }
        if !alert.mutedBy.isEmpty { field("muted by", alert.mutedBy.map { "\($0.kind.rawValue) \($0.id)" }) }
        if let ack = alert.acknowledgement {
            field("acknowledged", ["by \(ack.by) at \(bodyDate(ack.at))" + (ack.comment.isEmpty ? "" : ": \(ack.comment)")])
        }
        if let runbook = alert.runbook { field("runbook", [runbook]) }
        if !externalURL.isEmpty { field("details", ["\(externalURL)/alerts/\(alert.id)"]) }
        // A multi-line summary or label value continues under its field, never at the
        // start of a line where it could pass for something else.
        return lines.flatMap { line in
            line.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
                .enumerated().map { index, part in
                index == 0 ? String(part) : String(repeating: " ", count: 15) + part
            }
        }
    }

    /// `site=ldn, device=core-1` (the labels' own order, sorted by name).
    static func labelText(_ labels: LabelSet) -> String {
        labels.pairs.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
    }

    /// Header values are one line: CR, LF and tabs inside (label values may hold them)
    /// would end the header or start a forged one.
    static func singleLine(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\r" || $0 == "\n" || $0 == "\t" || $0 == "\r\n" }).joined(separator: " ")
    }

    /// A notification id as a Message-ID's left part: dot-atom characters only.
    static func idText(_ id: String) -> String {
        let kept = id.unicodeScalars.filter { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }
        let text = String(String.UnicodeScalarView(kept)).trimmingCharacters(in: CharacterSet(charactersIn: "."))
        return text.isEmpty ? "empty" : text.replacingOccurrences(of: "..", with: ".")
    }

    /// FNV-1a 64 of receiver and group key: stable across restarts, unlike `hashValue`.
    static func groupToken(_ notification: AlertNotification) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Array(notification.receiver.utf8) + [0xff] + Array(notification.groupKey.utf8) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    // MARK: - Dates

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "Fri, 27 Nov 2026 10:19:31 +0000" (RFC 5322 3.3), always in UTC: no locale, no
    /// time zone database.
    static func rfc5322Date(_ date: Date) -> String {
        let c = civil(date)
        return "\(weekdays[c.weekday]), \(c.day) \(months[c.month - 1]) \(c.year) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }

    /// "2026-11-27 10:19:31 UTC" for the body.
    static func bodyDate(_ date: Date) -> String {
        let c = civil(date)
        return "\(c.year)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) UTC"
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    /// Proleptic Gregorian date in UTC from Unix time (H. Hinnant's `civil_from_days`).
    private static func civil(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, weekday: Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilDate.fromDays(days)
        // 1970-01-01 was a Thursday.
        let weekday = ((days % 7) + 11) % 7
        return (year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60, weekday)
    }

    // MARK: - Encodings

    /// RFC 5322 2.2.3 recommends lines of at most 78 characters.
    static let headerLineLimit = 78

    /// `Name: value`, folded at spaces to stay under the line limit; a value with
    /// non-ASCII becomes RFC 2047 encoded words (B encoding, UTF-8), one per line.
    static func headerLine(_ name: String, _ value: String) -> String {
        let value = singleLine(value)
        if value.allSatisfy(\.isASCII) { return fold("\(name): \(value)") }
        return "\(name): " + encodedWords(value).joined(separator: "\r\n ")
    }

    /// From and To: only display names may be encoded (RFC 2047 5: never an address).
    static func mailboxHeaderLine(_ name: String, _ mailboxes: [Mailbox]) -> String {
        let parts = mailboxes.map { box -> String in
            guard let display = box.displayName.map(singleLine), !display.allSatisfy(\.isASCII) else { return box.headerText }
            return encodedWords(display).joined(separator: "\r\n ") + "\r\n <\(box.address)>"
        }
        if parts.allSatisfy({ !$0.contains("\r\n") }) { return fold("\(name): " + parts.joined(separator: ", ")) }
        return "\(name): " + parts.joined(separator: ",\r\n ")
    }

    /// Breaks before spaces so no line passes the limit where a space allows it. Unfolding
    /// (removing each CRLF) gives the line back exactly.
    static func fold(_ line: String) -> String {
        var lines: [String] = []
        var current = ""
        for (index, word) in line.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            let piece = index == 0 ? String(word) : " " + word
            if !current.isEmpty && current.count + piece.count > headerLineLimit && !current.allSatisfy({ $0 == " " }) {
                lines.append(current)
                current = piece
            } else {
                current += piece
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }

    /// RFC 2047 words of at most 42 UTF-8 bytes each (56 base64 characters, so a header
    /// line stays under 78), cut between characters: a decoder must never see half a
    /// UTF-8 sequence in one word.
    static func encodedWords(_ text: String) -> [String] {
        var chunks: [[UInt8]] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty && chunk.count + bytes.count > 42 {
                chunks.append(chunk)
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || chunks.isEmpty { chunks.append(chunk) }
        return chunks.map { "=?UTF-8?B?\(Data($0).base64EncodedString())?=" }
    }

    /// RFC 2045 6.7: printable ASCII as is, other bytes and `=` as `=XX`, spaces at a
    /// line end encoded (transports strip them), soft breaks (`=` CRLF) keep lines at 76.
    /// `\n` (or CRLF) in the text are the hard line breaks.
    static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [String] = []
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        var lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true && lines.count > 1 { lines.removeLast() }
        for line in lines {
            let bytes = Array(line.utf8)
            var tokens: [[UInt8]] = []
            for (index, byte) in bytes.enumerated() {
                let last = index == bytes.count - 1
                let plain = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !last)
                tokens.append(plain ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0xf)]])
            }
            var current: [UInt8] = []
            for token in tokens {
                // 75 leaves room for the soft break's `=`.
                if current.count + token.count > 75 {
                    output.append(String(decoding: current + [UInt8(ascii: "=")], as: UTF8.self))
                    current = []
                }
                current += token
            }
            output.append(String(decoding: current, as: UTF8.self))
        }
        return output.joined(separator: "\r\n")
    }

    /// RFC 5321 4.5.2: a line starting with `.` gets a second one, so only the final
    /// `CRLF.CRLF` ends the data. The message is expected to end in CRLF already.
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + 16)
        var atLineStart = true
        for byte in message {
            if atLineStart && byte == UInt8(ascii: ".") { output.append(byte) }
            output.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        if !output.isEmpty && !(output.count >= 2 && output[output.count - 2] == 13 && output[output.count - 1] == 10) {
            output += [13, 10]
        }
        output += Array(".\r\n".utf8)
        return output
    }
}
