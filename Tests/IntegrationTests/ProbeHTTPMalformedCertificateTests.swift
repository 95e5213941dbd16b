import Foundation
import NetsightModel
import Probers
import Testing

/// The HTTPS prober against a server whose certificate is not a certificate (random
/// bytes, a cut DER, a SEQUENCE whose length lies, garbage after a good leaf, no
/// certificate at all): each must end quickly as a `.tls` failure, never a crash or a
/// hang. BoringSSL rejects every one of these during the handshake (the leaf's key is
/// parsed there, and swift-nio-ssl parses the rest of the chain before our verification
/// callback), so `TLSCertificateInspector`'s "malformed" path is not reached by them;
/// a real nginx presenting a certificate swift-certificates cannot read does reach it.
@Suite(.serialized) struct ProbeHTTPMalformedCertificateTests {
    private func spec(_ url: String) -> ProbeSpec {
        ProbeSpec(id: "http-malformed", target: url, options: .http(HTTPProbeOptions()), count: 1, timeout: .seconds(3))
    }

    /// What BoringSSL names for each variant: the message must carry it so a person can
    /// tell a broken certificate from a broken connection.
    private func expectedMessage(_ variant: MalformedTLSServer.Variant) -> String {
        switch variant {
        case .garbage, .truncated, .wrongLength:
            "TLS handshake failed: the server's certificate is malformed (BoringSSL: CANNOT_PARSE_LEAF_CERT)"
        case .garbageChain:
            "TLS handshake failed: a certificate in the server's chain is malformed (BoringSSL: DECODE_ERROR, DECODE_ERROR, DECODE_ERROR)"
        case .empty:
            // TLS 1.2 has no empty server Certificate message: BoringSSL calls it undecodable.
            "TLS handshake failed: the server's handshake message is malformed (BoringSSL: DECODE_ERROR)"
        }
    }

    @Test(arguments: MalformedTLSServer.Variant.allCases)
    func malformedCertificateIsAQuickTLSFailure(_ variant: MalformedTLSServer.Variant) async throws {
        guard let openssl = Peers.find("openssl"), let python = Peers.python else { return }
        let dir = try Peers.temporaryDirectory("malformed-tls")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let certs = try TestCertificates(openssl: openssl, in: dir)
        let der = "\(dir)/valid.der"
        try runTool(openssl, ["x509", "-in", certs.valid.certificateFile, "-outform", "DER", "-out", der])
        let server = try MalformedTLSServer(python: python, variant: variant, leafDER: der, directory: dir)
        defer { server.stop() }
        let clock = ContinuousClock()
        let started = clock.now
        let result = await HTTPProber().run(spec("https://127.0.0.1:\(server.port)/"), scheduledAt: nil)
        // The fake never closes first: an answer within the timeout means the client
        // itself gave up on the certificate.
        #expect(clock.now - started < .seconds(1), "\(variant) took \(clock.now - started)")
        #expect(!result.success)
        #expect(result.failure?.reason == .tls, "\(variant): \(String(describing: result.failure))")
        #expect(result.failure?.message == expectedMessage(variant))
        #expect(result.http?.tls == nil)
        #expect(result.address == "127.0.0.1")
    }

    /// The inspector's "malformed" path, reached through a real nginx: its chain is a good
    /// leaf plus an Ed448 certificate, which OpenSSL sends and BoringSSL parses (it only
    /// needs the leaf's key) but swift-certificates cannot read.
    @Test func unreadableSecondCertificateReachesTheInspector() async throws {
        guard let nginx = Peers.find("nginx"), let openssl = Peers.find("openssl") else { return }
        let dir = try Peers.temporaryDirectory("malformed-chain")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let certs = try TestCertificates(openssl: openssl, in: dir)
        try runTool(openssl, [
            "req", "-x509", "-newkey", "ed448", "-nodes", "-keyout", "\(dir)/ed448.key", "-out", "\(dir)/ed448.pem",
            "-days", "10", "-subj", "/CN=Ed448 intermediate",
        ])
        let chain = try String(contentsOfFile: certs.valid.certificateFile, encoding: .utf8)
            + String(contentsOfFile: "\(dir)/ed448.pem", encoding: .utf8)
        try chain.write(toFile: "\(dir)/chain.pem", atomically: true, encoding: .utf8)
        let port = freeTCPPort()
        try FileManager.default.createDirectory(atPath: "\(dir)/www", withIntermediateDirectories: true)
        try "ok\n".write(toFile: "\(dir)/www/index.html", atomically: true, encoding: .utf8)
        let config = """
            pid \(dir)/nginx.pid;
            error_log \(dir)/error.log info;
            events { worker_connections 16; }
            http {
                access_log \(dir)/access.log;
                client_body_temp_path \(dir)/body;
                proxy_temp_path \(dir)/proxy;
                fastcgi_temp_path \(dir)/fastcgi;
                uwsgi_temp_path \(dir)/uwsgi;
                scgi_temp_path \(dir)/scgi;
                server {
                    listen 127.0.0.1:\(port) ssl;
                    ssl_certificate \(dir)/chain.pem;
                    ssl_certificate_key \(certs.valid.keyFile);
                    root \(dir)/www;
                }
            }

            """
        try config.write(toFile: "\(dir)/nginx.conf", atomically: true, encoding: .utf8)
        let process = try PeerProcess(
            nginx, ["-p", dir, "-e", "\(dir)/error.log", "-c", "\(dir)/nginx.conf", "-g", "daemon off; master_process off;"],
            logDirectory: dir)
        defer { process.stop(signal: SIGQUIT) }
        let deadline = Date().addingTimeInterval(5)
        while !nginxAccepts(port) {
            guard Date() < deadline, process.isRunning else { throw ToolError(message: "nginx did not come up: \(process.log)") }
            usleep(20_000)
        }
        let result = await HTTPProber().run(spec("https://localhost:\(port)/"), scheduledAt: nil)
        #expect(result.failure?.reason == .tls)
        let message = result.failure?.message ?? ""
        #expect(message.hasPrefix("TLS: cannot read certificate 1 of the chain (unsupportedPublicKeyAlgorithm"), "\(message)")
        #expect(!message.contains(".swift:"), "no source locations in messages: \(message)")
        #expect(message.contains("1.3.101.113"), "the Ed448 OID: \(message)")
        // The handshake and the request went through; only the inspection failed.
        #expect(result.http?.statusCode == 200)
        #expect(result.http?.tlsMicros ?? 0 > 0)
        #expect(result.http?.tls == nil)
        // `insecure` does not help: the chain cannot be read, so there are no facts to waive.
        let insecure = await HTTPProber().run(
            ProbeSpec(id: "http-malformed", target: "https://localhost:\(port)/", options: .http(HTTPProbeOptions(insecure: true)),
                      count: 1, timeout: .seconds(3)), scheduledAt: nil)
        #expect(insecure.failure?.reason == .tls)
    }
}
