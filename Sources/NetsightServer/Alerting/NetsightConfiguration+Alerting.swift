import Foundation
import NetsightModel

extension NetsightConfiguration {
    static let alertingKeys = [
        "evaluation_interval", "rule_files", "default_rules", "routes", "receivers", "flap_detection",
        "resolved_retention", "recovery_hold", "flow_window", "flow_delay", "history_retention", "external_url", "lldp_topology",
    ]

    /// Reads the `alerting:` section, loads the rule files (paths relative to the
    /// configuration file's directory, as Prometheus does) and the default rules.
    static func parseAlerting(_ node: ConfigNode?, file: String, into config: inout NetsightConfiguration) throws(ConfigurationError) {
        var alerting = AlertingConfiguration()
        var ruleFileNodes: [ConfigNode] = []
        if let node {
            let m = try node.mapping(allowed: alertingKeys)
            if let n = m["evaluation_interval"] {
                alerting.evaluationInterval = .milliseconds(Int64(try n.millis(in: 1_000...3_600_000)))
            }
            if let n = m["rule_files"] {
                ruleFileNodes = n.node.scalar != nil ? [n] : try n.sequence()
                alerting.ruleFiles = try ruleFileNodes.map { f throws(ConfigurationError) in try f.string() }
            }
            if let n = m["default_rules"] { alerting.defaultRules = try n.bool() }
            if let n = m["flap_detection"] {
                let f = try n.mapping(allowed: ["low", "high"])
                if let l = f["low"] { alerting.flapLowPercent = try percent(l) }
                if let h = f["high"] { alerting.flapHighPercent = try percent(h) }
                if alerting.flapLowPercent >= alerting.flapHighPercent {
                    throw n.error("low (\(alerting.flapLowPercent)) must be below high (\(alerting.flapHighPercent))")
                }
            }
            if let n = m["resolved_retention"] { alerting.resolvedRetention = try n.duration() }
            if let n = m["recovery_hold"] {
                alerting.recoveryHold = try n.duration()
                if alerting.recoveryHold > alerting.resolvedRetention {
                    throw n.error("must not be longer than resolved_retention (\(Int(alerting.resolvedRetention.timeInterval))s): a resolved root is forgotten then")
                }
            }
            if let n = m["flow_window"] {
                alerting.flowWindow = try n.duration()
                let seconds = Int64(alerting.flowWindow.timeInterval)
                guard seconds >= 60, seconds <= 86_400, seconds % 60 == 0 else {
                    throw n.error("must be whole minutes between 1m and 1d (flow rollups are per minute)")
                }
            }
            if let n = m["flow_delay"] {
                alerting.flowDelay = try n.duration()
                if alerting.flowDelay > .seconds(3_600) { throw n.error("must be at most 1h") }
            }
            if let n = m["history_retention"] { alerting.historyRetention = try n.duration() }
            if let n = m["external_url"] { alerting.externalURL = try n.string() }
            if let n = m["lldp_topology"] { alerting.useLLDP = try n.bool() }
            if let n = m["receivers"] { alerting.receivers = try AlertReceiverConfig.receivers(n) }
            if let n = m["routes"] {
                alerting.routes = try AlertReceiverConfig.routes(n, receivers: Set(alerting.receivers.map(\.name)))
            }
        }
        if alerting.routes.isEmpty, !alerting.receivers.isEmpty {
            alerting.routes = [AlertRouteSpec(receivers: alerting.receivers.map(\.name))]
        }
        if alerting.defaultRules {
            alerting.rules = try AlertRulesFile.parse(yaml: DefaultAlertRules.yaml, file: "(default rules)")
        }
        let base = URL(fileURLWithPath: file).deletingLastPathComponent()
        for fileNode in ruleFileNodes {
            let path = try fileNode.string()
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
            let text: String
            do {
                text = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw fileNode.error("cannot read rule file \(url.path): \(error.localizedDescription)")
            }
            alerting.rules += try AlertRulesFile.parse(yaml: text, file: path)
        }
        try AlertRulesCheck.validate(alerting.rules)
        config.alerting = alerting
    }

    private static func percent(_ n: ConfigNode) throws(ConfigurationError) -> Double {
        let v = try n.double()
        guard (0...100).contains(v) else { throw n.error("must be a percentage between 0 and 100") }
        return v
    }
}
