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
