/// One lexical token of a filter, with the 1-based column it starts at.
struct FilterToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A bare word: keyword, number, address, prefix or name. Keywords are recognised by
        /// the parser, not the lexer, so a site may be called `web` without quoting.
        case word(String)
        /// A single- or double-quoted string: never a keyword.
        case quoted(String)
        case leftParen, rightParen, leftBracket, rightBracket, comma
        /// `!` on its own (negation).
        case bang
        case andAnd, orOr
        case comparison(FilterComparison.Operator)
        case end
    }

    let kind: Kind
    let column: Int

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .word(let w): "'\(w)'"
        case .quoted(let q): "\"\(q)\""
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .leftBracket: "'['"
        case .rightBracket: "']'"
        case .comma: "','"
        case .bang: "'!'"
        case .andAnd: "'&&'"
        case .orOr: "'||'"
        case .comparison(let op): "'\(op.rawValue)'"
        case .end: "end of filter"
        }
    }
}

/// Splits filter text into tokens. Whitespace separates words; `( ) [ ] , ! < > = & |` and
/// quotes are self-delimiting so `port>1023` and `(src ip 10.0.0.1)` lex as expected.
/// Anything after `#` on a line is a comment, as in nfdump filter files.
struct FilterLexer {
    static func tokens(_ text: String) throws(FilterSyntaxError) -> [FilterToken] {
        let chars = Array(text)
        var out: [FilterToken] = []
        var i = 0
        func fail(_ reason: String, _ at: Int) -> FilterSyntaxError {
            FilterSyntaxError(reason: reason, column: at + 1, text: text)
        }
        while i < chars.count {
            let c = chars[i]
            let col = i + 1
            if c.isWhitespace { i += 1; continue }
            if c == "#" {
                while i < chars.count && !chars[i].isNewline { i += 1 }
                continue
            }
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case "(": out.append(.init(kind: .leftParen, column: col)); i += 1
            case ")": out.append(.init(kind: .rightParen, column: col)); i += 1
            case "[": out.append(.init(kind: .leftBracket, column: col)); i += 1
            case "]": out.append(.init(kind: .rightBracket, column: col)); i += 1
            case ",": out.append(.init(kind: .comma, column: col)); i += 1
            case "!":
                if next == "=" {
                    out.append(.init(kind: .comparison(.notEqual), column: col)); i += 2
                } else {
                    out.append(.init(kind: .bang, column: col)); i += 1
                }
            case "&":
                guard next == "&" else { throw fail("expected '&&'", i) }
                out.append(.init(kind: .andAnd, column: col)); i += 2
            case "|":
                guard next == "|" else { throw fail("expected '||'", i) }
                out.append(.init(kind: .orOr, column: col)); i += 2
            case "<", ">", "=":
                if next == "=" {
                    let op: FilterComparison.Operator = c == "<" ? .lessOrEqual : c == ">" ? .greaterOrEqual : .equal
                    out.append(.init(kind: .comparison(op), column: col)); i += 2
                } else {
                    let op: FilterComparison.Operator = c == "<" ? .less : c == ">" ? .greater : .equal
                    out.append(.init(kind: .comparison(op), column: col)); i += 1
                }
            case "\"", "'":
                var j = i + 1
                while j < chars.count && chars[j] != c { j += 1 }
                guard j < chars.count else { throw fail("unterminated quoted string", i) }
                out.append(.init(kind: .quoted(String(chars[(i + 1)..<j])), column: col))
                i = j + 1
            default:
                var j = i
                while j < chars.count && !isDelimiter(chars[j]) { j += 1 }
                out.append(.init(kind: .word(String(chars[i..<j])), column: col))
                i = j
            }
        }
        out.append(.init(kind: .end, column: chars.count + 1))
        return out
    }

    private static func isDelimiter(_ c: Character) -> Bool {
        if c.isWhitespace { return true }
        switch c {
        case "(", ")", "[", "]", ",", "!", "&", "|", "<", ">", "=", "\"", "'", "#": return true
        default: return false
        }
    }
}
