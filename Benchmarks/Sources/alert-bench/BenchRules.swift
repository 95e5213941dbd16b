import Alerting
import NetsightModel

/// The 10,000 rules: the 11 shipped defaults, 16 per site, 4 per device, and per-probe SLA
/// rules for the rest, over every metric family of the catalogue. Most select with an
/// equality on `site`, `device` or `probe` (so the engine's index applies), many add a
/// regex or a negative matcher, and thresholds differ per site and device as they do
/// when operators tune them.
enum BenchRules {
    static func eq(_ name: String, _ value: String) -> LabelMatcher { LabelMatcher(name: name, value: value) }
    static func re(_ name: String, _ value: String) -> LabelMatcher { LabelMatcher(name: name, value: value, isRegex: true) }
    static func nre(_ name: String, _ value: String) -> LabelMatcher {
        LabelMatcher(name: name, value: value, isRegex: true, isEqual: false)
    }

    static func make(_ network: BenchNetwork, count: Int = 10_000, seed: UInt64 = 7) -> [AlertRuleSpec] {
        var random = SeededRandom(seed: seed)
        var rules = defaults
        let iface = "{{ $labels.device }} {{ $labels.ifname }} ({{ $labels.ifalias }})"
        for site in network.sites {
            let team = LabelSet(["team": "site-\(site)"])
            let hot = Double(Int.random(in: 75...90, using: &random))
            func rule(
                _ name: String, _ metric: String, _ matchers: [LabelMatcher], _ condition: AlertCondition, for minutes: Int = 0,
                _ summary: String, severity: AlertSeverity = .warning
            ) {
                rules.append(
                    AlertRuleSpec(
                        name: "\(name)-\(site)", metric: metric, matchers: [eq("site", site)] + matchers, condition: condition,
                        forDuration: .seconds(minutes * 60), severity: severity, labels: team, summary: summary))
            }
            rule("SiteUplinkDown", "interface_oper_up", [re("ifalias", "uplink.*")], .init(.equal, raise: 0), "\(iface) down", severity: .critical)
            rule("SiteUplinkBusy", "interface_utilisation_percent", [re("ifname", "(xe|et)-.*")], .init(.above, raise: hot, clear: hot - 10), for: 5,
                 "\(iface) at {{ $value | printf \"%.0f\" }}%")
            rule("SiteInUtil", "interface_in_utilisation_percent", [], .init(.above, raise: 95, clear: 85), for: 10, "\(iface) in {{ $value | printf \"%.0f\" }}%")
            rule("SiteOutUtil", "interface_out_utilisation_percent", [], .init(.above, raise: 95, clear: 85), for: 10, "\(iface) out {{ $value | printf \"%.0f\" }}%")
            rule("SiteErrors", "interface_errors_per_second", [nre("ifname", "mgmt.*")], .init(.above, raise: 5, clear: 1), for: 5, "\(iface) {{ $value }} errors/s")
            rule("SiteDiscards", "interface_discards_per_second", [], .init(.above, raise: 50, clear: 10), for: 5, "\(iface) {{ $value }} discards/s")
            rule("SiteInBps", "interface_in_bps", [re("ifname", "ge-.*")], .init(.above, raise: 9e8, clear: 8e8), for: 15, "\(iface) in {{ $value | humanize }}bit/s")
            rule("SiteOutBps", "interface_out_bps", [re("ifname", "ge-.*")], .init(.above, raise: 9e8, clear: 8e8), for: 15, "\(iface) out {{ $value | humanize }}bit/s")
            rule("SiteDeviceDown", "device_up", [], .init(.equal, raise: 0), "{{ $labels.device }} down", severity: .critical)
            rule("SitePollFailures", "device_poll_failures", [], .init(.above, raise: 3, clear: 0), "{{ $labels.device }}: {{ $value }} failed polls", severity: .warning)
            rule("SiteCPU", "device_cpu_percent", [], .init(.above, raise: hot, clear: hot - 15), for: 5, "{{ $labels.device }} CPU {{ $value | printf \"%.0f\" }}%")
            rule("SiteStorage", "device_storage_used_percent", [nre("storage", "tmpfs|/tmp")], .init(.above, raise: 90, clear: 85), for: 30,
                 "{{ $labels.device }} {{ $labels.storage }} {{ $value | printf \"%.0f\" }}%")
            rule("SiteProbeRTT", "probe_rtt_avg_ms", [], .init(.above, raise: 150, clear: 100), for: 2, "{{ $labels.probe }} RTT {{ $value }} ms")
            rule("SiteProbeLoss", "probe_loss_percent", [], .init(.above, raise: 2, clear: 0.5), for: 2, "{{ $labels.probe }} loss {{ $value }}%")
            rule("SiteProbeJitter", "probe_jitter_ms", [eq("kind", "udp-jitter")], .init(.above, raise: 30, clear: 20), for: 2,
                 "{{ $labels.probe }} jitter {{ $value }} ms")
            rule("SiteProbeFailing", "probe_success", [], .init(.equal, raise: 0), for: 1, "{{ $labels.probe }} to {{ $labels.target }} fails", severity: .major)
        }
        for d in network.devices {
            let cpu = Double(Int.random(in: 80...95, using: &random))
            let util = Double(Int.random(in: 85...95, using: &random))
            let owner = LabelSet(["owner": d.role == .access ? "campus" : "backbone"])
            func rule(_ name: String, _ metric: String, _ matchers: [LabelMatcher], _ condition: AlertCondition, for minutes: Int, _ summary: String) {
                rules.append(
                    AlertRuleSpec(
                        name: "\(name)-\(d.name)", metric: metric, matchers: [eq("device", d.name)] + matchers, condition: condition,
                        forDuration: .seconds(minutes * 60), severity: d.role == .access ? .warning : .major, labels: owner,
                        summary: summary))
            }
            rule("CPU", "device_cpu_percent", [], .init(.above, raise: cpu, clear: cpu - 10), for: 5, "{{ $labels.device }} CPU {{ $value | printf \"%.0f\" }}%")
            rule("Util", "interface_utilisation_percent", [], .init(.above, raise: util, clear: util - 10), for: 5,
                 "\(iface) at {{ $value | printf \"%.0f\" }}%")
            rule("Errors", "interface_errors_per_second", [nre("ifname", "mgmt.*|lo.*")], .init(.above, raise: 10, clear: 2), for: 2,
                 "\(iface) {{ $value }} errors/s")
            if d.role == .access {
                rule("PortDown", "interface_oper_up", [re("ifalias", "(server|ap)-.*")], .init(.equal, raise: 0), for: 1, "\(iface) down")
            } else {
                rule("LinkDown", "interface_oper_up", [re("ifname", "(xe|et)-.*")], .init(.equal, raise: 0), for: 0, "\(iface) down")
            }
        }
        var p = 0
        while rules.count < count {
            let probe = network.probes[p % network.probes.count]
            let round = p / network.probes.count
            let metric = ["probe_rtt_median_ms", "probe_rtt_max_ms", "probe_rtt_avg_ms"][round % 3]
            let sla = (probe.rtt * 3 + 20).rounded()
            rules.append(
                AlertRuleSpec(
                    name: "SLA-\(metric)-\(probe.id)", metric: metric, matchers: [eq("probe", probe.id)],
                    condition: .init(.above, raise: sla * (round % 3 == 1 ? 2 : 1), clear: sla * 0.8), forDuration: .seconds(60),
                    severity: .major, labels: ["sla": "gold"], summary: "{{ $labels.probe }} {{ $value }} ms over SLA {{ $raise }} ms"))
            p += 1
        }
        return rules
    }

