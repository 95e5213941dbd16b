import Foundation
import NIOPosix
import NetsightModel
import Probers
import Testing

/// Our HTTP and TCP probers and the real blackbox_exporter probe the same nginx targets
/// in the same test, and must agree: success, status code, certificate expiry to the
/// second, and phase timings within `timingTolerance`.
///
/// The tolerance is absolute: on loopback every phase is well under a millisecond to a
/// few milliseconds on both sides, and two separate requests moments apart on a shared
/// 2-core machine differ by scheduling noise, not by what is measured; 50 ms still
/// catches a phase counted in the wrong place (a TLS handshake folded into "connect", a
/// body transfer into "first byte") or a unit error (ms for µs) by orders of magnitude.
@Suite(.serialized) struct BlackboxExporterComparisonTests {
    static let timingTolerance = 0.050

    private struct Row {
        let name: String
        let ours: Double?
        let theirs: Double?
    }

    private func seconds(_ micros: Int64?) -> Double? { micros.map { Double($0) / 1e6 } }

    private func compare(_ label: String, _ rows: [Row], sourceLocation: SourceLocation = #_sourceLocation) {
        print("[blackbox vs netsight] \(label)")
        for row in rows {
            let o = row.ours.map { String(format: "%9.3f ms", $0 * 1000) } ?? "        -   "
            let t = row.theirs.map { String(format: "%9.3f ms", $0 * 1000) } ?? "        -   "
            print("  \(row.name.padding(toLength: 10, withPad: " ", startingAt: 0)) netsight \(o)   blackbox \(t)")
            if let ours = row.ours, let theirs = row.theirs {
                #expect(abs(ours - theirs) < Self.timingTolerance, "\(label) \(row.name): \(ours) vs \(theirs)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func httpAndHTTPSAgreeWithBlackboxExporter() async throws {
        guard let nginx = Peers.find("nginx"), let openssl = Peers.find("openssl"),
            let blackbox = Peers.find("prometheus-blackbox-exporter")
        else { return }
        let dir = try Peers.temporaryDirectory("blackbox")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let certs = try TestCertificates(openssl: openssl, in: dir)
        let server = try NginxServer(nginx: nginx, certificates: certs, directory: dir)
        defer { server.stop() }
        let exporter = try BlackboxExporter(executable: blackbox, caFile: certs.caFile, directory: dir)
        defer { exporter.stop() }
        let prober = HTTPProber()
        let refused = freeTCPPort()

        let cases: [(label: String, url: String, module: String, options: HTTPProbeOptions, success: Bool)] = [
            ("http 200", "http://localhost:\(server.httpPort)/", "http_2xx", HTTPProbeOptions(family: .ipv4), true),
            ("http 404", "http://localhost:\(server.httpPort)/missing", "http_2xx", HTTPProbeOptions(family: .ipv4), false),
            ("https ok", "https://localhost:\(server.httpsValidPort)/", "https_ca",
             HTTPProbeOptions(caFile: certs.caFile, family: .ipv4), true),
            ("https expired", "https://localhost:\(server.httpsExpiredPort)/", "https_ca",
             HTTPProbeOptions(caFile: certs.caFile, family: .ipv4), false),
            ("https wrong name", "https://localhost:\(server.httpsWrongNamePort)/", "https_ca",
             HTTPProbeOptions(caFile: certs.caFile, family: .ipv4), false),
            ("http refused", "http://127.0.0.1:\(refused)/", "http_2xx", HTTPProbeOptions(family: .ipv4), false),
        ]
        // One warm-up request each, so neither side's first-use costs (TLS library setup,
        // trust store loading) land in the compared numbers.
        _ = try exporter.probe(target: cases[2].url, module: "https_ca")
        _ = await prober.run(ProbeSpec(id: "warm", target: cases[2].url, options: .http(cases[2].options), count: 1), scheduledAt: nil)

        for c in cases {
            let theirs = try exporter.probe(target: c.url, module: c.module)
            let ours = await prober.run(
                ProbeSpec(id: "cmp", target: c.url, options: .http(c.options), count: 1, timeout: .seconds(5)), scheduledAt: nil)
            #expect(theirs.success == c.success, "blackbox \(c.label): \(theirs.text)")
            #expect(ours.success == c.success, "netsight \(c.label): \(String(describing: ours.failure))")
            #expect(ours.success == theirs.success, "\(c.label)")
            let theirStatus = theirs["probe_http_status_code"].map(Int.init) ?? 0
            if ours.failure?.reason == .tls {
                // A deliberate difference: blackbox_exporter (Go's TLS) aborts the handshake
                // on a bad certificate and reports status 0; we finish it so the facts (and
                // the status, for `insecure`) are reported, and fail the run afterwards.
                #expect(theirStatus == 0, "\(c.label) status")
                #expect(ours.http?.statusCode == 200, "\(c.label) status")
            } else {
                #expect((ours.http?.statusCode ?? 0) == theirStatus, "\(c.label) status")
            }
            if let expiry = theirs["probe_ssl_earliest_cert_expiry"] {
                let ourExpiry = try #require(ours.http?.tls?.earliestExpiry, "\(c.label)")
                #expect(ourExpiry.timeIntervalSince1970 == expiry, "\(c.label) expiry")
            }
            if ours.success {
                let h = try #require(ours.http)
                compare(c.label, [
                    Row(name: "resolve", ours: seconds(h.resolveMicros), theirs: theirs.phase("resolve")),
                    Row(name: "connect", ours: seconds(h.connectMicros), theirs: theirs.phase("connect")),
                    Row(name: "tls", ours: seconds(h.tlsMicros), theirs: c.url.hasPrefix("https") ? theirs.phase("tls") : nil),
                    Row(name: "firstbyte", ours: seconds(h.firstByteMicros), theirs: theirs.phase("processing")),
                    Row(name: "transfer", ours: seconds(h.transferMicros), theirs: theirs.phase("transfer")),
                    Row(name: "total", ours: seconds(h.totalMicros), theirs: theirs.durationSeconds),
                ])
            } else {
                print("[blackbox vs netsight] \(c.label): both failed; netsight says \(ours.failure?.message ?? "-")")
            }
        }
    }

    @Test func tcpConnectAgreesWithBlackboxExporter() async throws {
        guard let nginx = Peers.find("nginx"), let openssl = Peers.find("openssl"),
            let blackbox = Peers.find("prometheus-blackbox-exporter")
        else { return }
        let dir = try Peers.temporaryDirectory("blackbox-tcp")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let certs = try TestCertificates(openssl: openssl, in: dir)
        let server = try NginxServer(nginx: nginx, certificates: certs, directory: dir)
        defer { server.stop() }
        let exporter = try BlackboxExporter(executable: blackbox, caFile: certs.caFile, directory: dir)
        defer { exporter.stop() }
        let prober = TCPConnectProber(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        let refused = freeTCPPort()

        for (target, success) in [("127.0.0.1:\(server.httpPort)", true), ("127.0.0.1:\(refused)", false)] {
            let theirs = try exporter.probe(target: target, module: "tcp_connect")
            let ours = await prober.run(
                ProbeSpec(id: "tcp", target: target, options: .tcp, count: 1, timeout: .seconds(5)), scheduledAt: nil)
            #expect(theirs.success == success, "blackbox \(target): \(theirs.text)")
            #expect(ours.success == success, "netsight \(target): \(String(describing: ours.failure))")
            if success {
                compare("tcp \(target)", [
                    Row(name: "connect", ours: seconds(ours.samplesMicros.first ?? nil), theirs: theirs.durationSeconds)
                ])
            }
        }
    }
}
