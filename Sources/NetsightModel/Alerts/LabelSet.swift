/// The labels that name one series or one alert: `device="core-1", site="ldn"`.
///
/// Kept as a sorted array rather than a dictionary because alerting compares, hashes and
/// prints label sets far more often than it edits them: a sorted array hashes the same way
/// every time, prints in a stable order, and gives one cheap `fingerprint` that identifies
/// an alert across restarts (Alertmanager's model.Fingerprint idea).
public struct LabelSet: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Sorted by name; names are unique; empty values are dropped (Prometheus treats an
    /// empty label as an absent one, and so do matchers).
    public private(set) var pairs: [(name: String, value: String)]

    public init() { pairs = [] }

    public init(_ dictionary: [String: String]) {
        pairs = dictionary.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    public subscript(name: String) -> String? {
        get { pairs.first { $0.name == name }?.value }
        set {
            let index = pairs.firstIndex { $0.name >= name } ?? pairs.endIndex
            let present = index < pairs.endIndex && pairs[index].name == name
            switch (newValue, present) {
            case (let value?, true) where !value.isEmpty: pairs[index].value = value
            case (let value?, false) where !value.isEmpty: pairs.insert((name, value), at: index)
            case (_, true): pairs.remove(at: index)
            default: break
            }
        }
    }

    public var dictionary: [String: String] { Dictionary(uniqueKeysWithValues: pairs.map { ($0.name, $0.value) }) }
    public var isEmpty: Bool { pairs.isEmpty }
    public var names: [String] { pairs.map(\.name) }

    /// This set with `other`'s labels added; `other` wins on a clash (a rule's own labels
    /// override a series' labels, as in Prometheus).
    public func merging(_ other: LabelSet) -> LabelSet {
        var result = self
        for (name, value) in other.pairs { result[name] = value }
        return result
    }

    /// Only the named labels (for group keys).
    public func keeping(_ names: [String]) -> LabelSet {
        var result = LabelSet()
        for name in names { if let value = self[name] { result[name] = value } }
        return result
    }

    /// FNV-1a 64 over `name 0xff value 0xff ...`: stable across runs and machines (Swift's
    /// `hashValue` is seeded per process, so it cannot name an alert in the store).
    public var fingerprint: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        for (name, value) in pairs {
            for byte in name.utf8 { mix(byte) }
            mix(0xff)
            for byte in value.utf8 { mix(byte) }
            mix(0xff)
        }
        return hash
    }

    /// The fingerprint as 16 hex digits, the form the API and the store use.
    public var fingerprintHex: String {
        let hex = String(fingerprint, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// `{device="core-1", site="ldn"}`, PromQL's form.
    public var description: String {
        "{" + pairs.map { "\($0.name)=\"\($0.value)\"" }.joined(separator: ", ") + "}"
    }

    public static func == (lhs: LabelSet, rhs: LabelSet) -> Bool {
        lhs.pairs.count == rhs.pairs.count && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for (name, value) in pairs {
            hasher.combine(name)
            hasher.combine(value)
        }
    }

    /// Encodes as a JSON object, as Alertmanager's `labels`.
    public init(from decoder: any Decoder) throws {
        self.init(try [String: String](from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try dictionary.encode(to: encoder)
    }
}

extension LabelSet: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
