import Foundation
import NetsightModel

/// A rule's `summary`, in the Prometheus template subset people already write:
/// `{{ $labels.device }} at {{ $value | printf "%.1f" }}%`.
///
/// Parsed once when the rules load, so a typo fails the load instead of every
/// notification, and rendering (every evaluation, for every alert) only walks a list of
/// parts. A label the series does not carry renders empty, as in Prometheus.
public struct AlertTemplate: Sendable, Hashable {
    enum Variable: Sendable, Hashable {
        case label(String), value, raise, clear, rule, severity, unit
    }

    enum Function: Sendable, Hashable {
        /// The format with exactly one verb; `verb` is its conversion letter.
        case printf(format: String, verb: Character)
        case humanize
    }

    enum Part: Sendable, Hashable {
        case text(String)
        case expression(Variable, [Function])
    }

    public let text: String
    let parts: [Part]

    public init(_ text: String) throws(AlertTemplateError) {
        self.text = text
        var parser = AlertTemplateParser(text)
        parts = try parser.parse()
    }

    /// The template for one alert. `rule` supplies `$rule`, `$severity`, `$raise`,
    /// `$clear`, and `$unit` (from the metric catalogue).
    public func render(labels: LabelSet, value: Double, rule: AlertRuleSpec) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let literal):
                out += literal
            case .expression(let variable, let functions):
                var current: Argument
                switch variable {
                case .label(let name): current = .string(labels[name] ?? "")
                case .value: current = .number(value)
                case .raise: current = .number(rule.condition.raise)
                case .clear: current = .number(rule.condition.clear)
                case .rule: current = .string(rule.name)
                case .severity: current = .string(rule.severity.rawValue)
                case .unit: current = .string(AlertMetricCatalog.byName[rule.metric]?.unit ?? "")
                }
                for function in functions { current = Self.apply(function, to: current) }
                out += current.text
            }
        }
        return out
    }

    enum Argument {
        case string(String), number(Double)

        var text: String {
            switch self {
            case .string(let s): s
            case .number(let n): AlertTemplate.plain(n)
            }
        }

        var number: Double {
            switch self {
            case .number(let n): n
            case .string(let s): Double(s) ?? 0
            }
        }
    }

    static func apply(_ function: Function, to argument: Argument) -> Argument {
        switch function {
        case .humanize:
            return .string(humanize(argument.number))
        case .printf(let format, let verb):
            switch verb {
            case "d":
                let n = argument.number
                let whole = n.isFinite ? Int(n.rounded(.towardZero)) : 0
                return .string(String(format: format.replacingOccurrences(of: "%d", with: "%ld"), whole))
            case "s":
                var out = ""
                var chars = format.makeIterator()
                while let c = chars.next() {
                    guard c == "%", let next = chars.next() else { out.append(c); continue }
                    out += next == "s" ? argument.text : String(next)
                }
                return .string(out)
            default:
                return .string(String(format: format, argument.number))
            }
        }
    }

    /// Go's `%v` for a float in the common cases: no trailing ".0" on whole numbers.
    static func plain(_ n: Double) -> String {
        if n.isFinite && n == n.rounded() && abs(n) < 1e15 { return String(Int64(n)) }
        return String(n)
    }

    /// Prometheus' `humanize`: SI prefixes in steps of 1000 with four significant digits
    /// (1234 → "1.234k"), the right scale for bit/s.
    static func humanize(_ n: Double) -> String {
        guard n.isFinite, n != 0 else { return plain(n) }
        var value = n
        if abs(value) >= 1 {
            var prefix = ""
            for p in ["k", "M", "G", "T", "P", "E", "Z", "Y"] where abs(value) >= 1000 {
                value /= 1000
                prefix = p
            }
            return String(format: "%.4g", value) + prefix
        }
        var prefix = ""
        for p in ["m", "u", "n", "p", "f", "a", "z", "y"] where abs(value) < 1 {
            value *= 1000
            prefix = p
        }
        return String(format: "%.4g", value) + prefix
    }
}

/// Turns template text into parts, failing with the offset of the first problem.
struct AlertTemplateParser {
    let chars: [Character]
    var index = 0

    init(_ text: String) { chars = Array(text) }

    var atEnd: Bool { index >= chars.count }

    func starts(with s: String, at i: Int) -> Bool {
        var j = i
        for c in s {
            guard j < chars.count, chars[j] == c else { return false }
            j += 1
        }
        return true
    }

    mutating func skipSpaces() { while !atEnd && chars[index].isWhitespace { index += 1 } }

