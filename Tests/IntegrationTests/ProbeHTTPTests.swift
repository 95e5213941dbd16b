import Foundation
import NetsightModel
import Probers
import Testing

/// The HTTP(S) prober against a real nginx with certificates made by the real openssl:
/// status and body rules, each TLS fact (trust, name, expiry) and its failure, and the
/// phase timings.
@Suite(.serialized) struct ProbeHTTPTests {
    private func spec(_ url: String, _ options: HTTPProbeOptions = HTTPProbeOptions(), timeout: Duration = .seconds(3)) -> ProbeSpec {
        ProbeSpec(id: "http-test", target: url, options: .http(options), count: 1, timeout: timeout)
    }

    /// Runs `body` with a fresh PKI and nginx; removes both after.
    private func withNginx(_ label: String, _ body: (TestCertificates, NginxServer) async throws -> Void) async throws {
        guard let nginx = Peers.find("nginx"), let openssl = Peers.find("openssl") else { return }
        let dir = try Peers.temporaryDirectory(label)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let certificates = try TestCertificates(openssl: openssl, in: dir)
        let server = try NginxServer(nginx: nginx, certificates: certificates, directory: dir)
        defer { server.stop() }
        try await body(certificates, server)
    }

    @Test func httpOKWithBodyRegexMatchAndMismatch() async throws {
        try await withNginx("http-ok") { _, nginx in
            let url = "http://127.0.0.1:\(nginx.httpPort)/"
            let good = await HTTPProber().run(spec(url, HTTPProbeOptions(bodyRegex: "<h1>netsight probe [a-z]+</h1>")), scheduledAt: nil)
            #expect(good.success, "\(String(describing: good.failure))")
            #expect(good.http?.statusCode == 200)
            #expect(good.http?.bodyMatched == true)
            #expect(good.http?.bodyBytes == NginxServer.indexBody.utf8.count)
            #expect(good.address == "127.0.0.1")
            #expect(good.http?.tls == nil)

            let bad = await HTTPProber().run(spec(url, HTTPProbeOptions(bodyRegex: "status: *green")), scheduledAt: nil)
            #expect(!bad.success)
            #expect(bad.failure?.reason == .unexpectedAnswer)
            #expect(bad.failure?.message.contains("status: *green") == true)
            #expect(bad.http?.bodyMatched == false)
            #expect(bad.http?.statusCode == 200)
        }
    }

    @Test func missingPathIsUnexpectedStatus() async throws {
        try await withNginx("http-404") { _, nginx in
            let result = await HTTPProber().run(spec("http://localhost:\(nginx.httpPort)/no/such/page"), scheduledAt: nil)
            #expect(!result.success)
            #expect(result.failure?.reason == .unexpectedAnswer)
            #expect(result.failure?.message.contains("404") == true)
            #expect(result.http?.statusCode == 404)
            // The same path counts as success when 404 is what was asked for.
            let expected = await HTTPProber().run(
                spec("http://localhost:\(nginx.httpPort)/no/such/page", HTTPProbeOptions(expectedStatus: [404])), scheduledAt: nil)
            #expect(expected.success)
        }
    }

    @Test func validCertificateWithPrivateCA() async throws {
        try await withNginx("https-ok") { certs, nginx in
            for host in ["localhost", "127.0.0.1"] {
                let start = Date()
                let result = await HTTPProber().run(
                    spec("https://\(host):\(nginx.httpsValidPort)/", HTTPProbeOptions(caFile: certs.caFile)), scheduledAt: nil)
                #expect(result.success, "\(host): \(String(describing: result.failure))")
                let tls = try #require(result.http?.tls)
                #expect(tls.chainVerified)
                #expect(tls.hostnameVerified)
                #expect(tls.verificationError == nil)
                #expect(tls.version == "TLSv1.3" || tls.version == "TLSv1.2")
                #expect(tls.leafSubject?.contains("CN=localhost") == true)
                #expect(tls.leafIssuer?.contains("Netsight Test CA") == true)
                #expect(tls.earliestExpiry == certs.valid.notAfter)
                let expectedDays = certs.valid.notAfter.timeIntervalSince(start) / 86_400
                #expect(abs((tls.daysLeft ?? 0) - expectedDays) < 0.001)
                #expect(abs((tls.daysLeft ?? 0) - TestCertificates.validDays) < 0.01)
            }
            // Without the CA file the same server is untrusted.
            let untrusted = await HTTPProber().run(spec("https://localhost:\(nginx.httpsValidPort)/"), scheduledAt: nil)
            #expect(!untrusted.success)
            #expect(untrusted.failure?.reason == .tls)
            #expect(untrusted.failure?.message.contains("not trusted") == true)
            #expect(untrusted.http?.tls?.chainVerified == false)
            #expect(untrusted.http?.tls?.hostnameVerified == true)
        }
    }

