import Foundation
import NetsightModel
import Testing

@testable import Notifiers

@Suite struct SyslogMessageTests {
    /// 2023-11-14T22:13:20Z plus a fraction that is exact in microseconds.
    static let created = Date(timeIntervalSince1970: 1_700_000_000.25)

    static func alert(
        _ id: String, severity: AlertSeverity = .critical, state: AlertState = .firing, summary: String = "core-1 down",
        rootCause: String? = nil, impact: [AlertImpact] = [], labels: [String: String] = ["device": "core-1"]
    ) -> Alert {
        Alert(
            id: id, rule: "DeviceDown", metric: "device_up", labels: LabelSet(labels), severity: severity, state: state,
            value: 0, summary: summary, lastEvaluatedAt: created, flapPercent: 42.25, rootCause: rootCause, impact: impact)
    }

    static func notification(_ alerts: [Alert], kind: AlertNotification.Kind = .alert) -> AlertNotification {
        AlertNotification(
            id: "key-7", receiver: "syslog", groupKey: "{}", groupLabels: LabelSet(), commonLabels: LabelSet(), kind: kind,
            status: .firing, alerts: alerts, createdAt: created)
    }

    static func messages(_ n: AlertNotification, facility: Int = 16) -> [SyslogMessage] {
        SyslogMessage.messages(for: n, facility: facility, appName: "netsight", hostname: "mon-1", procID: "4242")
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// PRI = facility·8 + severity for each alert severity and state (RFC 5424 6.2.1).
    @Test(arguments: [
        (AlertSeverity.critical, AlertState.firing, AlertNotification.Kind.alert, 2, "firing"),
        (.major, .firing, .alert, 3, "firing"),
        (.warning, .firing, .alert, 4, "firing"),
        (.info, .firing, .alert, 6, "firing"),
        (.critical, .resolved, .alert, 5, "resolved"),
        (.info, .resolved, .alert, 5, "resolved"),
        (.critical, .firing, .flapping, 4, "flapping"),
        (.info, .firing, .flapping, 4, "flapping"),
        (.critical, .firing, .flapSettled, 2, "flap_settled"),
        (.major, .resolved, .flapSettled, 5, "flap_settled"),
    ])
    func priorityAndMsgID(severity: AlertSeverity, state: AlertState, kind: AlertNotification.Kind, code: Int, msgID: String) throws {
        for facility in [0, 4, 23] {
            let m = try #require(Self.messages(Self.notification([Self.alert("a1", severity: severity, state: state)], kind: kind), facility: facility).first)
            let line = Self.text(m.encoded())
            #expect(line.hasPrefix("<\(facility * 8 + code)>1 2023-11-14T22:13:20.250000Z mon-1 netsight 4242 \(msgID) ["), "\(line)")
        }
    }

    @Test func wholeMessageLayout() throws {
        let n = Self.notification([Self.alert("a1", labels: ["device": "core-1", "site": "ldn"])])
        let bytes = try #require(Self.messages(n).first).encoded()
        let expectedHead = "<130>1 2023-11-14T22:13:20.250000Z mon-1 netsight 4242 firing "
            + "[netsight@32473 id=\"a1\" rule=\"DeviceDown\" status=\"firing\" severity=\"critical\" notification=\"key-7\"]"
            + "[labels@32473 device=\"core-1\" site=\"ldn\"] "
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(bytes == Array(expectedHead.utf8) + bom + Array("core-1 down".utf8))
    }

    @Test func timestampIsUTCWithMicroseconds() {
        #expect(SyslogMessage.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000000Z")
        #expect(SyslogMessage.timestamp(Date(timeIntervalSince1970: 951_782_400.000_001)) == "2000-02-29T00:00:00.000001Z")
        #expect(SyslogMessage.timestamp(Date(timeIntervalSince1970: 1_709_251_199.999_999)) == "2024-02-29T23:59:59.999999Z")
        #expect(SyslogMessage.timestamp(Date(timeIntervalSince1970: -1.5)) == "1969-12-31T23:59:58.500000Z")
        // Agrees with Foundation's formatter across a spread of instants.
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        for seconds in stride(from: -86_400 * 400, to: 4_102_444_800, by: 9_876_543) {
            let date = Date(timeIntervalSince1970: Double(seconds))
            let iso = formatter.string(from: date)
            #expect(SyslogMessage.timestamp(date) == iso.dropLast() + ".000000Z")
        }
    }

    @Test func rootCauseListsItsSymptomsAndSymptomNamesItsCause() throws {
        let impact = [
            AlertImpact(id: "s3", rule: "DeviceDown", labels: ["device": "sw-3"], summary: "sw-3 down"),
            AlertImpact(id: "s4", rule: "ProbeFailing", labels: ["target": "10.0.0.4"], summary: ""),
        ]
        let root = Self.alert("root", impact: impact)
        let symptom = Self.alert("s5", summary: "sw-5 down", rootCause: "root")
        let m = Self.messages(Self.notification([root, symptom]))
        #expect(m.count == 2)
        #expect(m[0].text == "core-1 down (2 dependent alerts suppressed: sw-3 down, ProbeFailing {target=\"10.0.0.4\"})")
        #expect(Self.text(m[0].encoded()).contains(" suppressed=\"2\"]"))
        #expect(!Self.text(m[0].encoded()).contains("rootCause="))
        #expect(Self.text(m[1].encoded()).contains(" rootCause=\"root\"]"))
        #expect(m[1].text == "sw-5 down")
        let one = Self.messages(Self.notification([Self.alert("r", impact: [impact[0]])]))[0]
        #expect(one.text == "core-1 down (1 dependent alert suppressed: sw-3 down)")
    }

    @Test func flapNoticesCarryThePercent() throws {
        let m = try #require(Self.messages(Self.notification([Self.alert("a")], kind: .flapping)).first)
        #expect(Self.text(m.encoded()).contains("flapPercent=\"42.2\"") || Self.text(m.encoded()).contains("flapPercent=\"42.3\""))
        let plain = try #require(Self.messages(Self.notification([Self.alert("a")])).first)
        #expect(!Self.text(plain.encoded()).contains("flapPercent"))
    }

    /// RFC 5424 6.3.3: `"`, `\` and `]` are escaped in values; nothing else is.
    @Test func parameterValuesAreEscaped() throws {
        #expect(SyslogMessage.escapeParameterValue(#"a"b\c]d[e=f g"#) == #"a\"b\\c\]d[e=f g"#)
        #expect(SyslogMessage.escapeParameterValue("é\n") == "é\n")
        let a = Self.alert("x", labels: ["path": #"C:\tmp "q" [x]"#])
        let line = Self.text(try #require(Self.messages(Self.notification([a])).first).encoded())
        #expect(line.contains(#"[labels@32473 path="C:\\tmp \"q\" [x\]"]"#), "\(line)")
    }

    /// SD-NAME: 1...32 printable US-ASCII without `=`, space, `]`, `"`.
    @Test func namesAreSanitisedAndCut() {
        #expect(SyslogMessage.sdName("a=b c]d\"e") == "a_b_c_d_e")
        #expect(SyslogMessage.sdName(String(repeating: "n", count: 40)) == String(repeating: "n", count: 32))
        #expect(SyslogMessage.sdName("") == nil)
        #expect(SyslogMessage.sdName("näme") == "n_me")
        let element = SyslogMessage.Element(id: "x@1", parameters: [.init("", "dropped"), .init("k k", "v")])
        #expect(SyslogMessage.render(element) == "[x@1 k_k=\"v\"]")
    }

    @Test func headerFieldsRespectCharsetAndLimits() {
        var m = Self.messages(Self.notification([Self.alert("a")]))[0]
        m.hostname = String(repeating: "h", count: 300)
        m.appName = "net sight/" + String(repeating: "a", count: 60)
        m.procID = String(repeating: "9", count: 200)
        m.msgID = String(repeating: "m", count: 40)
        let fields = Self.text(m.encoded()).split(separator: " ", maxSplits: 6).map(String.init)
        #expect(fields[2] == String(repeating: "h", count: 255))
        #expect(fields[3] == "net_sight/" + String(repeating: "a", count: 38))
        #expect(fields[4] == String(repeating: "9", count: 128))
        #expect(fields[5] == String(repeating: "m", count: 32))
        m.hostname = ""
        m.appName = "ünï"
        m.procID = ""
        let nil_ = Self.text(m.encoded()).split(separator: " ", maxSplits: 6).map(String.init)
        #expect(nil_[2] == "-" && nil_[3] == "_n_" && nil_[4] == "-")
    }

    @Test func msgStartsWithBOMAndEmptyTextHasNoMsg() throws {
        var m = Self.messages(Self.notification([Self.alert("a", summary: "état ⚠︎")]))[0]
        let bytes = m.encoded()
        let bom: [UInt8] = [0x20, 0xEF, 0xBB, 0xBF]
        let at = try #require(bytes.indices.first { Array(bytes[$0...].prefix(4)) == bom })
        #expect(Array(bytes[(at + 4)...]) == Array("état ⚠︎".utf8))
        m.text = ""
        let bare = m.encoded()
        #expect(bare.last == UInt8(ascii: "]"))
        #expect(!bare.contains(0xEF))
    }

    @Test func longParameterValuesAreCapped() throws {
        let a = Self.alert("a", labels: ["descr": String(repeating: "é", count: 300)])
        let m = try #require(Self.messages(Self.notification([a])).first)
        let value = try #require(m.structuredData[1].parameters.first).value
        #expect(value.utf8.count == 256)
        #expect(value == String(repeating: "é", count: 128))
    }
}

@Suite struct SyslogFramingTests {
    static func message(text: String, labels: [String: String] = ["device": "core-1"]) -> SyslogMessage {
        SyslogMessage.messages(
            for: SyslogMessageTests.notification([SyslogMessageTests.alert("a", summary: text, labels: labels)]),
            facility: 1, appName: "netsight", hostname: "mon-1", procID: "1")[0]
    }

    /// RFC 6587 3.4.1: `LEN SP MSG`, LEN counting octets (not characters).
    @Test func octetCountingCountsBytes() {
        #expect(SyslogFraming.octetCounted(Array("abc".utf8)) == Array("3 abc".utf8))
        #expect(SyslogFraming.octetCounted(Array("é".utf8)) == Array("2 é".utf8))
        let a = Self.message(text: "one\ntwo")
        let b = Self.message(text: "ünïcode")
        let stream = SyslogFraming.stream([a, b])
        // Parse the stream back the way a receiver does.
        var rest = stream[...]
        var frames: [[UInt8]] = []
        while let space = rest.firstIndex(of: 0x20) {
            let length = Int(String(decoding: rest[..<space], as: UTF8.self))!
            let start = rest.index(after: space)
            frames.append(Array(rest[start..<(start + length)]))
            rest = rest[(start + length)...]
        }
        #expect(rest.isEmpty)
        #expect(frames == [a.encoded(), b.encoded()])
    }

    @Test func shortDatagramIsTheWholeMessage() {
        let m = Self.message(text: "short")
        #expect(SyslogFraming.datagram(m) == m.encoded())
    }

    /// A cut never leaves half a character, and the header and SD stay whole.
    @Test(arguments: [1, 2, 3, 4])
    func udpTruncationKeepsUTF8Valid(width: Int) throws {
        let character = ["a", "é", "€", "𝄞"][width - 1]
        let m = Self.message(text: String(repeating: character, count: 3000))
        for limit in 2040...2048 {
            let bytes = SyslogFraming.datagram(m, limit: limit)
            #expect(bytes.count <= limit && bytes.count > limit - width)
            let decoded = try #require(String(validating: bytes, as: UTF8.self))
            let full = String(decoding: m.encoded(), as: UTF8.self)
            #expect(full.hasPrefix(decoded))
            #expect(decoded.contains("[labels@32473 device=\"core-1\"] \u{FEFF}\(character)"))
        }
    }

    /// When structured data alone would crowd out the summary, the labels element goes
    /// first and the alert element stays.
    @Test func oversizedStructuredDataDropsLabelsFirst() throws {
        var labels: [String: String] = [:]
        for i in 0..<20 { labels["label\(i)"] = String(repeating: "v", count: 200) }
        let m = Self.message(text: "the summary", labels: labels)
        #expect(m.encoded().count > 2048)
        let text = try #require(String(validating: SyslogFraming.datagram(m), as: UTF8.self))
        #expect(!text.contains("labels@32473"))
        #expect(text.contains("[netsight@32473 id=\"a\""))
        #expect(text.hasSuffix("] \u{FEFF}the summary"))
    }

    @Test func truncatedUTF8EdgeCases() {
        let bytes = Array("a€b".utf8)  // 61 E2 82 AC 62
        #expect(SyslogFraming.truncatedUTF8(bytes, limit: 10) == bytes)
        #expect(SyslogFraming.truncatedUTF8(bytes, limit: 5) == bytes)
        #expect(SyslogFraming.truncatedUTF8(bytes, limit: 4) == Array("a€".utf8))
        #expect(SyslogFraming.truncatedUTF8(bytes, limit: 3) == Array("a".utf8))
        #expect(SyslogFraming.truncatedUTF8(bytes, limit: 2) == Array("a".utf8))
        #expect(SyslogFraming.truncatedUTF8(bytes, limit: 0) == [])
    }
}

@Suite struct SyslogEndpointTests {
    @Test func splitsHostAndPort() throws {
        let v4 = try #require(SyslogReceiver.Endpoint(parsing: "127.0.0.1:5514"))
        #expect(v4.host == "127.0.0.1" && v4.port == 5514)
        let v6 = try #require(SyslogReceiver.Endpoint(parsing: "[::1]:601"))
        #expect(v6.host == "::1" && v6.port == 601)
        let name = try #require(SyslogReceiver.Endpoint(parsing: "logs.example.net"))
        #expect(name.host == "logs.example.net" && name.port == 514)
        let bare6 = try #require(SyslogReceiver.Endpoint(parsing: "fe80::1"))
        #expect(bare6.host == "fe80::1" && bare6.port == 514)
        #expect(SyslogReceiver.Endpoint(parsing: "[::1]")?.port == 514)
    }

    @Test func refusesWhatItCannotUse() {
        for bad in ["", ":514", "h:0", "h:65536", "h:x", "[::1", "[::1]x", "[]:5", "a b:5", "h/x:5"] {
            #expect(SyslogReceiver.Endpoint(parsing: bad) == nil, "\(bad)")
        }
    }
}
