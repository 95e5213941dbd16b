import Foundation
import NetsightModel
import Testing

@testable import NetsightServer

/// The `alerting:` section and rule files (docs/alerting.md).
@Suite struct AlertingConfigurationTests {
    @Test func fullSectionIsRead() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("netsight-alerting-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
            rules:
              - name: CoreUplinkBusy
                metric: interface_utilisation_percent
                match: {site: ldn}
                matchers:
                  - {name: ifname, value: "xe-.*", isRegex: true}
                above: 80
                clear: 70
                for: 2m
                keep_firing_for: 30s
                severity: major
                labels: {team: core}
                summary: "{{ $labels.ifname }} busy"
                runbook: https://wiki.example/busy
            """.write(to: dir.appendingPathComponent("core.yaml"), atomically: true, encoding: .utf8)
        let yaml = """
            alerting:
              evaluation_interval: 30s
              rule_files: [core.yaml]
              default_rules: false
              flap_detection: {low: 10, high: 40}
              resolved_retention: 5m
              external_url: http://netsight.example:8080
              receivers:
                - name: ops
                  webhook: {url: "http://127.0.0.1:9000/hook", headers: {Authorization: Bearer x}}
                  timeout: 5s
                  retry: {initial: 2s, max: 1m, give_up_after: 2h}
                - name: mail
                  email: {smarthost: "smtp.example.net:587", from: netsight@example.net, to: noc@example.net, username: n, password: p}
                - name: log
                  syslog: {address: "127.0.0.1:5514", transport: tcp, facility: local3}
              routes:
                - name: pager
                  matchers: [{name: severity, value: critical}]
                  receivers: [ops, mail]
                  group_by: [site]
                  group_wait: 10s
                  group_interval: 1m
                  repeat_interval: 1h
                  continue: true
                - receivers: log
            """
        let c = try NetsightConfiguration.parse(yaml: yaml, file: dir.appendingPathComponent("netsight.yaml").path)
        let a = c.alerting
        #expect(a.evaluationInterval == .seconds(30) && !a.defaultRules && a.flapLowPercent == 10 && a.flapHighPercent == 40)
        #expect(a.resolvedRetention == .seconds(300) && a.externalURL == "http://netsight.example:8080")
        #expect(a.rules.map(\.name) == ["CoreUplinkBusy"])
        let rule = try #require(a.rules.first)
        #expect(rule.matchers.map(\.description) == [#"ifname=~"xe-.*""#, #"site="ldn""#])
        #expect(rule.condition == AlertCondition(.above, raise: 80, clear: 70))
        #expect(rule.forDuration == .seconds(120) && rule.keepFiringFor == .seconds(30) && rule.severity == .major)
        #expect(rule.labels == ["team": "core"] && rule.runbook == "https://wiki.example/busy")
        #expect(rule.source == "core.yaml:2")
        #expect(a.receivers.map(\.name) == ["ops", "mail", "log"])
        #expect(a.receivers[0].kind == .webhook(url: "http://127.0.0.1:9000/hook", headers: ["Authorization": "Bearer x"]))
        #expect(a.receivers[0].timeout == .seconds(5) && a.receivers[0].initialBackoff == .seconds(2))
        #expect(a.receivers[0].maxBackoff == .seconds(60) && a.receivers[0].giveUpAfter == .seconds(7200))
        guard case .email(let mail) = a.receivers[1].kind else { Issue.record("not email"); return }
        #expect(mail.to == ["noc@example.net"] && mail.tls == .starttls && mail.username == "n")
        #expect(a.receivers[2].kind == .syslog(address: "127.0.0.1:5514", transport: .tcp, facility: 19, appName: "netsight"))
        #expect(a.routes.count == 2)
        #expect(a.routes[0].receivers == ["ops", "mail"] && a.routes[0].groupBy == ["site"] && a.routes[0].continue)
        #expect(a.routes[0].groupWait == .seconds(10) && a.routes[0].repeatInterval == .seconds(3600))
        #expect(a.routes[1].receivers == ["log"] && a.routes[1].groupBy == ["site", "rootcause"])
        #expect(a.routes.map(\.name) == ["pager", nil])
    }

    /// Secrets from files, as Alertmanager's `*_file` keys: read at load, trailing newline
    /// dropped, a missing or empty file or both forms at once refused.
    @Test func secretsComeFromFiles() throws {
        let dir = NSTemporaryDirectory() + "netsight-secrets-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "s3cret pass\n".write(toFile: dir + "/smtp", atomically: true, encoding: .utf8)
        try "https://hooks.slack.com/services/T0/B0/xyz\n".write(toFile: dir + "/slack", atomically: true, encoding: .utf8)
        try "\n".write(toFile: dir + "/empty", atomically: true, encoding: .utf8)
        let yaml = """
            alerting:
              receivers:
                - name: mail
                  email: {smarthost: "smtp.example.net:587", from: a@b.c, to: d@e.f, username: n, password_file: \(dir)/smtp}
                - name: chat
                  slack: {url_file: \(dir)/slack}
            """
        let a = try NetsightConfiguration.parse(yaml: yaml, file: "t.yaml").alerting
        guard case .email(let mail) = a.receivers[0].kind else { Issue.record("not email"); return }
        #expect(mail.password == "s3cret pass")
        #expect(a.receivers[1].kind == .slack(url: "https://hooks.slack.com/services/T0/B0/xyz", channel: nil))

        let bad: [(String, String, String)] = [
            ("email: {smarthost: \"h:587\", from: a@b, to: c@d, username: n, password: x, password_file: \(dir)/smtp}",
             "alerting.receivers[0].email.password_file", "not both"),
            ("email: {smarthost: \"h:587\", from: a@b, to: c@d, username: n, password_file: \(dir)/missing}",
             "alerting.receivers[0].email.password_file", "cannot read"),
            ("slack: {url_file: \(dir)/empty}", "alerting.receivers[0].slack.url_file", "is empty"),
            ("webhook: {url_file: \(dir)/smtp}", "alerting.receivers[0].webhook.url_file", "must start with http"),
        ]
        for (receiver, key, problem) in bad {
            do {
                _ = try NetsightConfiguration.parse(yaml: "alerting:\n  receivers:\n    - name: r\n      \(receiver)\n", file: "t.yaml")
                Issue.record("accepted: \(receiver)")
            } catch {
                #expect(error.key == key && error.problem.contains(problem), "\(error)")
                #expect(!error.problem.contains("s3cret"), "a secret must not appear in an error")
            }
        }
    }

    @Test func receiversWithoutRoutesGetOneRouteToAll() throws {
        let yaml = "alerting:\n  receivers:\n    - {name: a, webhook: {url: \"http://127.0.0.1:1/\"}}\n    - {name: b, slack: {url: \"https://hooks.example/x\"}}\n"
        let c = try NetsightConfiguration.parse(yaml: yaml, file: "t.yaml")
        #expect(c.alerting.routes == [AlertRouteSpec(receivers: ["a", "b"])])
    }

    @Test(arguments: [
        ("alerting:\n  colour: red\n", "alerting.colour", "unknown key"),
        ("alerting:\n  evaluation_interval: 100ms\n", "alerting.evaluation_interval", "between 1s"),
        ("alerting:\n  flap_detection: {low: 40, high: 30}\n", "alerting.flap_detection", "must be below high"),
        ("alerting:\n  resolved_retention: 5m\n  recovery_hold: 10m\n", "alerting.recovery_hold", "not be longer than resolved_retention (300s)"),
        ("alerting:\n  rule_files: [does-not-exist.yaml]\n", "alerting.rule_files[0]", "cannot read rule file"),
        ("alerting:\n  receivers:\n    - {name: a}\n", "alerting.receivers[0]", "exactly one of webhook"),
        ("alerting:\n  receivers:\n    - {name: a, webhook: {url: ftp://x}}\n", "alerting.receivers[0].webhook.url", "http:// or https://"),
        ("alerting:\n  receivers:\n    - {name: a, webhook: {url: \"https://h/\", ca_file: /nonexistent/ca.pem}}\n",
         "alerting.receivers[0].webhook.ca_file", "cannot read /nonexistent/ca.pem"),
        ("alerting:\n  receivers:\n    - {name: a, webhook: {url: \"http://h/\"}}\n    - {name: a, webhook: {url: \"http://h/\"}}\n",
         "alerting.receivers[1].name", "listed twice"),
        ("alerting:\n  receivers:\n    - {name: m, email: {smarthost: \"h:25\", from: a@b, to: c@d, tls: none, username: u, password: p}}\n",
         "alerting.receivers[0].email", "in clear"),
        ("alerting:\n  receivers:\n    - {name: m, email: {smarthost: \"h:25\", from: nobody, to: c@d}}\n",
         "alerting.receivers[0].email.from", "not an email address"),
        ("alerting:\n  receivers:\n    - {name: s, syslog: {address: \"127.0.0.1:514\", facility: local9}}\n",
         "alerting.receivers[0].syslog.facility", "facility name"),
        ("alerting:\n  receivers:\n    - {name: a, webhook: {url: \"http://h/\"}}\n  routes:\n    - {receivers: [b]}\n",
         "alerting.routes[0].receivers", "unknown receiver \"b\""),
        ("alerting:\n  receivers:\n    - {name: a, webhook: {url: \"http://h/\"}}\n  routes:\n    - {receivers: [a], group_interval: 10m, repeat_interval: 1m}\n",
         "alerting.routes[0].repeat_interval", "not be shorter"),
        ("alerting:\n  receivers:\n    - {name: a, webhook: {url: \"http://h/\"}}\n  routes:\n    - receivers: [a]\n      matchers: [{name: dev, value: \"sw-(\", isRegex: true}]\n",
         "alerting.routes[0].matchers[0]", "bad regex"),
        ("alerting:\n  receivers:\n    - {name: a, webhook: {url: \"http://h/\"}}\n  routes:\n    - {name: p, receivers: [a]}\n    - {name: p, receivers: [a]}\n",
         "alerting.routes[1].name", "already named \"p\""),
        ("alerting:\n  receivers:\n    - {name: a, webhook: {url: \"http://h/\"}}\n  routes:\n    - {name: route2, receivers: [a]}\n",
         "alerting.routes[0].name", "not routeN"),
        ("alerting:\n  receivers:\n    - {name: a, webhook: {url: \"http://h/\"}}\n  routes:\n    - {name: \"on call\", receivers: [a]}\n",
         "alerting.routes[0].name", "letters, digits and _"),
    ])
    func badSectionsNameTheKey(yaml: String, key: String, problem: String) {
        do {
            _ = try NetsightConfiguration.parse(yaml: yaml, file: "t.yaml")
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect(error.key == key, "\(error)")
            #expect(error.problem.contains(problem), "\(error)")
        }
    }

    @Test(arguments: [
        ("rules:\n  - {name: A, metric: device_up}\n", "rules[0]", "exactly one of above, below or equals"),
        ("rules:\n  - {name: A, metric: device_up, above: 1, below: 2}\n", "rules[0]", "exactly one of above"),
        ("rules:\n  - {name: \"bad name\", metric: device_up, equals: 0}\n", "rules[0].name", "letters, digits and _"),
        ("rules:\n  - {name: A, metric: device_up, equals: 0, clear: 1}\n", "rules[0].clear", "equals clears"),
        ("rules:\n  - {name: A, metric: device_up, equals: 0, severity: dire}\n", "rules[0].severity", "expected one of"),
        ("rules:\n  - {name: A, metric: device_up, equals: 0, labels: {severity: x}}\n", "rules[0].labels", "set by the rule"),
        ("rules:\n  - {name: A, metric: device_up, above: lots}\n", "rules[0].above", "expected a number"),
        ("rules:\n  - {name: A, metric: device_up, equals: 0, for: soon}\n", "rules[0].for", "duration"),
        ("rules:\n  - {name: A, metric: device_up, equals: 0, speed: 1}\n", "rules[0].speed", "unknown key"),
    ])
    func badRulesNameTheKey(yaml: String, key: String, problem: String) {
        do {
            _ = try AlertRulesFile.parse(yaml: yaml, file: "r.yaml")
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect(error.key == key, "\(error)")
            #expect(error.problem.contains(problem), "\(error)")
        }
    }

    @Test func unknownMetricSuggestsTheCloseOne() {
        let yaml = "rules:\n  - name: Busy\n    metric: interface_utilization_percent\n    above: 90\n"
        do {
            try AlertRulesCheck.validate(try AlertRulesFile.parse(yaml: yaml, file: "r.yaml"))
            Issue.record("accepted")
        } catch {
            #expect(error.file == "r.yaml" && error.line == 2 && error.key == "rules.Busy.metric")
            #expect(error.problem.contains(#"did you mean "interface_utilisation_percent""#), "\(error)")
        }
    }

    /// Matchers may be written as amtool writes them.
    @Test func matcherTextInRules() throws {
        let yaml = """
            rules:
              - {name: A, metric: interface_oper_up, equals: 0, matchers: ['ifname=~"xe-.*"', 'site!="lab"']}
            """
        let rules = try AlertRulesFile.parse(yaml: yaml, file: "r.yaml")
        #expect(rules.first?.matchers == [
            LabelMatcher(name: "ifname", value: "xe-.*", isRegex: true), LabelMatcher(name: "site", value: "lab", isEqual: false),
        ])
        do {
            _ = try AlertRulesFile.parse(yaml: "rules:\n  - {name: A, metric: device_up, equals: 0, matchers: ['site']}\n", file: "r.yaml")
            Issue.record("accepted a matcher without an operator")
        } catch {
            #expect(error.key == "rules[0].matchers[0]", "\(error)")
        }
    }

    @Test func defaultRulesAreValid() throws {
        let rules = try AlertRulesFile.parse(yaml: DefaultAlertRules.yaml, file: "(default rules)")
        try AlertRulesCheck.validate(rules)
        #expect(rules.count >= 10)
    }
}
