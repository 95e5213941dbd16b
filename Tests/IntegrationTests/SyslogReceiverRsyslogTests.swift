import Foundation
import NIOPosix
import NetsightModel
import Notifiers
import Testing

/// The syslog receiver against a real rsyslogd (Debian's rsyslog 8): rsyslog's own
/// RFC 5424 parser and its mmpstrucdata module decide what our bytes mean, and a list
/// template writes what they decided as one JSON object a line.
@Suite(.serialized) struct SyslogReceiverRsyslogTests {
    static let created = Date(timeIntervalSince1970: 1_700_000_000.25)
    static let appName = "netsight-test"

    static func alert(
        _ id: String, severity: AlertSeverity, state: AlertState, summary: String, labels: [String: String],
        rootCause: String? = nil, impact: [AlertImpact] = []
    ) -> Alert {
        Alert(
            id: id, rule: "DeviceDown", metric: "device_up", labels: LabelSet(labels), severity: severity, state: state,
            value: 0, summary: summary, lastEvaluatedAt: created, rootCause: rootCause, impact: impact)
    }

    static func notification(_ alerts: [Alert]) -> AlertNotification {
        AlertNotification(
            id: "idem-\(UUID().uuidString.prefix(8))", receiver: "syslog", groupKey: "{}", groupLabels: LabelSet(),
            commonLabels: LabelSet(), kind: .alert, status: .firing, alerts: alerts, createdAt: created)
    }

    static func receiver(_ address: String, _ transport: SyslogTransport, facility: Int, timeout: Duration = .seconds(5)) -> SyslogReceiver {
        SyslogReceiver(
            name: "syslog", address: address, transport: transport, facility: facility, appName: appName, timeout: timeout,
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton, hostname: "mon-1.example")
    }

    /// Both transports, an IPv4 literal, an IPv6 literal and a name from /etc/hosts.
    static let targets: [(SyslogTransport, String)] = [(.udp, "127.0.0.1"), (.udp, "[::1]"), (.tcp, "localhost"), (.tcp, "[::1]")]

    /// Each alert of a notification arrives as one message whose PRI, header fields,
    /// structured data and MSG rsyslog parsed to what the alert says.
    @Test(arguments: targets)
    func rsyslogParsesEveryField(transport: SyslogTransport, host: String) async throws {
        guard let peer = try RsyslogPeer.start() else { return }
        defer { peer.stop() }
        let impact = [
            AlertImpact(id: "s3", rule: "DeviceDown", labels: ["device": "sw-3"], summary: "sw-3 down"),
            AlertImpact(id: "s4", rule: "DeviceDown", labels: ["device": "sw-4"], summary: "sw-4 down"),
        ]
        let root = Self.alert(
            "root0001", severity: .critical, state: .firing, summary: "core-1 down", labels: ["device": "core-1", "site": "ldn"],
            impact: impact)
        let symptom = Self.alert(
            "sym00005", severity: .warning, state: .firing, summary: "sw-5 slow", labels: ["device": "sw-5"], rootCause: "root0001")
        let resolved = Self.alert("res00009", severity: .major, state: .resolved, summary: "uplink back", labels: ["if": "ge-0/0/1"])
        let notification = Self.notification([root, symptom, resolved])
        let facility = transport == .udp ? 16 : 3
        let port = transport == .udp ? peer.udpPort : peer.tcpPort
        try await Self.receiver("\(host):\(port)", transport, facility: facility).deliver(notification)

        let lines = try peer.lines(count: 3)
        #expect(lines.count == 3)
        let byID = Dictionary(lines.map { ($0.sd["netsight@32473"]?["id"] ?? "?", $0) }, uniquingKeysWith: { a, _ in a })
        let r = try #require(byID["root0001"], "\(lines)")
        #expect(r.pri == "\(facility * 8 + 2)")
        #expect(r.app == Self.appName && r.msgid == "firing" && r.host == "mon-1.example" && r.procid == "\(getpid())")
        #expect(r.time == "2023-11-14T22:13:20.250000Z")
        #expect(
            r.sd["netsight@32473"] == [
                "id": "root0001", "rule": "DeviceDown", "status": "firing", "severity": "critical",
                "notification": notification.id, "suppressed": "2",
            ])
        #expect(r.sd["labels@32473"] == ["device": "core-1", "site": "ldn"])
        #expect(r.msg == "\u{FEFF}core-1 down (2 dependent alerts suppressed: sw-3 down, sw-4 down)")