    mutating func parse() throws(AlertTemplateError) -> [AlertTemplate.Part] {
        var parts: [AlertTemplate.Part] = []
        var literal = ""
        while !atEnd {
            if starts(with: "{{", at: index) {
                let open = index
                if !literal.isEmpty { parts.append(.text(literal)); literal = "" }
                index += 2
                parts.append(try expression(openedAt: open))
            } else if starts(with: "}}", at: index) {
                throw AlertTemplateError("\"}}\" without \"{{\"", offset: index)
            } else {
                literal.append(chars[index])
                index += 1
            }
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        return parts
    }

    mutating func word() -> String {
        let start = index
        while !atEnd && (chars[index].isLetter || chars[index].isNumber || chars[index] == "_") { index += 1 }
        return String(chars[start..<index])
    }

    mutating func expression(openedAt open: Int) throws(AlertTemplateError) -> AlertTemplate.Part {
        skipSpaces()
        let variableAt = index
        guard !atEnd, chars[index] == "$" else {
            if atEnd || starts(with: "}}", at: index) { throw AlertTemplateError("unclosed or empty \"{{\"", offset: open) }
            throw AlertTemplateError("expected a variable such as $value", offset: index)
        }
        index += 1
        let name = word()
        let variable: AlertTemplate.Variable
        switch name {
        case "labels":
            guard !atEnd, chars[index] == "." else { throw AlertTemplateError("expected \".name\" after $labels", offset: index) }
            index += 1
            let label = word()
            guard !label.isEmpty else { throw AlertTemplateError("missing label name after $labels.", offset: index) }
            variable = .label(label)
        case "value": variable = .value
        case "raise": variable = .raise
        case "clear": variable = .clear
        case "rule": variable = .rule
        case "severity": variable = .severity
        case "unit": variable = .unit
        default: throw AlertTemplateError("unknown variable \"$\(name)\"", offset: variableAt)
        }
        var functions: [AlertTemplate.Function] = []
        while true {
            skipSpaces()
            if atEnd { throw AlertTemplateError("unclosed \"{{\"", offset: open) }
            if starts(with: "}}", at: index) {
                index += 2
                return .expression(variable, functions)
            }
            guard chars[index] == "|" else { throw AlertTemplateError("expected \"|\" or \"}}\", found \"\(chars[index])\"", offset: index) }
            index += 1
            skipSpaces()
            let functionAt = index
            switch word() {
            case "humanize": functions.append(.humanize)
            case "printf":
                skipSpaces()
                functions.append(try printfFormat())
            case let other: throw AlertTemplateError("unknown function \"\(other)\"", offset: functionAt)
            }
        }
    }

    /// A quoted format with exactly one of %d %f %.Nf %s %g (and `%%`): anything else
    /// would read memory String(format:) was not given, or print Go's `%!v(MISSING)`.
    mutating func printfFormat() throws(AlertTemplateError) -> AlertTemplate.Function {
        let formatAt = index
        guard !atEnd, chars[index] == "\"" else { throw AlertTemplateError("printf needs a quoted format", offset: index) }
        index += 1
        var format = ""
        var closed = false
        while !atEnd {
            let c = chars[index]
            index += 1
            if c == "\"" { closed = true; break }
            if c == "\\", !atEnd { format.append(chars[index]); index += 1; continue }
            format.append(c)
        }
        guard closed else { throw AlertTemplateError("unterminated printf format", offset: formatAt) }
        var verb: Character?
        let f = Array(format)
        var i = 0
        while i < f.count {
            guard f[i] == "%" else { i += 1; continue }
            let at = formatAt + 1 + i
            i += 1
            guard i < f.count else { throw AlertTemplateError("bad printf format: \"%\" at the end", offset: at) }
            if f[i] == "%" { i += 1; continue }
            var precision = false
            if f[i] == "." {
                i += 1
                let digitsStart = i
                while i < f.count && f[i].isASCII && f[i].isNumber { i += 1 }
                guard i > digitsStart, i < f.count, f[i] == "f" else {
                    throw AlertTemplateError("bad printf format: only %d %f %.Nf %s %g are allowed", offset: at)
                }
                precision = true
            }
            guard ["d", "f", "s", "g"].contains(f[i]), !precision || f[i] == "f" else {
                throw AlertTemplateError("bad printf format: only %d %f %.Nf %s %g are allowed", offset: at)
            }
            guard verb == nil else { throw AlertTemplateError("bad printf format: more than one verb", offset: at) }
            verb = f[i]
            i += 1
        }
        guard let verb else { throw AlertTemplateError("bad printf format: no verb", offset: formatAt) }
        return .printf(format: format, verb: verb)
    }
}
