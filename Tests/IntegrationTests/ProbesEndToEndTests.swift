import Foundation
import NetsightModel
import NetsightServer
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A TCP socket listening on 127.0.0.1 that never accepts: the kernel completes the
/// handshake from the backlog, which is all a connect probe needs.
final class LoopbackTCPListener: @unchecked Sendable {
    private(set) var fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 1024) == 0 else { throw ToolError(message: "cannot listen: errno \(errno)") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        self.fd = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
    }

    func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
    }

    deinit { close() }
}

/// `netsight serve` running probes of four kinds on loopback (a TCP listener, a closed
/// port, ICMP to 127.0.0.1, UDP jitter against the responder the same server runs): every
/// result reaches the store, the API, /metrics and the reactions; and `netsight probe`
/// and `netsight responder` from the real binary, with their exit statuses.
@Suite(.serialized) struct ProbesEndToEndTests {
    static func json(_ body: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(body.utf8)) }

    @Test func serveRunsProbesStoresThemAndReacts() async throws {
        let dir = try Peers.temporaryDirectory("probes-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let listener = try LoopbackTCPListener()
        let closed = try LoopbackTCPListener()
        let closedPort = closed.port
        closed.close()
        let responderPort = Peers.freeUDPPort()
        let failed = ProbeReactionSpec(metric: .failed, raise: 0.5, clear: 0.5, trigger: .consecutive(2), severity: "critical")
        let server = try await RunningServer(dataDirectory: dir + "/data") { c in
            c.responderListen = .init(host: "127.0.0.1", port: responderPort)
            c.probes = [
                ProbeSpec(
                    id: "tcp-up", target: "127.0.0.1:\(listener.port)", options: .tcp, labels: ["site": "lab"],
                    interval: .seconds(1), count: 2, spacing: .milliseconds(50), timeout: .milliseconds(500),
                    reactions: [failed]),
                ProbeSpec(
                    id: "tcp-refused", target: "127.0.0.1:\(closedPort)", options: .tcp, interval: .seconds(1), count: 1,
                    timeout: .milliseconds(500), reactions: [failed]),
                ProbeSpec(
                    id: "icmp-lo", target: "127.0.0.1", options: .icmp(.init()), interval: .seconds(1), count: 3,
                    spacing: .milliseconds(50), timeout: .milliseconds(500),
                    reactions: [ProbeReactionSpec(metric: .rttAverage, raise: 100)]),
                ProbeSpec(
                    id: "jitter-lo", target: "127.0.0.1:\(responderPort)", options: .udpJitter(.init(trustClocks: true)),
                    interval: .seconds(1), count: 20, spacing: .milliseconds(10), timeout: .milliseconds(500)),
            ]
        }
        try await Task.sleep(for: .seconds(3.5))

        let (status, body) = try await httpGet(port: server.httpPort, path: "/api/v1/probes")
        #expect(status == 200)
        let list = try #require(try Self.json(body) as? [[String: Any]])
        let byID = Dictionary(list.compactMap { p in (p["id"] as? String).map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
        #expect(Set(byID.keys) == ["tcp-up", "tcp-refused", "icmp-lo", "jitter-lo"])
        func latest(_ id: String) -> [String: Any]? { byID[id]?["latest"] as? [String: Any] }
        #expect(latest("tcp-up")?["success"] as? Bool == true)
        #expect(latest("tcp-up")?["received"] as? Int == 2)
        #expect(latest("icmp-lo")?["success"] as? Bool == true, "\(latest("icmp-lo") ?? [:])")
        #expect(latest("jitter-lo")?["success"] as? Bool == true, "\(latest("jitter-lo") ?? [:])")
        let jitter = latest("jitter-lo")?["jitter"] as? [String: Any]
        #expect((jitter?["mos"] as? Double ?? 0) > 4, "loopback voice quality is near the G.711 ceiling")
        let refused = latest("tcp-refused")
        #expect(refused?["success"] as? Bool == false)
        #expect((refused?["failure"] as? [String: Any])?["reason"] as? String == "refused")
        // Two consecutive failures raised the refused probe's reaction; the healthy one has none.
        #expect(byID["tcp-refused"]?["raisedReactions"] as? [String] == ["failed"])
        #expect(byID["tcp-up"]?["raisedReactions"] as? [String] == [])

        let (_, seriesBody) = try await httpGet(port: server.httpPort, path: "/api/v1/probes/icmp-lo/series?last=5m")
        let series = try #require(try Self.json(seriesBody) as? [String: Any])
        let results = try #require(series["results"] as? [[String: Any]])
        #expect(results.count >= 2, "one run a second for 3.5 s")
        #expect(results.allSatisfy { ($0["samplesMs"] as? [Any])?.count == 3 })
        // Runs are on the 1 s grid: consecutive scheduled times differ by exactly a second.
        let scheduled = results.compactMap { ($0["scheduledAt"] as? String).flatMap { try? Date($0, strategy: .iso8601) } }
        for (a, b) in zip(scheduled, scheduled.dropFirst()) { #expect(abs(b.timeIntervalSince(a) - 1) < 0.002) }

        let (_, metrics) = try await httpGet(port: server.httpPort, path: "/metrics")
        #expect(metrics.contains(#"netsight_probe_success{probe="tcp-up",kind="tcp",site="lab"} 1"#))
        #expect(metrics.contains(#"netsight_probe_runs_total{probe="tcp-refused",kind="tcp",result="refused"}"#))
        #expect(metrics.contains(#"netsight_probe_reaction_raised{probe="tcp-refused",reaction="failed"} 1"#))
        #expect(metrics.contains("netsight_probe_start_error_seconds_count"))

        // The healthy target goes away: its reaction raises after two failed runs.
        listener.close()
        try await Task.sleep(for: .seconds(2.6))
        let (_, detailBody) = try await httpGet(port: server.httpPort, path: "/api/v1/probes/tcp-up?last=5m")
        let detail = try #require(try Self.json(detailBody) as? [String: Any])
        let events = try #require(detail["reactions"] as? [[String: Any]])
        #expect(events.map { $0["state"] as? String } == ["raised"])
        try await server.stop()
    }

    @Test func probeCommandPrintsResultsAndExitsWithTheVerdict() throws {
        let listener = try LoopbackTCPListener()
        let ok = try runCapturing(Peers.netsightBinary, ["probe", "tcp", "127.0.0.1:\(listener.port)", "--count", "3", "--interval", "20"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("3 sent, 3 received, 0.0% loss"), "\(ok.stdout)")
        #expect(ok.stdout.hasSuffix("OK\n"))
        listener.close()
        let refused = try runCapturing(Peers.netsightBinary, ["probe", "tcp", "127.0.0.1:\(listener.port)", "--json"])
        #expect(refused.status == 1)
        let report = try #require(try Self.json(refused.stdout) as? [String: Any])
        #expect((report["failure"] as? [String: Any])?["reason"] as? String == "refused")

        let icmp = try runCapturing(Peers.netsightBinary, ["probe", "icmp", "127.0.0.1", "--count", "3", "--interval", "20"])
        #expect(icmp.status == 0, "\(icmp.stdout) \(icmp.stderr)")
        #expect(icmp.stdout.contains("rtt min/median/avg/max/stddev"))
        // An unresolvable name, looked up inside a namespace of our own whose resolv.conf
        // (ip netns exec mounts /etc/netns/NS/resolv.conf) points at its own loopback: the
        // query never leaves this test, and nothing answers it.
        let ns = "nsprobe\(getpid() % 100_000)"
        _ = try? runTool("/usr/sbin/ip", ["netns", "delete", ns])
        _ = try runTool("/usr/sbin/ip", ["netns", "add", ns])
        defer {
            _ = try? runTool("/usr/sbin/ip", ["netns", "delete", ns])
            try? FileManager.default.removeItem(atPath: "/etc/netns/\(ns)")
        }
        _ = try runTool("/usr/sbin/ip", ["-n", ns, "link", "set", "lo", "up"])
        try FileManager.default.createDirectory(atPath: "/etc/netns/\(ns)", withIntermediateDirectories: true)
        try "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n".write(
            toFile: "/etc/netns/\(ns)/resolv.conf", atomically: true, encoding: .utf8)
        let unresolvable = try runCapturing(
            "/usr/sbin/ip", ["netns", "exec", ns, Peers.netsightBinary, "probe", "icmp", "no-such-host.invalid", "--count", "1"])
        #expect(unresolvable.status == 1, "\(unresolvable.stderr)")
        #expect(unresolvable.stdout.contains("FAILED: cannot resolve no-such-host.invalid"), "\(unresolvable.stdout)")
        let usage = try runCapturing(Peers.netsightBinary, ["probe", "tcp", "127.0.0.1:1", "--count", "0"])
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("--count"))
    }

    @Test func responderCommandAnswersUDPJitterProbes() throws {
        let dir = try Peers.temporaryDirectory("responder")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let port = Peers.freeUDPPort()
        let responder = try PeerProcess(Peers.netsightBinary, ["responder", "--listen", "127.0.0.1:\(port)"], logDirectory: dir)
        defer { responder.stop() }
        Thread.sleep(forTimeInterval: 0.5)
        let run = try runCapturing(
            Peers.netsightBinary,
            ["probe", "udp-jitter", "127.0.0.1:\(port)", "--count", "50", "--interval", "5", "--codec", "g729a", "--json"])
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        let report = try #require(try Self.json(run.stdout) as? [String: Any])
        #expect(report["received"] as? Int == 50)
        let jitter = try #require(report["jitter"] as? [String: Any])
        #expect(jitter["codec"] as? String == "G.729A")
        // G.729A's equipment impairment caps R near 82 (MOS about 4.1) even on a perfect path.
        let mos = try #require(jitter["mos"] as? Double)
        #expect(mos > 3.9 && mos < 4.2, "MOS \(mos)")
        // Without a responder: every packet lost, a timeout, exit 1.
        responder.stop()
        let absent = try runCapturing(
            Peers.netsightBinary, ["probe", "udp-jitter", "127.0.0.1:\(port)", "--count", "5", "--interval", "5", "--timeout", "300"])
        #expect(absent.status == 1)
        #expect(absent.stdout.contains("5 sent, 0 received, 100.0% loss"), "\(absent.stdout)")
    }
}
