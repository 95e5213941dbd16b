import Analytics
import NetsightModel
import Probers
import Yams

extension NetsightConfiguration {
    /// What every probe inherits unless it sets its own (`probes.defaults`).
    struct ProbeDefaults {
        /// 60 s: Smokeping's default step (5 min) is too coarse for a trading network;
        /// IP SLA's default frequency is 60 s.
        var intervalMillis: UInt64 = 60_000
        /// 5 packets per run: enough for a median and a loss figure, cheap at thousands of
        /// targets (Smokeping sends 20 per 5 min; IP SLA icmp-echo sends 1).
        var count = 5
        var spacingMillis: UInt64 = 1_000
        var timeoutMillis: UInt64 = 2_000
    }

    static let probeKeys = [
        "id", "kind", "target", "labels", "interval", "count", "spacing", "timeout", "reactions",
        // icmp, udp-jitter
        "payload_size", "family",
        // udp-jitter
        "codec", "trust_clocks",
        // dns
        "server", "type", "tcp", "recursion", "expect", "expect_rcode",
        // http
        "method", "expect_status", "body_regex", "ca_file", "insecure", "min_certificate_days", "headers",
    ]

    static let kindKeys: [ProbeKind: Set<String>] = [
        .icmp: ["payload_size", "family"],
        .tcp: [],
        .udpJitter: ["payload_size", "family", "codec", "trust_clocks"],
        .dns: ["server", "type", "tcp", "recursion", "expect", "expect_rcode"],
        .http: ["method", "expect_status", "body_regex", "ca_file", "insecure", "min_certificate_days", "headers", "family"],
    ]