        let s = try #require(byID["sym00005"])
        #expect(s.pri == "\(facility * 8 + 4)" && s.msgid == "firing" && s.msg == "\u{FEFF}sw-5 slow")
        #expect(s.sd["netsight@32473"]?["rootCause"] == "root0001" && s.sd["netsight@32473"]?["severity"] == "warning")

        let v = try #require(byID["res00009"])
        #expect(v.pri == "\(facility * 8 + 5)" && v.msgid == "resolved" && v.msg == "\u{FEFF}uplink back")
        #expect(v.sd["netsight@32473"]?["status"] == "resolved" && v.sd["netsight@32473"]?["severity"] == "major")
        #expect(v.sd["labels@32473"] == ["if": "ge-0/0/1"])
    }

    /// Newlines, quotes, `]` and backslashes in the summary and in a label value: one
    /// message each, every character as sent.
    @Test(arguments: [SyslogTransport.udp, .tcp])
    func awkwardTextArrivesIntact(transport: SyslogTransport) async throws {
        guard let peer = try RsyslogPeer.start() else { return }
        defer { peer.stop() }
        let summary = "line one\nline two \"quoted\" [x] ] back\\slash\r\ttab é ⚠︎ end"
        let labelValue = #"C:\dir "q" [a] ]"# + "\nnext"
        let alerts = [
            Self.alert("odd00001", severity: .major, state: .firing, summary: summary, labels: ["path": labelValue]),
            Self.alert("odd00002", severity: .info, state: .firing, summary: "plain", labels: ["device": "x"]),
        ]
        let port = transport == .udp ? peer.udpPort : peer.tcpPort
        try await Self.receiver("127.0.0.1:\(port)", transport, facility: 1).deliver(Self.notification(alerts))

        let lines = try peer.lines(count: 2)
        #expect(lines.count == 2, "\(lines)")
        let odd = try #require(lines.first { $0.sd["netsight@32473"]?["id"] == "odd00001" }, "\(lines)")
        #expect(odd.msg == "\u{FEFF}" + summary)
        #expect(odd.sd["labels@32473"]?["path"] == labelValue)
        #expect(odd.pri == "11")
        let plain = try #require(lines.first { $0.sd["netsight@32473"]?["id"] == "odd00002" })
        #expect(plain.msg == "\u{FEFF}plain" && plain.pri == "14")
    }

    /// A summary longer than a datagram is cut on a character boundary: rsyslog gets valid
    /// UTF-8 (two-byte characters, none broken) and the structured data whole.
    @Test func udpCutsLongSummaryOnCharacterBoundary() async throws {
        guard let peer = try RsyslogPeer.start() else { return }
        defer { peer.stop() }
        let summary = String(repeating: "é", count: 3000)
        let a = Self.alert("long0001", severity: .critical, state: .firing, summary: summary, labels: ["device": "core-1"])
        try await Self.receiver("127.0.0.1:\(peer.udpPort)", .udp, facility: 16).deliver(Self.notification([a]))
        let line = try #require(try peer.lines(count: 1).first)
        #expect(line.msg.hasPrefix("\u{FEFF}é"))
        let body = line.msg.dropFirst()
        #expect(body.allSatisfy { $0 == "é" }, "a broken character arrived")
        // What is left of 2048 bytes after the header and structured data, in whole characters.
        #expect(body.count > 700 && body.utf8.count < 2048 - 100)
        #expect(line.sd["netsight@32473"]?["id"] == "long0001" && line.sd["labels@32473"]?["device"] == "core-1")
    }

    /// A root cause with hundreds of dependents is cut to rsyslog's 8096-byte limit over TCP
    /// instead of being split into a second, headless message; the next frame still parses.
    @Test func tcpCapsHugeMessageWithoutSplitting() async throws {
        guard let peer = try RsyslogPeer.start() else { return }
        defer { peer.stop() }
        let impact = (0..<700).map { AlertImpact(id: "i\($0)", rule: "DeviceDown", labels: ["device": "sw-\($0)"], summary: "sw-\($0) down") }
        let root = Self.alert("huge0001", severity: .critical, state: .firing, summary: "core-1 down", labels: ["device": "core-1"], impact: impact)
        let next = Self.alert("next0002", severity: .warning, state: .firing, summary: "after the big one", labels: ["device": "y"])
        try await Self.receiver("127.0.0.1:\(peer.tcpPort)", .tcp, facility: 16).deliver(Self.notification([root, next]))
        let lines = try peer.lines(count: 2)
        #expect(lines.count == 2, "\(lines.map(\.msg.utf8.count))")
        let big = try #require(lines.first { $0.sd["netsight@32473"]?["id"] == "huge0001" })
        #expect(big.msg.hasPrefix("\u{FEFF}core-1 down (700 dependent alerts suppressed: sw-0 down, sw-1 down"))
        #expect(big.msg.utf8.count > 7000 && big.msg.utf8.count < 8096)
        #expect(lines.first { $0.sd["netsight@32473"]?["id"] == "next0002" }?.msg == "\u{FEFF}after the big one")
        #expect(!peer.log.contains("oversize"), "\(peer.log)")
    }

    /// Nobody listening: a retryable error that names the server, well before the timeout.
    @Test func tcpToClosedPortIsRetryableAndQuick() async throws {
        let port = freeTCPPort()
        let a = Self.alert("x", severity: .critical, state: .firing, summary: "s", labels: ["device": "d"])
        let started = ContinuousClock.now
        var caught: DeliveryError?
        do {
            try await Self.receiver("127.0.0.1:\(port)", .tcp, facility: 1, timeout: .seconds(5)).deliver(Self.notification([a]))
        } catch {
            caught = error
        }
        let elapsed = ContinuousClock.now - started
        let error = try #require(caught)
        #expect(error.retryable)
        #expect(error.message == "syslog 127.0.0.1:\(port) (tcp): connection refused")
        #expect(elapsed < .seconds(1), "took \(elapsed)")
    }

    /// A server that takes the connection but never reads (rsyslog always reads, so this
    /// is a listening socket that never accepts): once the socket buffers are full the
    /// write stalls, and the attempt ends at its timeout as a retryable error.
    @Test func stalledTCPServerTimesOut() async throws {
        let (fd, port) = try RsyslogPeer.listenWithoutAccepting()
        defer { close(fd) }
        let filler = String(repeating: "x", count: 7000)
        let alerts = (0..<2500).map {
            Self.alert("a\($0)", severity: .critical, state: .firing, summary: filler, labels: ["device": "d\($0)"])
        }
        let notification = Self.notification(alerts)
        let started = ContinuousClock.now
        var caught: DeliveryError?
        do {
            try await Self.receiver("127.0.0.1:\(port)", .tcp, facility: 1, timeout: .seconds(1)).deliver(notification)
        } catch {
            caught = error
        }
        let elapsed = ContinuousClock.now - started
        let error = try #require(caught, "17 MB went into a socket nobody reads")
        #expect(error.retryable)
        #expect(error.message == "syslog 127.0.0.1:\(port) (tcp): timed out after 1000 ms")
        #expect(elapsed >= .milliseconds(950) && elapsed < .seconds(3), "took \(elapsed)")
    }

    /// Configuration errors fail at once and for good: retrying cannot fix them.
    @Test func badAddressOrFacilityIsNotRetryable() async throws {
        let a = Self.alert("x", severity: .critical, state: .firing, summary: "s", labels: ["device": "d"])
        for (address, facility, reason) in [
            ("127.0.0.1:99999", 1, "address is not host:port"), ("127.0.0.1:5514", 24, "facility 24 is not in 0...23"),
        ] {
            var caught: DeliveryError?
            do {
                try await Self.receiver(address, .udp, facility: facility).deliver(Self.notification([a]))
            } catch {
                caught = error
            }
            let error = try #require(caught)
            #expect(!error.retryable)
            #expect(error.message == "syslog \(address) (udp): \(reason)")
        }
    }
}

