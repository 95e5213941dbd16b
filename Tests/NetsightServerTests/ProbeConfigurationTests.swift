import NetsightModel
import Testing

@testable import NetsightServer

/// The `probes:` section (docs/configuration.md, "Probes").
@Suite struct ProbeConfigurationTests {
    @Test func noProbesByDefault() throws {
        let c = try NetsightConfiguration.parse(yaml: "", file: "t.yaml")
        #expect(c.probes.isEmpty && c.responderListen == nil && c.probeRetentionMillis == 30 * 86_400_000)
    }

    @Test func probesAreReadWithDefaultsAndOverrides() throws {
        let yaml = """
            probes:
              defaults: {interval: 10s, count: 3, spacing: 200ms, timeout: 1s}
              retention: 7d
              responder: {listen: "127.0.0.1:1967"}
              targets:
                - id: ldn-core
                  kind: icmp
                  target: 192.0.2.1
                  labels: {site: ldn, path: core}
                  family: ipv4
                  reactions:
                    - metric: loss_percent
                      raise: 20
                      clear: 5
                      trigger: 3 of 5
                      severity: critical
                    - {metric: mos, raise: 3.6, clear: 4.0, trigger: consecutive 2}
                - id: web
                  kind: http
                  target: https://portal.example.net/health
                  interval: 30s
                  count: 1
                  expect_status: [200, 204]
                  body_regex: "ok|healthy"
                  min_certificate_days: 14
                  headers: {X-Probe: netsight}
                - id: dns-1
                  kind: dns
                  target: portal.example.net
                  server: 192.0.2.53
                  type: aaaa
                  expect: ["2001:db8::1"]
                - id: voice
                  kind: udp-jitter
                  target: "[2001:db8::9]:1967"
                  codec: G729A
                  count: 50
                  spacing: 20ms
            """
        let c = try NetsightConfiguration.parse(yaml: yaml, file: "t.yaml")
        #expect(c.probes.map(\.id) == ["ldn-core", "web", "dns-1", "voice"])
        #expect(c.responderListen == .init(host: "127.0.0.1", port: 1967))
        #expect(c.probeRetentionMillis == 7 * 86_400_000)
        let core = c.probes[0]
        #expect(core.interval == .seconds(10) && core.count == 3 && core.spacing == .milliseconds(200))
        #expect(core.timeout == .seconds(1) && core.labels == ["site": "ldn", "path": "core"])
        #expect(core.options == .icmp(ICMPProbeOptions(payloadSize: 56, family: .ipv4)))
        #expect(core.reactions == [
            ProbeReactionSpec(metric: .lossPercent, raise: 20, clear: 5, trigger: .xOfY(3, 5), severity: "critical"),
            ProbeReactionSpec(metric: .mos, direction: .below, raise: 3.6, clear: 4.0, trigger: .consecutive(2)),
        ])
        guard case .http(let http) = c.probes[1].options else { Issue.record("not http"); return }
        #expect(http.expectedStatus == [200, 204] && http.bodyRegex == "ok|healthy")
        #expect(http.minimumCertificateDays == 14 && http.headers == ["X-Probe": "netsight"])
        #expect(c.probes[1].interval == .seconds(30) && c.probes[1].count == 1)
        #expect(c.probes[2].options == .dns(DNSProbeOptions(server: "192.0.2.53", recordType: "AAAA", expectedAnswers: ["2001:db8::1"])))
        #expect(c.probes[3].options == .udpJitter(UDPJitterProbeOptions(codec: "g729a")))
    }

    @Test(arguments: [
        ("- {kind: icmp, target: x}", "needs an id"),
        ("- {id: a, kind: ping, target: x}", "expected one of icmp, tcp, udp-jitter, dns, http"),
        ("- {id: a, kind: icmp, target: x}\n    - {id: a, kind: icmp, target: y}", "listed twice"),
        ("- {id: 'a b', kind: icmp, target: x}", "letters, digits"),
        ("- {id: a, kind: icmp}", "needs a target"),
        ("- {id: a, kind: tcp, target: x, codec: g711}", "codec does not apply to tcp probes"),
        ("- {id: a, kind: http, target: example.net}", "is a URL"),
        ("- {id: a, kind: dns, target: example.net}", "needs a server"),
        ("- {id: a, kind: icmp, target: x, count: 20, spacing: 1s, interval: 10s}", "does not fit"),
        ("- {id: a, kind: icmp, target: x, timeout: 5ms}", "between 10ms and 60s"),
        ("- {id: a, kind: http, target: 'http://x/', body_regex: '(['}", "not a regular expression"),
        ("- {id: a, kind: http, target: 'http://x/', method: head, body_regex: ok}", "cannot be used with method HEAD"),
        ("- {id: a, kind: icmp, target: x, reactions: [{metric: latency, raise: 1}]}", "unknown metric \\\"latency\\\""),
        ("- {id: a, kind: icmp, target: x, reactions: [{metric: rtt_avg, raise: 10, clear: 20}]}", "wrong side"),
        ("- {id: a, kind: icmp, target: x, reactions: [{metric: rtt_avg, raise: abc}]}", "expected a number"),
        ("- {id: a, kind: icmp, target: x, reactions: [{metric: rtt_avg, raise: 1, trigger: 6 of 5}]}", "X of Y"),
        ("- {id: a, kind: udp-jitter, target: 'x:1', codec: opus}", "g711, g711plc or g729a"),
    ])
    func badProbesAreRejectedNamingTheProblem(item: String, problem: String) {
        let yaml = "probes:\n  targets:\n    " + item
        do {
            _ = try NetsightConfiguration.parse(yaml: yaml, file: "t.yaml")
            Issue.record("accepted: \(item)")
        } catch {
            #expect("\(error)".contains(problem.replacingOccurrences(of: "\\\"", with: "\"")), "\(error)")
        }
    }
}
