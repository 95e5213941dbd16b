import Analytics
import Yams

/// A YAML node with the key path that led to it, for strict, line-numbered validation.
///
/// Codable decoding would silently ignore unknown keys, and a misspelt key that is ignored
/// is a setting the engineer believes is on. So the configuration is read by walking the
/// node tree and rejecting anything not known.
struct ConfigNode {
    let node: Node
    let path: String
    let file: String

    var line: Int? { node.mark?.line }

    func error(_ problem: String) -> ConfigurationError {
        ConfigurationError(file: file, line: line, key: path, problem: problem)
    }

    /// The mapping's entries, rejecting keys outside `allowed` and duplicate keys.
    func mapping(allowed: [String]) throws(ConfigurationError) -> [String: ConfigNode] {
        guard let m = node.mapping else { throw error("expected a mapping of keys, found \(kind)") }
        var out: [String: ConfigNode] = [:]
        for (k, v) in m {
            let name = k.string ?? ""
            let childPath = path.isEmpty ? name : "\(path).\(name)"
            guard allowed.contains(name) else {
                throw ConfigurationError(
                    file: file, line: k.mark?.line, key: childPath,
                    problem: "unknown key (known keys here: \(allowed.joined(separator: ", ")))")
            }
            guard out[name] == nil else {
                throw ConfigurationError(file: file, line: k.mark?.line, key: childPath, problem: "duplicate key")
            }
            out[name] = ConfigNode(node: v, path: childPath, file: file)
        }
        return out
    }

    func sequence() throws(ConfigurationError) -> [ConfigNode] {
        guard let s = node.sequence else { throw error("expected a list, found \(kind)") }
        return s.enumerated().map { i, n in ConfigNode(node: n, path: "\(path)[\(i)]", file: file) }
    }

    func string() throws(ConfigurationError) -> String {
        guard let s = node.scalar else { throw error("expected a string, found \(kind)") }
        return s.string
    }

    func int(in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let s = node.scalar, let v = Int(s.string) else { throw error("expected a whole number, found \(describe)") }
        guard range.contains(v) else { throw error("\(v) is out of range \(range.lowerBound)...\(range.upperBound)") }
        return v
    }

    /// A duration like `90s`, `15m`, `12h`, `7d`, `2w`.
    func durationMillis() throws(ConfigurationError) -> UInt64 {
        let text = try string()
        guard let ms = TimeText.parseDuration(text) else {
            throw error("expected a duration such as 90s, 15m, 12h, 7d or 2w, found \"\(text)\"")
        }
        return ms
    }

    /// `250ms` or a duration (`2s`, `1m`) in milliseconds, within `range`: timeouts,
    /// spacings and intervals, where both small and large units are natural.
    func millis(in range: ClosedRange<UInt64>) throws(ConfigurationError) -> UInt64 {
        let text = try string()
        let ms: UInt64
        if text.hasSuffix("ms"), let v = UInt64(text.dropLast(2)) {
            ms = v
        } else {
            ms = try durationMillis()
        }
        guard range.contains(ms) else {
            throw error("must be between \(Self.text(range.lowerBound)) and \(Self.text(range.upperBound))")
        }
        return ms
    }

    /// 10ms, 60s, 15m, 1d: the largest whole unit, but seconds up to ten minutes (people
    /// write timeouts as 60s, not 1m).
    private static func text(_ ms: UInt64) -> String {
        for (unit, size) in [("d", UInt64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)]
        where ms >= size && ms % size == 0 && (unit != "m" || ms >= 600_000) {
            return "\(ms / size)\(unit)"
        }
        return "\(ms)ms"
    }

    private var kind: String {
        switch node {
        case .scalar: "a scalar (\(describe))"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    private var describe: String { node.scalar.map { "\"\($0.string)\"" } ?? "a non-scalar" }
}

extension ConfigNode {
    /// `true`/`false` (YAML 1.2's spellings, plus yes/no/on/off which engineers write).
    func bool() throws(ConfigurationError) -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let other: throw error("expected true or false, found \"\(other)\"")
        }
    }

    /// A number (integer or decimal).
    func double() throws(ConfigurationError) -> Double {
        let text = try string()
        guard let value = Double(text), value.isFinite else { throw error("expected a number, found \"\(text)\"") }
        return value
    }

    /// A list of strings, or one string standing for a list of one.
    func strings() throws(ConfigurationError) -> [String] {
        if node.scalar != nil { return [try string()] }
        return try sequence().map { item throws(ConfigurationError) in try item.string() }
    }

    /// A duration (`90s`, `15m`, `0s`, `250ms`) as a Swift `Duration`.
    func duration() throws(ConfigurationError) -> Duration {
        let text = try string()
        if text.first == "0", text.dropFirst().allSatisfy(\.isLetter) { return .zero }
        return .milliseconds(Int64(clamping: try millis(in: 0...UInt64(Int64.max))))
    }
}