    /// Reads the `probes:` section (docs/configuration.md, "Probes") into `probes`,
    /// `probeRetentionMillis` and `responderListen`.
    static func parseProbes(_ node: ConfigNode?, into config: inout NetsightConfiguration) throws(ConfigurationError) {
        guard let node else { return }
        let top = try node.mapping(allowed: ["defaults", "retention", "responder", "targets"])
        var defaults = ProbeDefaults()
        if let d = top["defaults"] {
            let m = try d.mapping(allowed: ["interval", "count", "spacing", "timeout"])
            if let n = m["interval"] { defaults.intervalMillis = try probeInterval(n) }
            if let n = m["count"] { defaults.count = try n.int(in: 1...1000) }
            if let n = m["spacing"] { defaults.spacingMillis = try millis(n, in: 1...60_000) }
            if let n = m["timeout"] { defaults.timeoutMillis = try millis(n, in: 10...60_000) }
        }
        if let n = top["retention"] { config.probeRetentionMillis = try n.durationMillis() }
        if let r = top["responder"] {
            let m = try r.mapping(allowed: ["listen"])
            if let n = m["listen"] {
                let text = try n.string()
                guard let hp = deviceAddress(text), text.contains(":") else {
                    throw n.error("expected HOST:PORT (IPv6 as [ADDR]:PORT), found \"\(text)\"")
                }
                config.responderListen = .init(host: hp.host, port: hp.port)
            }
        }
        guard let targets = top["targets"] else { return }
        var seen: Set<String> = []
        var specs: [ProbeSpec] = []
        for item in try targets.sequence() {
            let f = try item.mapping(allowed: probeKeys)
            guard let idNode = f["id"] else { throw item.error("a probe needs an id") }
            let id = try idNode.string()
            guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || "-_.:".contains($0) }) else {
                throw idNode.error("an id is letters, digits and - _ . : (it appears in URLs), found \"\(id)\"")
            }
            guard seen.insert(id).inserted else { throw idNode.error("probe \(id) is listed twice") }
            guard let kindNode = f["kind"] else { throw item.error("probe \(id) needs a kind") }
            let kindText = try kindNode.string()
            guard let kind = ProbeKind(rawValue: kindText) else {
                throw kindNode.error("expected one of \(ProbeKind.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(kindText)\"")
            }
            let allowed = kindKeys[kind] ?? []
            for key in probeKeys.dropFirst(9) where f[key] != nil && !allowed.contains(key) {
                throw f[key]!.error("\(key) does not apply to \(kind.rawValue) probes")
            }
            guard let targetNode = f["target"] else { throw item.error("probe \(id) needs a target") }
            let target = try targetNode.string()
            if target.isEmpty { throw targetNode.error("must not be empty") }
            if kind == .http, !(target.hasPrefix("http://") || target.hasPrefix("https://")) {
                throw targetNode.error("an http probe's target is a URL (http:// or https://), found \"\(target)\"")
            }
            var labels: [String: String] = [:]
            if let n = f["labels"] { labels = try stringMap(n) }
            let options = try probeOptions(kind, f)
            let intervalMillis = try f["interval"].map { n throws(ConfigurationError) in try probeInterval(n) } ?? defaults.intervalMillis
            let count = try f["count"]?.int(in: 1...1000) ?? defaults.count
            let spacing = try f["spacing"].map { n throws(ConfigurationError) in try millis(n, in: 1...60_000) } ?? defaults.spacingMillis
            let timeout = try f["timeout"].map { n throws(ConfigurationError) in try millis(n, in: 10...60_000) } ?? defaults.timeoutMillis
            // A run must fit its interval, or every run skips the next slot.
            let runMillis = UInt64(count - 1) * spacing + timeout
            if runMillis > intervalMillis {
                throw item.error(
                    "probe \(id): a run of \(count) × \(spacing) ms spacing + \(timeout) ms timeout = \(runMillis) ms does not fit its \(intervalMillis) ms interval")
            }
            var reactions: [ProbeReactionSpec] = []
            if let n = f["reactions"] {
                for r in try n.sequence() { reactions.append(try reaction(r)) }
                let names = reactions.map(\.name)
                if Set(names).count != names.count { throw n.error("two reactions of probe \(id) have the same name") }
            }
            specs.append(ProbeSpec(
                id: id, target: target, options: options, labels: labels,
                interval: .milliseconds(Int64(intervalMillis)), count: count, spacing: .milliseconds(Int64(spacing)),
                timeout: .milliseconds(Int64(timeout)), reactions: reactions))
        }
        config.probes = specs
    }

    private static func probeOptions(_ kind: ProbeKind, _ f: [String: ConfigNode]) throws(ConfigurationError) -> ProbeOptions {
        let family = try f["family"].map { n throws(ConfigurationError) in try addressFamily(n) } ?? .any
        switch kind {
        case .icmp:
            return .icmp(ICMPProbeOptions(payloadSize: try f["payload_size"]?.int(in: 0...65_000) ?? 56, family: family))
        case .tcp:
            return .tcp
        case .udpJitter:
            var o = UDPJitterProbeOptions(family: family)
            if let n = f["codec"] {
                let c = try n.string().lowercased()
                guard VoiceCodec.udpJitterOptions.contains(where: { $0.name == c }) else {
                    throw n.error("expected \(VoiceCodec.udpJitterOptionNames), found \"\(c)\"")
                }
                o.codec = c
            }
            if let n = f["payload_size"] { o.payloadSize = try n.int(in: 64...65_000) }
            if let n = f["trust_clocks"] { o.trustClocks = try bool(n) }
            return .udpJitter(o)
        case .dns:
            guard let server = f["server"] else { throw ConfigurationError.probe(f, "a dns probe needs a server") }
            var o = DNSProbeOptions(server: try server.string())
            if let n = f["type"] { o.recordType = try n.string().uppercased() }
            if let n = f["tcp"] { o.tcpOnly = try bool(n) }
            if let n = f["recursion"] { o.recursionDesired = try bool(n) }
            if let n = f["expect"] { o.expectedAnswers = try stringList(n) }
            if let n = f["expect_rcode"] { o.expectedRcode = try n.string().uppercased() }
            return .dns(o)
        case .http:
            var o = HTTPProbeOptions(family: family)
            if let n = f["method"] { o.method = try n.string().uppercased() }
            if let n = f["expect_status"] {
                o.expectedStatus = try n.sequence().map { c throws(ConfigurationError) in try c.int(in: 100...599) }
            }
            if let n = f["body_regex"] {
                let text = try n.string()
                do { _ = try Regex(text) } catch { throw n.error("not a regular expression: \(error)") }
                o.bodyRegex = text
            }
            if o.method == "HEAD", o.bodyRegex != nil, let n = f["body_regex"] {
                throw n.error("cannot be used with method HEAD (HEAD responses have no body)")
            }
            if let n = f["ca_file"] { o.caFile = try n.string() }
            if let n = f["insecure"] { o.insecure = try bool(n) }
            if let n = f["min_certificate_days"] { o.minimumCertificateDays = Double(try n.int(in: 0...3650)) }
            if let n = f["headers"] { o.headers = try stringMap(n) }
            return .http(o)
        }
    }

    /// `metric`, `raise`, optional `clear`, `trigger` (`immediate`, `consecutive N`,
    /// `X of Y`, `average N`), `severity`, `name`.
    static func reaction(_ node: ConfigNode) throws(ConfigurationError) -> ProbeReactionSpec {
        let m = try node.mapping(allowed: ["name", "metric", "raise", "clear", "trigger", "severity", "direction"])
        guard let metricNode = m["metric"] else { throw node.error("a reaction needs a metric") }
        let metricText = try metricNode.string()
        guard let metric = ProbeMetric(rawValue: metricText) else {
            throw metricNode.error(
                "unknown metric \"\(metricText)\"; one of \(ProbeMetric.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let raiseNode = m["raise"] else { throw node.error("a reaction needs a raise threshold") }
        let raise = try number(raiseNode)
        var direction = metric.badDirection
        if let n = m["direction"] {
            let t = try n.string()
            guard let d = ProbeThresholdDirection(rawValue: t) else { throw n.error("expected above or below, found \"\(t)\"") }
            direction = d
        }
        let clear = try m["clear"].map { n throws(ConfigurationError) in try number(n) } ?? raise
        if direction == .above ? clear > raise : clear < raise, let n = m["clear"] {
            throw n.error("clear \(clear) is on the wrong side of raise \(raise): for a metric that is bad when \(direction.rawValue) the threshold, clear must be \(direction == .above ? "at or below" : "at or above") raise")
        }
        var trigger = ProbeReactionTrigger.immediate
        if let n = m["trigger"] { trigger = try reactionTrigger(n) }
        let severity = try m["severity"]?.string() ?? "warning"
        return ProbeReactionSpec(
            name: try m["name"]?.string(), metric: metric, direction: direction, raise: raise, clear: clear,
            trigger: trigger, severity: severity)
    }

    static func reactionTrigger(_ n: ConfigNode) throws(ConfigurationError) -> ProbeReactionTrigger {
        let words = try n.string().lowercased().split(separator: " ").map(String.init)
        let bad = n.error("expected immediate, consecutive N, X of Y or average N, found \"\(words.joined(separator: " "))\"")
        switch words.count {
        case 1 where words[0] == "immediate": return .immediate
        case 2:
            guard let k = Int(words[1]), (1...100).contains(k) else { throw bad }
            if words[0] == "consecutive" { return .consecutive(k) }
            if words[0] == "average" { return .average(k) }
            throw bad
        case 3 where words[1] == "of":
            guard let x = Int(words[0]), let y = Int(words[2]), (1...100).contains(y), (1...y).contains(x) else { throw bad }
            return .xOfY(x, y)
        default: throw bad
        }
    }

    /// 1 s to 1 d.
    private static func probeInterval(_ n: ConfigNode) throws(ConfigurationError) -> UInt64 {
        let ms = try millis(n, in: 1_000...86_400_000)
        return ms
    }

    static func millis(_ n: ConfigNode, in range: ClosedRange<UInt64>) throws(ConfigurationError) -> UInt64 {
        try n.millis(in: range)
    }

    private static func number(_ n: ConfigNode) throws(ConfigurationError) -> Double {
        let text = try n.string()
        guard let v = Double(text), v.isFinite else { throw n.error("expected a number, found \"\(text)\"") }
        return v
    }

    private static func bool(_ n: ConfigNode) throws(ConfigurationError) -> Bool {
        let text = try n.string().lowercased()
        switch text {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw n.error("expected true or false, found \"\(text)\"")
        }
    }

    private static func addressFamily(_ n: ConfigNode) throws(ConfigurationError) -> ProbeAddressFamily {
        let text = try n.string().lowercased()
        switch text {
        case "any": return .any
        case "ipv4", "4", "inet": return .ipv4
        case "ipv6", "6", "inet6": return .ipv6
        default: throw n.error("expected ipv4, ipv6 or any, found \"\(text)\"")
        }
    }

    private static func stringMap(_ n: ConfigNode) throws(ConfigurationError) -> [String: String] {
        guard let m = n.node.mapping else { throw n.error("expected a mapping of names to values") }
        var out: [String: String] = [:]
        for (k, v) in m {
            guard let key = k.string, !key.isEmpty else { throw n.error("a key must be a non-empty string") }
            let child = ConfigNode(node: v, path: "\(n.path).\(key)", file: n.file)
            out[key] = try child.string()
        }
        return out
    }

    private static func stringList(_ n: ConfigNode) throws(ConfigurationError) -> [String] {
        if n.node.sequence == nil { return [try n.string()] }
        return try n.sequence().map { c throws(ConfigurationError) in try c.string() }
    }
}

extension ConfigurationError {
    /// An error on the probe whose fields are `f` (its `target` node locates it).
    fileprivate static func probe(_ f: [String: ConfigNode], _ problem: String) -> ConfigurationError {
        (f["target"] ?? f["id"]!).error(problem)
    }
}
