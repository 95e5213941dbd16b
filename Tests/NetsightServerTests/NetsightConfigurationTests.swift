import NetsightModel
import Testing

@testable import NetsightServer

@Suite struct NetsightConfigurationTests {
    @Test func emptyFileIsTheEmbeddedDefault() throws {
        let c = try NetsightConfiguration.parse(yaml: "", file: "empty.yaml")
        var expected = NetsightConfiguration()
        // The shipped rules run even without an `alerting:` section.
        expected.alerting.rules = try AlertRulesFile.parse(yaml: DefaultAlertRules.yaml, file: "(default rules)")
        #expect(c == expected)
        #expect(c.alerting.rules.map(\.name).contains("DeviceDown"))
        #expect(c.netflowListen == .init(host: "0.0.0.0", port: 2055))
        #expect(c.sflowListen == .init(host: "0.0.0.0", port: 6343))
        #expect(c.httpListen == .init(host: "127.0.0.1", port: 8080))
        #expect(c.dataDirectory == "./netsight-data")
    }

    @Test func fullFileIsRead() throws {
        let yaml = """
            data_dir: /var/lib/netsight
            listen:
              netflow: "[::]:9995"
              sflow: "off"
              http: 127.0.0.1:9090
            retention:
              raw: 2d
              rollups: 30d
            ingest:
              queue_records: 50000
            exporters:
              - address: 192.0.2.1
                name: edge-ldn-1
                site: ldn
                sampling: 1000
              - address: 2001:db8::1
            sites:
              - name: ldn
                prefixes: [10.1.0.0/16, 2001:db8:1::/48]
              - name: nyc
                prefixes:
                  - 10.2.0.0/16
            """
        let c = try NetsightConfiguration.parse(yaml: yaml, file: "n.yaml")
        #expect(c.dataDirectory == "/var/lib/netsight")
        #expect(c.netflowListen == .init(host: "::", port: 9995))
        #expect(c.sflowListen == nil)
        #expect(c.httpListen.port == 9090)
        #expect(c.rawRetentionMillis == 2 * 86_400_000)
        #expect(c.rollupRetentionMillis == 30 * 86_400_000)
        #expect(c.queueRecords == 50_000)
        #expect(c.exporters.count == 2)
        #expect(c.exporters[0] == .init(address: IPAddress("192.0.2.1")!, name: "edge-ldn-1", site: "ldn", sampling: 1000))
        #expect(c.exporters[1].name == "2001:db8::1")
        #expect(c.exporters[1].sampling == nil)
        #expect(c.sites.map(\.name) == ["ldn", "nyc"])
        #expect(c.sites[0].prefixes == [IPPrefix("10.1.0.0/16")!, IPPrefix("2001:db8:1::/48")!])
    }

    /// Each bad file must fail naming the key path and the line the engineer has to fix.
    @Test(arguments: [
        ("listen:\n  netflw: 0.0.0.0:2055\n", "listen.netflw", 2, "unknown key"),
        ("data_dir: x\nretension:\n  raw: 1d\n", "retension", 2, "unknown key"),
        ("sites:\n  - name: a\n    prefixes: [10.0.0/8]\n", "sites[0].prefixes[0]", 3, "not an IP prefix"),
        ("sites:\n  - name: a\n    prefixes: [10.0.0.0/33]\n", "sites[0].prefixes[0]", 3, "not an IP prefix"),
        ("exporters:\n  - address: 300.1.1.1\n", "exporters[0].address", 2, "not an IP address"),
        ("exporters:\n  - address: 192.0.2.1\n    sampling: lots\n", "exporters[0].sampling", 3, "whole number"),
        ("exporters:\n  - address: 192.0.2.1\n    sampling: 0\n", "exporters[0].sampling", 3, "out of range"),
        ("retention:\n  raw: 7 days\n", "retention.raw", 2, "duration"),
        ("listen:\n  http: localhost\n", "listen.http", 2, "HOST:PORT"),
        ("exporters: 5\n", "exporters", 1, "expected a list"),
        ("sites:\n  - name: a\n  - name: a\n", "sites[1].name", 3, "listed twice"),
        ("ingest:\n  queue_records: 10\n", "ingest.queue_records", 2, "out of range"),
    ] as [(String, String, Int, String)])
    func badFilesNameKeyAndLine(yaml: String, key: String, line: Int, problem: String) {
        do {
            _ = try NetsightConfiguration.parse(yaml: yaml, file: "bad.yaml")
            Issue.record("accepted a bad configuration: \(yaml)")
        } catch {
            #expect(error.key == key)
            #expect(error.line == line)
            #expect(error.problem.contains(problem), "\(error.problem)")
            #expect(error.description.hasPrefix("bad.yaml:\(line): \(key): "))
        }
    }

    @Test func yamlSyntaxErrorHasALine() {
        do {
            _ = try NetsightConfiguration.parse(yaml: "listen:\n  http: [unclosed\n", file: "s.yaml")
            Issue.record("accepted broken YAML")
        } catch {
            #expect(error.line != nil)
            #expect(error.problem.contains("not valid YAML"))
        }
    }
}
