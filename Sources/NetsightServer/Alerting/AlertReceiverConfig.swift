import Foundation
import NetsightModel

/// Reads `alerting.receivers` and `alerting.routes`.
enum AlertReceiverConfig {
    static let receiverKeys = ["name", "webhook", "slack", "email", "syslog", "timeout", "retry"]
    static let routeKeys = ["name", "matchers", "match", "receivers", "group_by", "group_wait", "group_interval", "repeat_interval", "continue"]

    static func receivers(_ node: ConfigNode) throws(ConfigurationError) -> [ReceiverSpec] {
        var names: Set<String> = []
        return try node.sequence().map { item throws(ConfigurationError) in
            let f = try item.mapping(allowed: receiverKeys)
            guard let nameNode = f["name"] else { throw item.error("a receiver needs a name") }
            let name = try nameNode.string()
            if name.isEmpty { throw nameNode.error("must not be empty") }
            guard names.insert(name).inserted else { throw nameNode.error("receiver \(name) is listed twice") }
            let kinds = ["webhook", "slack", "email", "syslog"].filter { f[$0] != nil }
            guard kinds.count == 1, let kindName = kinds.first, let k = f[kindName] else {
                throw item.error("receiver \(name) needs exactly one of webhook, slack, email or syslog")
            }
            var spec = ReceiverSpec(name: name, kind: try kind(kindName, k))
            if kindName == "webhook" || kindName == "slack", let caNode = try k.mapping(allowed: httpKeys(kindName))["ca_file"] {
                let path = try caNode.string()
                guard FileManager.default.isReadableFile(atPath: path) else { throw caNode.error("cannot read \(path)") }
                spec.caFile = path
            }
            if let n = f["timeout"] { spec.timeout = .milliseconds(Int64(try n.millis(in: 100...300_000))) }
            if let r = f["retry"] {
                let m = try r.mapping(allowed: ["initial", "max", "give_up_after"])
                if let n = m["initial"] { spec.initialBackoff = .milliseconds(Int64(try n.millis(in: 100...3_600_000))) }
                if let n = m["max"] { spec.maxBackoff = .milliseconds(Int64(try n.millis(in: 100...86_400_000))) }
                if let n = m["give_up_after"] { spec.giveUpAfter = .milliseconds(Int64(try n.millis(in: 1_000...(30 * 86_400_000)))) }
                if spec.maxBackoff < spec.initialBackoff { throw r.error("max must not be below initial") }
            }
            return spec
        }
    }

    private static func kind(_ name: String, _ n: ConfigNode) throws(ConfigurationError) -> ReceiverKind {
        switch name {
        case "webhook":
            let m = try n.mapping(allowed: httpKeys(name))
            return .webhook(url: try url(m["url"], file: m["url_file"], in: n), headers: try m["headers"]?.mappingOfHeaders() ?? [:])
        case "slack":
            let m = try n.mapping(allowed: httpKeys(name))
            return .slack(url: try url(m["url"], file: m["url_file"], in: n), channel: try m["channel"]?.string())
        case "email":
            let m = try n.mapping(
                allowed: ["smarthost", "from", "to", "tls", "username", "password", "password_file", "hello", "ca_file", "insecure"])
            guard let hostNode = m["smarthost"] else { throw n.error("email needs smarthost (HOST:PORT)") }
            let host = try hostNode.string()
            guard NetsightConfiguration.Endpoint(host) != nil || hostPort(host) else {
                throw hostNode.error("expected HOST:PORT, found \"\(host)\"")
            }
            guard let fromNode = m["from"] else { throw n.error("email needs from") }
            guard let toNode = m["to"] else { throw n.error("email needs to (an address or a list)") }
            let from = try fromNode.string()
            guard from.contains("@") else { throw fromNode.error("not an email address: \"\(from)\"") }
            let to = try toNode.strings()
            if let bad = to.first(where: { !$0.contains("@") }) { throw toNode.error("not an email address: \"\(bad)\"") }
            if to.isEmpty { throw toNode.error("must list at least one address") }
            var tls = EmailReceiverOptions.TLSMode.starttls
            if let t = m["tls"] {
                let text = try t.string()
                guard let mode = EmailReceiverOptions.TLSMode(rawValue: text) else {
                    throw t.error("expected starttls, tls (implicit, port 465), opportunistic or none, found \"\(text)\"")
                }
                tls = mode
            }
            let username = try m["username"]?.string()
            var password = try m["password"]?.string()
            if let p = m["password_file"] {
                if m["password"] != nil { throw p.error("give password or password_file, not both") }
                password = try secret(p)
            }
            if username != nil, password == nil { throw n.error("username needs password (or password_file)") }
            if username != nil, tls == .none { throw n.error("authentication over plain SMTP would send the password in clear; use tls: starttls") }
            return .email(EmailReceiverOptions(
                smarthost: host, from: from, to: to, tls: tls, username: username, password: password,
                hello: try m["hello"]?.string(), caFile: try m["ca_file"]?.string(), insecure: try m["insecure"]?.bool() ?? false))
        default:
            let m = try n.mapping(allowed: ["address", "transport", "facility", "app_name"])
            guard let a = m["address"] else { throw n.error("syslog needs address (HOST:PORT)") }
            let address = try a.string()
            guard NetsightConfiguration.Endpoint(address) != nil || hostPort(address) else {
                throw a.error("expected HOST:PORT, found \"\(address)\"")
            }
            var transport = SyslogTransport.udp
            if let t = m["transport"] {
                let text = try t.string()
                guard let v = SyslogTransport(rawValue: text) else { throw t.error("expected udp or tcp, found \"\(text)\"") }
                transport = v
            }
            var facility = 16  // local0
            if let fnode = m["facility"] { facility = try syslogFacility(fnode) }
            return .syslog(address: address, transport: transport, facility: facility, appName: try m["app_name"]?.string() ?? "netsight")
        }
    }

