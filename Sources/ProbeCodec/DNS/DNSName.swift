/// Domain names between text ("www.example.", with dig's `\.` and `\DDD` escapes) and wire
/// form (RFC 1035 3.1: length-prefixed labels ending in the root's zero byte).
public enum DNSName {
    /// The wire form of `text`, checked against RFC 1035 2.3.4's limits so a bad name is a
    /// clear error here rather than a FORMERR (or silence) from the server. A trailing dot
    /// is optional; "." and "" are the root. IDNA is not applied: write A-labels.
    public static func encode(_ text: String) throws(DNSNameError) -> [UInt8] {
        var labels: [[UInt8]] = []
        var current: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        if bytes == [UInt8(ascii: ".")] { bytes = [] }
        var sawDot = false
        while let byte = bytes.popFirst() {
            switch byte {
            case UInt8(ascii: "\\"):
                guard let next = bytes.popFirst() else { throw .badEscape(name: text) }
                if next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9") {
                    guard bytes.count >= 2 else { throw .badEscape(name: text) }
                    let digits = [next, bytes.removeFirst(), bytes.removeFirst()]
                    guard digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                        throw .badEscape(name: text)
                    }
                    let value = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
                    guard value <= 255 else { throw .badEscape(name: text) }
                    current.append(UInt8(value))
                } else {
                    current.append(next)
                }
                sawDot = false
            case UInt8(ascii: "."):
                guard !current.isEmpty else { throw .emptyLabel(name: text) }
                labels.append(current)
                current = []
                sawDot = true
            default:
                current.append(byte)
                sawDot = false
            }
        }
        if !current.isEmpty { labels.append(current) } else if !labels.isEmpty && !sawDot { throw .emptyLabel(name: text) }
        var wire: [UInt8] = []
        for label in labels {
            guard label.count <= 63 else { throw .labelTooLong(label: String(decoding: label, as: UTF8.self)) }
            wire.append(UInt8(label.count))
            wire.append(contentsOf: label)
        }
        wire.append(0)
        guard wire.count <= 255 else { throw .nameTooLong(name: text) }
        return wire
    }

    /// Labels as dig prints a name: dot-separated with a trailing dot, "." for the root,
    /// and bytes that would be ambiguous or unprintable escaped.
    public static func text(_ labels: [[UInt8]]) -> String {
        guard !labels.isEmpty else { return "." }
        var out = ""
        for label in labels {
            for byte in label { out += escaped(byte) }
            out += "."
        }
        return out
    }

    /// One byte of a label: `\.` for the separator and the characters zone files give
    /// meaning to, `\DDD` outside printable ASCII.
    static func escaped(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: ";"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: "@"), UInt8(ascii: "$"):
            return "\\" + String(UnicodeScalar(byte))
        case 0x21...0x7E:
            return String(UnicodeScalar(byte))
        default:
            return decimalEscape(byte)
        }
    }

    static func decimalEscape(_ byte: UInt8) -> String {
        let digits = String(byte)
        return "\\" + String(repeating: "0", count: 3 - digits.count) + digits
    }

    /// Whether two names in text form are the same name: DNS compares ASCII letters
    /// without case (RFC 4343), and a missing trailing dot means the same absolute name.
    public static func equal(_ a: String, _ b: String) -> Bool {
        func normal(_ s: String) -> String {
            let lower = String(decoding: s.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
            return lower.hasSuffix(".") ? lower : lower + "."
        }
        return normal(a) == normal(b)
    }
}