    /// The shipped defaults (NetsightServer's DefaultAlertRules), as specs.
    static let defaults: [AlertRuleSpec] = [
        AlertRuleSpec(name: "DeviceDown", metric: "device_up", condition: .init(.equal, raise: 0), severity: .critical,
                      summary: "{{ $labels.device }} does not answer SNMP"),
        AlertRuleSpec(name: "InterfaceDown", metric: "interface_oper_up", condition: .init(.equal, raise: 0), severity: .major,
                      summary: "{{ $labels.device }} {{ $labels.ifname }} is down"),
        AlertRuleSpec(name: "InterfaceUtilisationHigh", metric: "interface_utilisation_percent", condition: .init(.above, raise: 90, clear: 80),
                      forDuration: .seconds(300), severity: .warning,
                      summary: "{{ $labels.device }} {{ $labels.ifname }} at {{ $value | printf \"%.0f\" }}% of its speed"),
        AlertRuleSpec(name: "InterfaceErrors", metric: "interface_errors_per_second", condition: .init(.above, raise: 1, clear: 0.1),
                      forDuration: .seconds(300), severity: .warning,
                      summary: "{{ $labels.device }} {{ $labels.ifname }}: {{ $value | printf \"%.1f\" }} errors/s"),
        AlertRuleSpec(name: "DeviceCPUHigh", metric: "device_cpu_percent", condition: .init(.above, raise: 90, clear: 75),
                      forDuration: .seconds(600), severity: .warning, summary: "{{ $labels.device }} CPU at {{ $value | printf \"%.0f\" }}%"),
        AlertRuleSpec(name: "DeviceStorageFull", metric: "device_storage_used_percent", condition: .init(.above, raise: 95, clear: 90),
                      forDuration: .seconds(900), severity: .warning,
                      summary: "{{ $labels.device }} {{ $labels.storage }} {{ $value | printf \"%.0f\" }}% full"),
        AlertRuleSpec(name: "ProbeFailing", metric: "probe_success", condition: .init(.equal, raise: 0), severity: .major,
                      summary: "probe {{ $labels.probe }} to {{ $labels.target }} fails"),
        AlertRuleSpec(name: "ProbeLossHigh", metric: "probe_loss_percent", condition: .init(.above, raise: 5, clear: 1),
                      forDuration: .seconds(120), severity: .warning,
                      summary: "probe {{ $labels.probe }} to {{ $labels.target }}: {{ $value | printf \"%.0f\" }}% loss"),
        AlertRuleSpec(name: "VoiceQualityLow", metric: "probe_mos", condition: .init(.below, raise: 3.6, clear: 3.8),
                      forDuration: .seconds(120), severity: .warning, summary: "probe {{ $labels.probe }}: MOS {{ $value | printf \"%.2f\" }}"),
        AlertRuleSpec(name: "CertificateExpiring", metric: "probe_certificate_days", condition: .init(.below, raise: 14, clear: 21),
                      severity: .warning, summary: "{{ $labels.target }}: certificate expires in {{ $value | printf \"%.0f\" }} days"),
        AlertRuleSpec(name: "ProbeReaction", metric: "probe_reaction_raised", condition: .init(.equal, raise: 1), severity: .warning,
                      summary: "probe {{ $labels.probe }}: reaction {{ $labels.reaction }} raised"),
    ]
}