/// What the rsyslog template writes for one message.
struct RsyslogLine: Decodable, CustomStringConvertible {
    var pri: String
    var app: String
    var msgid: String
    var procid: String
    var host: String
    var time: String
    var msg: String
    /// mmpstrucdata's `$!rfc5424-sd`: SD-ID → parameter → unescaped value.
    var sd: [String: [String: String]]

    var description: String { "<\(pri)> \(app) \(msgid) \(sd) \(msg.debugDescription)" }
}

/// One rsyslogd for one test: imudp on 127.0.0.1 and ::1, imtcp on 127.0.0.1 and ::1,
/// all on free ports; stopped by the test (`defer`).
final class RsyslogPeer {
    let directory: String
    let udpPort: Int
    let tcpPort: Int
    let process: PeerProcess
    var outputPath: String { directory + "/messages.jsonl" }
    var log: String { process.log }

    /// nil when rsyslogd is not installed (a recorded failure under CI).
    static func start() throws -> RsyslogPeer? {
        guard let rsyslogd = Peers.find("rsyslogd") else { return nil }
        return try RsyslogPeer(rsyslogd)
    }

    private init(_ rsyslogd: String) throws {
        directory = try Peers.temporaryDirectory("rsyslog")
        udpPort = Peers.freeUDPPort()
        tcpPort = freeTCPPort()
        let config = Self.config(directory: directory, udpPort: udpPort, tcpPort: tcpPort, app: SyslogReceiverRsyslogTests.appName)
        try config.write(toFile: directory + "/rsyslog.conf", atomically: true, encoding: .utf8)
        process = try PeerProcess(
            rsyslogd, ["-n", "-f", directory + "/rsyslog.conf", "-i", directory + "/rsyslogd.pid"], logDirectory: directory)
        try waitUntilListening()
    }

