import Foundation
import NetsightModel
import NetsightServer
import Testing

/// HTTPS through NIOSSL: a webhook behind a private CA is delivered to when the
/// configuration names the CA (`ca_file`), and refused (retried, visibly) when it does not.
@Suite(.serialized) struct WebhookTLSTests {
    @Test func httpsWebhookTrustsOnlyTheConfiguredCA() async throws {
        guard let openssl = Peers.find("openssl") else { return }
        let dir = try Peers.temporaryDirectory("webhook-tls")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let certs = try TestCertificates(openssl: openssl, in: dir)
        guard let sink = try WebhookSink.start(tls: (certs.valid.certificateFile, certs.valid.keyFile)) else { return }
        defer { sink.stop() }
        #expect(sink.url("/x").hasPrefix("https://127.0.0.1:"))
        let closed = try LoopbackTCPListener()
        let closedPort = closed.port
        closed.close()
        let yaml = """
            alerting:
              evaluation_interval: 1s
              receivers:
                - name: trusted
                  webhook: {url: "\(sink.url("/trusted"))", ca_file: "\(certs.caFile)"}
                - name: untrusted
                  webhook: {url: "\(sink.url("/untrusted"))"}
                  retry: {initial: 200ms, max: 1s}
              routes:
                - receivers: [trusted, untrusted]
                  group_wait: 1s

            """
        let parsed = try NetsightConfiguration.parse(yaml: yaml, file: dir + "/netsight.yaml")
        #expect(parsed.alerting.receivers.first?.caFile == certs.caFile)
        let server = try await RunningServer(dataDirectory: dir + "/data") { c in
            c.alerting = parsed.alerting
            c.probes = [
                ProbeSpec(
                    id: "web-down", target: "127.0.0.1:\(closedPort)", options: .tcp, labels: ["site": "ldn"],
                    interval: .seconds(1), count: 1, timeout: .milliseconds(300)),
            ]
        }
        let trusted = try await sink.waitForPosts(path: "/trusted", count: 1, timeout: 15)
        #expect(trusted.first?.body?.alerts.first?.labels["probe"] == "web-down")
        // The untrusted one never gets past the handshake: retried, nothing recorded.
        var retried = false
        for _ in 0..<100 where !retried {
            let (_, metrics) = try await httpGet(port: server.httpPort, path: "/metrics")
            retried = metrics.contains(#"netsight_alert_delivery_attempts_total{receiver="untrusted",result="retry"}"#)
            if !retried { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(retried)
        #expect(try sink.received("/untrusted").isEmpty)
        try await server.stop()
    }
}
