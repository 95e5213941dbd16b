import Foundation
import NetsightModel

/// One RFC 5424 syslog message. Fields are kept as given and made conformant when the
/// message is encoded (charset, length limits, escaping), so a test can compare what was
/// asked for with what went on the wire.
public struct SyslogMessage: Sendable, Hashable {
    /// RFC 5424 6.2.1 table 2.
    public enum Severity: Int, Sendable, Hashable, CaseIterable {
        case emergency = 0, alert, critical, error, warning, notice, informational, debug
    }

    /// One SD-PARAM. A struct, not a tuple, so messages stay `Hashable`.
    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// One SD-ELEMENT: `[id name="value" ...]`.
    public struct Element: Sendable, Hashable {
        public var id: String
        public var parameters: [Parameter]

        public init(id: String, parameters: [Parameter]) {
            self.id = id
            self.parameters = parameters
        }
    }

    /// 0...23 (RFC 5424 table 1); the caller checks the range, as the PRI of anything
    /// larger is not a valid syslog priority.
    public var facility: Int
    public var severity: Severity
    public var timestamp: Date
    public var hostname: String
    public var appName: String
    public var procID: String
    public var msgID: String
    /// Elements in order; the first is kept longest when the message must be shortened.
    public var structuredData: [Element]
    /// The free-form MSG, sent as UTF-8 after a BOM (RFC 5424 6.4).
    public var text: String

    public init(
        facility: Int, severity: Severity, timestamp: Date, hostname: String, appName: String, procID: String,
        msgID: String, structuredData: [Element], text: String
    ) {
        self.facility = facility
        self.severity = severity
        self.timestamp = timestamp
        self.hostname = hostname
        self.appName = appName
        self.procID = procID
        self.msgID = msgID
        self.structuredData = structuredData
        self.text = text
    }

    /// PRIVAL: facility × 8 + severity (RFC 5424 6.2.1).
    public var priority: Int { facility * 8 + severity.rawValue }

    /// Header field limits of RFC 5424 6 (ABNF `1*255PRINTUSASCII` and so on).
    static let hostnameLimit = 255
    static let appNameLimit = 48
    static let procIDLimit = 128
    static let msgIDLimit = 32
    static let sdNameLimit = 32
    /// The UTF-8 byte order mark that says MSG is UTF-8 (RFC 5424 6.4).
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    /// When a size limit forces a choice, structured data is dropped (last element first)
    /// until at least this much of MSG fits: the summary is what a person reads.
    static let minimumTextBytes = 128

    /// The message's bytes (SYSLOG-MSG, without transport framing).
    ///
    /// - Parameter limit: the most bytes the result may have (a UDP datagram's safe size),
    ///   or nil for no limit. Over the limit, trailing structured-data elements are dropped
    ///   while they would leave less than `minimumTextBytes` of MSG, then MSG is cut at a
    ///   UTF-8 character boundary, so the result is always a well-formed message. A limit
    ///   below the header's own size (at most 503 bytes) cuts the header itself.
    public func encoded(limit: Int? = nil) -> [UInt8] {
        let header = Array(headerText.utf8)
        let message = Array(text.utf8)
        var elements = structuredData.map(Self.render)
        func prefix() -> [UInt8] { header + [0x20] + (elements.isEmpty ? [0x2D] : Array(elements.joined().utf8)) }
        guard let limit else {
            return message.isEmpty ? prefix() : prefix() + [0x20] + Self.byteOrderMark + message
        }
        let wantedText = message.isEmpty ? 0 : 1 + Self.byteOrderMark.count + min(message.count, Self.minimumTextBytes)
        while !elements.isEmpty && prefix().count + wantedText > limit { elements.removeLast() }
        let head = prefix()
        let room = limit - head.count - 1 - Self.byteOrderMark.count
        guard !message.isEmpty, room > 0 else { return SyslogFraming.truncatedUTF8(head, limit: limit) }
        return head + [0x20] + Self.byteOrderMark + SyslogFraming.truncatedUTF8(message, limit: room)
    }

    /// `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID`.
    var headerText: String {
        [
            "<\(priority)>1", Self.timestamp(timestamp), Self.headerField(hostname, limit: Self.hostnameLimit),
            Self.headerField(appName, limit: Self.appNameLimit), Self.headerField(procID, limit: Self.procIDLimit),
            Self.headerField(msgID, limit: Self.msgIDLimit),
        ].joined(separator: " ")
    }

    /// A header field in `PRINTUSASCII` (33...126): anything else becomes `_` so the field
    /// stays one token, cut to `limit`; empty is the NILVALUE `-`.
    static func headerField(_ value: String, limit: Int) -> String {
        let cleaned = value.unicodeScalars.prefix(limit).map { (33...126).contains($0.value) ? Character($0) : "_" }
        return cleaned.isEmpty ? "-" : String(cleaned)
    }

    /// An SD-NAME (SD-ID or PARAM-NAME): printable US-ASCII without `=`, space, `]` and
    /// `"`, 1 to 32 characters; nil when nothing is left.
    static func sdName(_ value: String) -> String? {
        let cleaned = value.unicodeScalars.prefix(sdNameLimit).map { scalar -> Character in
            let v = scalar.value
            return (33...126).contains(v) && v != 0x3D && v != 0x5D && v != 0x22 ? Character(scalar) : "_"
        }
        return cleaned.isEmpty ? nil : String(cleaned)
    }