    /// Control characters are kept (rsyslog's default turns `\n` into `#012`), SD names
    /// keep their case, and only our messages are written, so rsyslog's own start-up
    /// notice does not count.
    static func config(directory: String, udpPort: Int, tcpPort: Int, app: String) -> String {
        """
        global(workDirectory="\(directory)" parser.escapeControlCharactersOnReceive="off")
        module(load="imudp")
        module(load="imtcp")
        module(load="mmpstrucdata")
        input(type="imudp" address="127.0.0.1" port="\(udpPort)")
        input(type="imudp" address="::1" port="\(udpPort)")
        input(type="imtcp" address="127.0.0.1" port="\(tcpPort)")
        input(type="imtcp" address="::1" port="\(tcpPort)")
        template(name="fields" type="list") {
          constant(value="{")
          property(name="pri" format="jsonf" outname="pri")
          constant(value=",")
          property(name="app-name" format="jsonf" outname="app")
          constant(value=",")
          property(name="msgid" format="jsonf" outname="msgid")
          constant(value=",")
          property(name="procid" format="jsonf" outname="procid")
          constant(value=",")
          property(name="hostname" format="jsonf" outname="host")
          constant(value=",")
          property(name="timereported" dateFormat="rfc3339" format="jsonf" outname="time")
          constant(value=",")
          property(name="msg" format="jsonf" outname="msg")
          constant(value=",\\"sd\\":")
          property(name="$!rfc5424-sd")
          constant(value="}\\n")
        }
        if $app-name == "\(app)" then {
          action(type="mmpstrucdata" sd_name.lowercase="off")
          action(type="omfile" file="\(directory)/messages.jsonl" template="fields")
        }

        """
    }

    /// Both sockets bound, as the kernel lists them (no probe traffic needed).
    private func waitUntilListening() throws {
        let udpHex = String(format: ":%04X ", udpPort)
        let tcpHex = String(format: "0100007F:%04X ", tcpPort)
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            let udp = (try? String(contentsOfFile: "/proc/net/udp", encoding: .utf8)) ?? ""
            let tcp = (try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)) ?? ""
            let udpReady = udp.split(separator: "\n").contains { $0.contains("0100007F" + udpHex) }
            let tcpReady = tcp.split(separator: "\n").contains { $0.contains(tcpHex) && $0.contains(" 0A ") }
            if udpReady && tcpReady { return }
            guard process.isRunning else { break }
            usleep(20_000)
        }
        stop()
        throw ToolError(message: "rsyslogd did not listen on udp \(udpPort) and tcp \(tcpPort): \(process.log)")
    }

    /// Waits up to 5 s for `count` lines, then a little longer so that a surplus (a message
    /// split in two) would show.
    func lines(count: Int) throws -> [RsyslogLine] {
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline && rawLines().count < count { usleep(50_000) }
        usleep(300_000)
        return try rawLines().map { raw in
            do {
                return try JSONDecoder().decode(RsyslogLine.self, from: Data(raw.utf8))
            } catch {
                throw ToolError(message: "rsyslog wrote a line that is not the template's JSON: \(raw.debugDescription)")
            }
        }
    }

    private func rawLines() -> [String] {
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    func stop() {
        process.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A socket listening on 127.0.0.1 that is never accepted from: the kernel completes
    /// handshakes into its backlog and buffers data until the windows are full.
    static func listenWithoutAccepting() throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, bound == 0, listen(fd, 4) == 0 else {
            close(fd)
            throw ToolError(message: "cannot listen on 127.0.0.1: errno \(errno)")
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return (fd, Int(UInt16(bigEndian: addr.sin_port)))
    }
}