    @Test func expiredCertificateFailsUnlessInsecure() async throws {
        try await withNginx("https-expired") { certs, nginx in
            let url = "https://localhost:\(nginx.httpsExpiredPort)/"
            let result = await HTTPProber().run(spec(url, HTTPProbeOptions(caFile: certs.caFile)), scheduledAt: nil)
            #expect(!result.success)
            #expect(result.failure?.reason == .tls)
            #expect(result.failure?.message.hasPrefix("certificate expired 3.0 days ago") == true, "\(String(describing: result.failure))")
            let tls = try #require(result.http?.tls)
            #expect((tls.daysLeft ?? 0) < 0)
            #expect(abs((tls.daysLeft ?? 0) + TestCertificates.expiredDaysAgo) < 0.01)
            #expect(!tls.chainVerified)
            #expect(tls.hostnameVerified)
            #expect(tls.earliestExpiry == certs.expired.notAfter)

            let insecure = await HTTPProber().run(spec(url, HTTPProbeOptions(caFile: certs.caFile, insecure: true)), scheduledAt: nil)
            #expect(insecure.success, "\(String(describing: insecure.failure))")
            #expect(insecure.http?.statusCode == 200)
            #expect(insecure.http?.tls?.chainVerified == false)
            #expect((insecure.http?.tls?.daysLeft ?? 0) < 0)
        }
    }

    @Test func wrongNameFailsUnlessInsecure() async throws {
        try await withNginx("https-wrong") { certs, nginx in
            let url = "https://localhost:\(nginx.httpsWrongNamePort)/"
            let result = await HTTPProber().run(spec(url, HTTPProbeOptions(caFile: certs.caFile)), scheduledAt: nil)
            #expect(!result.success)
            #expect(result.failure == ProbeFailure(.tls, "certificate for 'wrong.example' does not match 'localhost'"))
            #expect(result.http?.tls?.hostnameVerified == false)
            #expect(result.http?.tls?.chainVerified == true)

            let insecure = await HTTPProber().run(spec(url, HTTPProbeOptions(caFile: certs.caFile, insecure: true)), scheduledAt: nil)
            #expect(insecure.success)
            #expect(insecure.http?.tls?.hostnameVerified == false)
            #expect(insecure.http?.tls?.leafSubject?.contains("wrong.example") == true)
        }
    }

    @Test func minimumDaysLeft() async throws {
        try await withNginx("https-min") { certs, nginx in
            let url = "https://localhost:\(nginx.httpsValidPort)/"
            let strict = await HTTPProber().run(
                spec(url, HTTPProbeOptions(caFile: certs.caFile, minimumCertificateDays: 60)), scheduledAt: nil)
            #expect(strict.failure?.reason == .tls)
            #expect(strict.failure?.message.contains("fewer than the 60 required") == true)
            let lenient = await HTTPProber().run(
                spec(url, HTTPProbeOptions(caFile: certs.caFile, minimumCertificateDays: 30)), scheduledAt: nil)
            #expect(lenient.success)
        }
    }

