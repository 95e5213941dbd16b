import Foundation
import NetsightModel
import Probers
import Testing

/// The HTTP(S) prober over IPv6 loopback against a real nginx listening on [::1], with a
/// leaf made by the real openssl whose only name is the address ::1; and HEAD requests,
/// whose response carries a Content-Length but no body (a client that waits for that
/// body hangs until its timeout).
@Suite(.serialized) struct ProbeHTTPIPv6Tests {
    private func spec(_ url: String, _ options: HTTPProbeOptions = HTTPProbeOptions()) -> ProbeSpec {
        ProbeSpec(id: "http-v6", target: url, options: .http(options), count: 1, timeout: .seconds(3))
    }

    /// nginx on [::1] (plain and TLS) plus the test CA's file; both removed after.
    private func withNginx6(_ body: (_ caFile: String, _ httpPort: Int, _ httpsPort: Int) async throws -> Void) async throws {
        guard let nginx = Peers.find("nginx"), let openssl = Peers.find("openssl") else { return }
        let dir = try Peers.temporaryDirectory("http-v6")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let certs = try TestCertificates(openssl: openssl, in: dir)
        // A leaf for the address ::1, signed by the same test CA with its own config.
        let key = "\(dir)/v6.key", csr = "\(dir)/v6.csr", cert = "\(dir)/v6.pem"
        try runTool(openssl, [
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
            "-out", csr, "-subj", "/CN=ipv6 loopback",
        ])
        try runTool(
            openssl,
            ["ca", "-batch", "-notext", "-config", "\(dir)/ca.cnf", "-cert", certs.caFile, "-keyfile", "\(dir)/ca.key",
             "-in", csr, "-out", cert, "-extensions", "leaf", "-days", "10"],
            environment: ["SAN": "IP:::1"])
        let httpPort = freeTCPPort(), httpsPort = freeTCPPort()
        let www = "\(dir)/www"
        try FileManager.default.createDirectory(atPath: "\(dir)/temp", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: www, withIntermediateDirectories: true)
        try NginxServer.indexBody.write(toFile: "\(www)/index.html", atomically: true, encoding: .utf8)
        let config = """
            worker_processes 1;
            pid \(dir)/nginx.pid;
            error_log \(dir)/error.log info;
            events { worker_connections 64; }
            http {
                access_log \(dir)/access.log;
                client_body_temp_path \(dir)/temp/body;
                proxy_temp_path \(dir)/temp/proxy;
                fastcgi_temp_path \(dir)/temp/fastcgi;
                uwsgi_temp_path \(dir)/temp/uwsgi;
                scgi_temp_path \(dir)/temp/scgi;
                types { text/html html; }
                server { listen [::1]:\(httpPort); root \(www); }
                server {
                    listen [::1]:\(httpsPort) ssl;
                    ssl_certificate \(cert);
                    ssl_certificate_key \(key);
                    root \(www);
                }
            }

            """
        try config.write(toFile: "\(dir)/nginx.conf", atomically: true, encoding: .utf8)
        let process = try PeerProcess(
            nginx,
            ["-p", dir, "-e", "\(dir)/error.log", "-c", "\(dir)/nginx.conf", "-g", "daemon off; master_process off;"],
            logDirectory: dir)
        defer { process.stop(signal: SIGQUIT) }
        let deadline = Date().addingTimeInterval(5)
        while !([httpPort, httpsPort].allSatisfy(Self.acceptsOnIPv6Loopback)) {
            guard Date() < deadline, process.isRunning else {
                let log = (try? String(contentsOfFile: "\(dir)/error.log", encoding: .utf8)) ?? ""
                throw ToolError(message: "nginx on [::1] did not come up: \(process.log) \(log)")
            }
            usleep(20_000)
        }
        try await body(certs.caFile, httpPort, httpsPort)
    }

    @Test func plainHTTPOverIPv6() async throws {
        try await withNginx6 { _, httpPort, _ in
            let result = await HTTPProber().run(
                spec("http://[::1]:\(httpPort)/", HTTPProbeOptions(bodyRegex: "netsight probe page")), scheduledAt: nil)
            #expect(result.success, "\(String(describing: result.failure))")
            #expect(result.address == "::1")
            let h = try #require(result.http)
            #expect(h.statusCode == 200)
            #expect(h.bodyMatched == true)
            #expect(h.bodyBytes == NginxServer.indexBody.utf8.count)
            #expect(h.tls == nil && h.tlsMicros == nil)
            for phase in [h.resolveMicros, h.connectMicros, h.firstByteMicros, h.transferMicros, h.totalMicros] {
                #expect(phase != nil && phase! >= 0)
            }
        }
    }

    @Test func httpsOverIPv6MatchesTheAddressName() async throws {
        try await withNginx6 { caFile, _, httpsPort in
            let url = "https://[::1]:\(httpsPort)/"
            let result = await HTTPProber().run(spec(url, HTTPProbeOptions(caFile: caFile)), scheduledAt: nil)
            #expect(result.success, "\(String(describing: result.failure))")
            #expect(result.address == "::1")
            let tls = try #require(result.http?.tls)
            #expect(tls.chainVerified && tls.hostnameVerified)
            #expect(result.http?.tlsMicros ?? 0 > 0)
            #expect(result.http?.statusCode == 200)
            // Without the test CA the chain is untrusted (the name still matches).
            let other = await HTTPProber().run(spec(url, HTTPProbeOptions(family: .ipv6)), scheduledAt: nil)
            #expect(other.failure?.reason == .tls)
            #expect(other.failure?.message.contains("not trusted") == true, "\(String(describing: other.failure))")
        }
    }

    @Test func headGetsStatusWithoutWaitingForABody() async throws {
        try await withNginx6 { _, httpPort, _ in
            let url = "http://[::1]:\(httpPort)/"
            let clock = ContinuousClock()
            let started = clock.now
            let head = await HTTPProber().run(spec(url, HTTPProbeOptions(method: "HEAD")), scheduledAt: nil)
            // A client waiting for the Content-Length bytes would run into the 3 s timeout.
            #expect(clock.now - started < .seconds(1))
            #expect(head.success, "\(String(describing: head.failure))")
            #expect(head.http?.statusCode == 200)
            #expect(head.http?.bodyBytes == 0)
            #expect(head.http?.totalMicros != nil)

            // HEAD with a body regex is a configuration mistake (there is never a body):
            // refused before sending, as the config check refuses it.
            let regex = await HTTPProber().run(
                spec(url, HTTPProbeOptions(method: "HEAD", bodyRegex: "netsight")), scheduledAt: nil)
            #expect(!regex.success)
            #expect(regex.failure == ProbeFailure(.setup, "body regex cannot be used with method HEAD (HEAD responses have no body)"))
            #expect(regex.http == nil, "nothing was sent")
        }
    }

    /// Whether something accepts TCP connections on [::1]:`port`.
    static func acceptsOnIPv6Loopback(_ port: Int) -> Bool {
        let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in6()
        addr.sin6_family = sa_family_t(AF_INET6)
        addr.sin6_addr = in6addr_loopback
        addr.sin6_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        } == 0
    }
}
