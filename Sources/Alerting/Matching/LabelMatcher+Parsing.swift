import NetsightModel

/// Reading matchers the way people type them (amtool, PromQL selectors, the CLI's
/// `--matcher`), so a silence or rule written for Prometheus tooling works unchanged.
extension LabelMatcher {
    /// Parses one matcher: `name="value"`, `name!="v"`, `name=~"re"`, `name!~"re"`, or an
    /// unquoted value (`site=ldn`). Inside quotes `\"` and `\\` are escapes.
    /// - Throws: `MatcherError` saying what is wrong and at which column (1-based).
    public static func parse(_ text: String) throws(MatcherError) -> LabelMatcher {
        var scanner = MatcherScanner(text)
        scanner.skipSpaces()
        let matcher = try scanner.matcher()
        scanner.skipSpaces()
        if !scanner.atEnd { throw scanner.error("unexpected \"\(scanner.current)\" after the value") }
        return matcher
    }

    /// Parses `{a="b", c=~"d"}` (braces optional, a trailing comma allowed).
    public static func parseList(_ text: String) throws(MatcherError) -> [LabelMatcher] {
        var scanner = MatcherScanner(text)
        scanner.skipSpaces()
        let braced = scanner.take("{")
        var result: [LabelMatcher] = []
        while true {
            scanner.skipSpaces()
            if braced && scanner.take("}") { break }
            if scanner.atEnd {
                if braced { throw scanner.error("missing closing \"}\"") }
                break
            }
            result.append(try scanner.matcher())
            scanner.skipSpaces()
            if scanner.take(",") { continue }
            if braced {
                if scanner.take("}") { break }
                if scanner.atEnd { throw scanner.error("missing closing \"}\"") }
                throw scanner.error("expected \",\" or \"}\", found \"\(scanner.current)\"")
            }
            if !scanner.atEnd { throw scanner.error("expected \",\", found \"\(scanner.current)\"") }
        }
        scanner.skipSpaces()
        if !scanner.atEnd { throw scanner.error("unexpected \"\(scanner.current)\" after \"}\"") }
        return result
    }
}

/// A cursor over the text's characters that knows its column, for error messages.
private struct MatcherScanner {
    let text: String
    let chars: [Character]
    var index = 0

    init(_ text: String) {
        self.text = text
        chars = Array(text)
    }

    var atEnd: Bool { index >= chars.count }
    var current: Character { chars[index] }

    func error(_ what: String, at position: Int? = nil) -> MatcherError {
        MatcherError("matcher \"\(text)\": \(what) at column \((position ?? index) + 1)")
    }

    mutating func skipSpaces() { while !atEnd && current.isWhitespace { index += 1 } }

    mutating func take(_ c: Character) -> Bool {
        guard !atEnd, current == c else { return false }
        index += 1
        return true
    }

    static func isNameStart(_ c: Character) -> Bool { c == "_" || (c.isASCII && c.isLetter) }
    static func isName(_ c: Character) -> Bool { isNameStart(c) || (c.isASCII && c.isNumber) }

    mutating func matcher() throws(MatcherError) -> LabelMatcher {
        let start = index
        guard !atEnd, Self.isNameStart(current) else {
            throw error(atEnd ? "missing label name" : "a label name cannot start with \"\(current)\"")
        }
        while !atEnd && Self.isName(current) { index += 1 }
        let name = String(chars[start..<index])
        skipSpaces()
        let isEqual: Bool
        if take("=") {
            isEqual = true
        } else if take("!") {
            guard !atEnd, current == "=" || current == "~" else { throw error("expected \"=\" or \"~\" after \"!\"") }
            if current == "~" { index += 1; skipSpaces(); return LabelMatcher(name: name, value: try value(), isRegex: true, isEqual: false) }
            index += 1
            isEqual = false
        } else {
            throw error(atEnd ? "missing operator after \"\(name)\"" : "expected an operator (=, !=, =~, !~), found \"\(current)\"")
        }
        let isRegex = isEqual && take("~")
        skipSpaces()
        return LabelMatcher(name: name, value: try value(), isRegex: isRegex, isEqual: isEqual)
    }

    mutating func value() throws(MatcherError) -> String {
        if take("\"") {
            let open = index - 1
            var result = ""
            while !atEnd {
                let c = current
                index += 1
                if c == "\"" { return result }
                if c == "\\" {
                    guard !atEnd else { break }
                    let escaped = current
                    guard escaped == "\"" || escaped == "\\" else { throw error("unknown escape \"\\\(escaped)\"", at: index - 1) }
                    result.append(escaped)
                    index += 1
                } else {
                    result.append(c)
                }
            }
            throw error("unterminated quoted value", at: open)
        }
        let start = index
        while !atEnd && !current.isWhitespace && current != "," && current != "}" && current != "\"" { index += 1 }
        return String(chars[start..<index])
    }
}