    @Test func phaseTimingsArePresentAndAddUp() async throws {
        try await withNginx("https-timing") { certs, nginx in
            let result = await HTTPProber().run(
                spec("https://localhost:\(nginx.httpsValidPort)/", HTTPProbeOptions(caFile: certs.caFile)), scheduledAt: nil)
            let h = try #require(result.http)
            let phases = [h.resolveMicros, h.connectMicros, h.tlsMicros, h.firstByteMicros, h.transferMicros]
            #expect(phases.allSatisfy { $0 != nil && $0! >= 0 })
            let total = try #require(h.totalMicros)
            let sum = phases.compactMap { $0 }.reduce(0, +)
            #expect(sum <= total)
            // Cumulative points: connected ≤ TLS done ≤ first byte ≤ end.
            let connected = h.resolveMicros! + h.connectMicros!
            let tlsDone = connected + h.tlsMicros!
            #expect(connected <= tlsDone && tlsDone + h.firstByteMicros! <= total)
            #expect(h.tlsMicros! > 0)
            #expect(total <= result.durationMicros)
            #expect(result.samplesMicros == [total])
        }
    }

    @Test func bodyIsCountedWholeButSearchedOnlyInTheFirstMiB() async throws {
        try await withNginx("http-big") { _, nginx in
            let url = "http://127.0.0.1:\(nginx.httpPort)/big.txt"
            let head = await HTTPProber().run(spec(url, HTTPProbeOptions(bodyRegex: "^BEGIN")), scheduledAt: nil)
            #expect(head.success)
            #expect(head.http?.bodyBytes == NginxServer.bigBodySize)
            let tail = await HTTPProber().run(spec(url, HTTPProbeOptions(bodyRegex: "END-MARKER")), scheduledAt: nil)
            #expect(tail.http?.bodyMatched == false)
            #expect(tail.failure?.reason == .unexpectedAnswer)
        }
    }

    @Test func refusedPort() async throws {
        let port = freeTCPPort()
        let result = await HTTPProber().run(spec("http://127.0.0.1:\(port)/"), scheduledAt: nil)
        #expect(!result.success)
        #expect(result.failure == ProbeFailure(.refused, "connection refused"))
        #expect(result.received == 0 && result.sent == 1)
    }

    @Test func garbageInsteadOfTLSOrHTTP() async throws {
        let server = try ProbeHTTPGarbageServer()
        defer { server.stop() }
        let clock = ContinuousClock()
        let started = clock.now
        let tls = await HTTPProber().run(spec("https://127.0.0.1:\(server.port)/", timeout: .seconds(2)), scheduledAt: nil)
        #expect(clock.now - started < .seconds(2))
        #expect(!tls.success)
        #expect(tls.failure?.reason == .tls, "\(String(describing: tls.failure))")
        #expect(tls.failure?.message.hasPrefix("TLS") == true)

        let http = await HTTPProber().run(spec("http://127.0.0.1:\(server.port)/", timeout: .seconds(2)), scheduledAt: nil)
        #expect(!http.success)
        #expect(http.failure?.reason == .badReply, "\(String(describing: http.failure))")
    }

    @Test func silentServerTimesOutNamingThePhase() async throws {
        let server = try ProbeHTTPGarbageServer(silent: true)
        defer { server.stop() }
        let clock = ContinuousClock()
        let started = clock.now
        let result = await HTTPProber().run(spec("https://127.0.0.1:\(server.port)/", timeout: .milliseconds(500)), scheduledAt: nil)
        let elapsed = clock.now - started
        #expect(elapsed >= .milliseconds(450) && elapsed < .milliseconds(1500), "\(elapsed)")
        #expect(result.failure == ProbeFailure(.timeout, "timeout after 500 ms waiting for the TLS handshake"))
        let plain = await HTTPProber().run(spec("http://127.0.0.1:\(server.port)/", timeout: .milliseconds(500)), scheduledAt: nil)
        #expect(plain.failure == ProbeFailure(.timeout, "timeout after 500 ms waiting for the first response byte"))
    }

    @Test func setupErrors() async {
        let badURL = await HTTPProber().run(spec("htp://x/"), scheduledAt: nil)
        #expect(badURL.failure?.reason == .setup)
        let badRegex = await HTTPProber().run(spec("http://127.0.0.1:1/", HTTPProbeOptions(bodyRegex: "(unclosed")), scheduledAt: nil)
        #expect(badRegex.failure?.reason == .setup)
        #expect(badRegex.failure?.message.contains("(unclosed") == true)
        let badCA = await HTTPProber().run(spec("https://127.0.0.1:1/", HTTPProbeOptions(caFile: "/nonexistent/ca.pem")), scheduledAt: nil)
        #expect(badCA.failure?.reason == .setup)
    }
}