    /// PARAM-VALUE escaping of RFC 5424 6.3.3: `"`, `\` and `]` get a backslash.
    static func escapeParameterValue(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for character in value {
            if character == "\"" || character == "\\" || character == "]" { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// `[id name="value" ...]`, or "" when the id has no usable character.
    static func render(_ element: Element) -> String {
        guard let id = sdName(element.id) else { return "" }
        var out = "[" + id
        for parameter in element.parameters {
            guard let name = sdName(parameter.name) else { continue }
            out += " \(name)=\"\(escapeParameterValue(parameter.value))\""
        }
        return out + "]"
    }

    /// RFC 3339 in UTC with microseconds, the finest TIME-SECFRAC RFC 5424 allows:
    /// `2023-11-14T22:13:20.123456Z`. Computed by hand (civil-from-days) so it needs no
    /// formatter, locale or time zone database.
    static func timestamp(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let (secondsTotal, fraction) = floorDivide(micros, 1_000_000)
        let (days, secondOfDay) = floorDivide(secondsTotal, 86_400)
        let civil = CivilDate.fromDays(Int(days))
        let (year, month, day) = (Int64(civil.year), Int64(civil.month), Int64(civil.day))
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(fraction, 6))Z"
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b
        let r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }
}

extension SyslogMessage {
    /// The SD-ID of Netsight's own element. `32473` is the private enterprise number RFC
    /// 5612 reserves for documentation; a registered number would replace it.
    public static let alertElementID = "netsight@32473"
    /// The SD-ID of the element that carries the alert's labels, one parameter per label.
    public static let labelsElementID = "labels@32473"
    /// Parameter values longer than this (in UTF-8 bytes) are cut, so structured data
    /// stays well inside a 2048-byte datagram and the summary still fits after it.
    static let parameterValueLimit = 256

    /// One message per alert of `notification`, in its order (firing first).
    ///
    /// Severity: a flapping notice is `warning`; a resolved alert is `notice`; otherwise
    /// critical → `critical`, major → `error`, warning → `warning`, info → `informational`.
    /// MSGID: `firing`/`resolved` (per alert), `flapping` or `flap_settled`.
    /// TIMESTAMP is the notification's `createdAt`, so a retry sends the same bytes and
    /// the receiving end dates the event, not the attempt.
    public static func messages(
        for notification: AlertNotification, facility: Int, appName: String, hostname: String, procID: String
    ) -> [SyslogMessage] {
        notification.alerts.map { alert in
            SyslogMessage(
                facility: facility, severity: severity(of: alert, kind: notification.kind),
                timestamp: notification.createdAt, hostname: hostname, appName: appName, procID: procID,
                msgID: msgID(of: alert, kind: notification.kind),
                structuredData: [alertElement(alert, notification: notification), labelsElement(alert)],
                text: text(of: alert))
        }
    }

    static func isResolved(_ alert: Alert) -> Bool { alert.state == .resolved }

    static func severity(of alert: Alert, kind: AlertNotification.Kind) -> Severity {
        if kind == .flapping { return .warning }
        if isResolved(alert) { return .notice }
        switch alert.severity {
        case .critical: return .critical
        case .major: return .error
        case .warning: return .warning
        case .info: return .informational
        }
    }

    static func msgID(of alert: Alert, kind: AlertNotification.Kind) -> String {
        switch kind {
        case .alert: isResolved(alert) ? "resolved" : "firing"
        case .flapping, .flapSettled: kind.rawValue
        }
    }

    /// What a machine filtering the log needs without parsing MSG. `status` is worded as
    /// in the webhook body: anything not resolved is `firing`.
    static func alertElement(_ alert: Alert, notification: AlertNotification) -> Element {
        var parameters = [
            Parameter("id", alert.id), Parameter("rule", alert.rule),
            Parameter("status", isResolved(alert) ? "resolved" : "firing"),
            Parameter("severity", alert.severity.rawValue), Parameter("notification", notification.id),
        ]
        if let rootCause = alert.rootCause { parameters.append(Parameter("rootCause", rootCause)) }
        if !alert.impact.isEmpty { parameters.append(Parameter("suppressed", String(alert.impact.count))) }
        if notification.kind != .alert {
            parameters.append(Parameter("flapPercent", String(format: "%.1f", alert.flapPercent)))
        }
        if let runbook = alert.runbook { parameters.append(Parameter("runbook", runbook)) }
        return Element(id: alertElementID, parameters: parameters.map(capped))
    }

    /// Label names are Prometheus-style, so normally valid SD-NAMEs as they are; others
    /// are sanitised when encoded.
    static func labelsElement(_ alert: Alert) -> Element {
        Element(id: labelsElementID, parameters: alert.labels.pairs.map { capped(Parameter($0.name, $0.value)) })
    }

    private static func capped(_ parameter: Parameter) -> Parameter {
        let bytes = SyslogFraming.truncatedUTF8(Array(parameter.value.utf8), limit: parameterValueLimit)
        return Parameter(parameter.name, String(decoding: bytes, as: UTF8.self))
    }

    /// The summary, and for a root cause the symptoms it hides:
    /// `core-1 down (2 dependent alerts suppressed: sw-3 down, sw-4 down)`.
    static func text(of alert: Alert) -> String {
        var text = alert.summary.isEmpty ? "\(alert.rule) \(alert.labels)" : alert.summary
        if !alert.impact.isEmpty {
            let names = alert.impact.map { $0.summary.isEmpty ? "\($0.rule) \($0.labels)" : $0.summary }
            let noun = alert.impact.count == 1 ? "alert" : "alerts"
            text += " (\(alert.impact.count) dependent \(noun) suppressed: \(names.joined(separator: ", ")))"
        }
        return text
    }
}