    private static func httpKeys(_ kind: String) -> [String] {
        kind == "webhook" ? ["url", "url_file", "headers", "ca_file"] : ["url", "url_file", "channel", "ca_file"]
    }

    /// A secret kept out of the configuration (`password_file`, `url_file`), as
    /// Alertmanager's `*_file` keys: the file's text without its trailing newline, read at
    /// load so a missing or empty file is an error at start, not at the first alert.
    private static func secret(_ n: ConfigNode) throws(ConfigurationError) -> String {
        let path = try n.string()
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw n.error("cannot read \(path)")
        }
        let value = text.trimmingCharacters(in: .newlines)
        if value.isEmpty { throw n.error("\(path) is empty") }
        return value
    }

    /// A DNS name with a port (`smtp.example.net:587`), which `Endpoint` (addresses only)
    /// does not take.
    private static func hostPort(_ text: String) -> Bool {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else {
            return false
        }
        let host = text[..<colon]
        return !host.isEmpty && host.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
    }

    private static func url(_ n: ConfigNode?, file: ConfigNode? = nil, in parent: ConfigNode) throws(ConfigurationError) -> String {
        if let file {
            if n != nil { throw file.error("give url or url_file, not both") }
            let text = try secret(file)
            guard text.hasPrefix("http://") || text.hasPrefix("https://"), URLComponents(string: text)?.host?.isEmpty == false else {
                throw file.error("the file's URL must start with http:// or https:// and name a host")
            }
            return text
        }
        guard let n else { throw parent.error("needs url (or url_file)") }
        let text = try n.string()
        guard text.hasPrefix("http://") || text.hasPrefix("https://"), text.count > 8 else {
            throw n.error("expected an http:// or https:// URL, found \"\(text)\"")
        }
        return text
    }

    static let facilities = [
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp", "ntp", "audit",
        "alert", "clock", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
    ]

    private static func syslogFacility(_ n: ConfigNode) throws(ConfigurationError) -> Int {
        let text = try n.string()
        if let i = facilities.firstIndex(of: text) { return i }
        if let v = Int(text), (0...23).contains(v) { return v }
        throw n.error("expected a facility name (local0 ... local7, daemon, ...) or 0...23, found \"\(text)\"")
    }

    static func routes(_ node: ConfigNode, receivers: Set<String>) throws(ConfigurationError) -> [AlertRouteSpec] {
        var routeNames: Set<String> = []
        return try node.sequence().map { item throws(ConfigurationError) in
            let f = try item.mapping(allowed: routeKeys)
            guard let r = f["receivers"] else { throw item.error("a route needs receivers") }
            let names = try r.strings()
            if names.isEmpty { throw r.error("must name at least one receiver") }
            if let unknown = names.first(where: { !receivers.contains($0) }) {
                throw r.error("unknown receiver \"\(unknown)\" (receivers: \(receivers.sorted().joined(separator: ", ")))")
            }
            var route = AlertRouteSpec(receivers: names)
            if let n = f["name"] {
                let name = try n.string()
                guard ConfigNode.isLabelName(name), !name.hasPrefix("route") || Int(name.dropFirst(5)) == nil else {
                    throw n.error("a route name is letters, digits and _ (not routeN), found \"\(name)\"")
                }
                guard routeNames.insert(name).inserted else { throw n.error("another route is already named \"\(name)\"") }
                route.name = name
            }
            if let n = f["matchers"] { route.matchers += try AlertMatcherConfig.matchers(n) }
            if let n = f["match"] {
                route.matchers += try n.mappingOfStrings().sorted { $0.key < $1.key }.map { LabelMatcher(name: $0.key, value: $0.value) }
            }
            if let n = f["group_by"] {
                route.groupBy = try n.strings()
                if let bad = route.groupBy.first(where: { !ConfigNode.isLabelName($0) }) { throw n.error("not a label name: \"\(bad)\"") }
            }
            if let n = f["group_wait"] { route.groupWait = try n.duration() }
            if let n = f["group_interval"] { route.groupInterval = try n.duration() }
            if let n = f["repeat_interval"] { route.repeatInterval = try n.duration() }
            if let n = f["continue"] { route.continue = try n.bool() }
            if route.groupInterval <= .zero, let n = f["group_interval"] { throw n.error("must be more than 0") }
            if route.repeatInterval < route.groupInterval, let n = f["repeat_interval"] ?? f["group_interval"] {
                throw n.error("repeat_interval must not be shorter than group_interval")
            }
            return route
        }
    }
}

extension ConfigNode {
    /// HTTP headers: free names, string values.
    func mappingOfHeaders() throws(ConfigurationError) -> [String: String] {
        guard let m = node.mapping else { throw error("expected a mapping of header names to values") }
        var out: [String: String] = [:]
        for (k, v) in m {
            let name = k.string ?? ""
            let child = ConfigNode(node: v, path: "\(path).\(name)", file: file)
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { throw child.error("not a header name") }
            out[name] = try child.string()
        }
        return out
    }
}
