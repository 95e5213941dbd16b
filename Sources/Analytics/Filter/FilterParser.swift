import NetsightModel

/// Recursive-descent parser for the filter language.
///
/// Precedence, loosest first: `or`/`||`, `and`/`&&`, `not`/`!`, then primitives and
/// parentheses; `and` and `or` associate to the left. This is nfdump's (and tcpdump's)
/// order, so filters copied from either mean the same thing here.
struct FilterParser {
    private let tokens: [FilterToken]
    private let text: String
    var pos = 0

    init(_ text: String) throws(FilterSyntaxError) {
        self.text = text
        self.tokens = try FilterLexer.tokens(text)
    }

    mutating func parse() throws(FilterSyntaxError) -> FilterExpression {
        if case .end = current.kind { return .any }
        let e = try parseOr()
        if case .end = current.kind { return e }
        if case .rightParen = current.kind { throw error("unbalanced ')'") }
        throw error("expected 'and', 'or' or end of filter, found \(current.display)")
    }

    // MARK: token helpers

    var current: FilterToken { tokens[pos] }

    mutating func advance() { if pos < tokens.count - 1 { pos += 1 } }

    /// The current token as a lower-cased keyword candidate; nil for anything but a bare word.
    var keyword: String? {
        if case .word(let w) = current.kind { return w.lowercased() }
        return nil
    }

    func error(_ reason: String, at token: FilterToken? = nil) -> FilterSyntaxError {
        FilterSyntaxError(reason: reason, column: (token ?? current).column, text: text)
    }

    /// Consumes the keyword when it is next; keywords are case-insensitive.
    mutating func accept(_ word: String) -> Bool {
        if keyword == word { advance(); return true }
        return false
    }

    // MARK: combinators

    private mutating func parseOr() throws(FilterSyntaxError) -> FilterExpression {
        var lhs = try parseAnd()
        while true {
            if case .orOr = current.kind { advance() } else if !accept("or") { return lhs }
            lhs = .or(lhs, try parseAnd())
        }
    }

    private mutating func parseAnd() throws(FilterSyntaxError) -> FilterExpression {
        var lhs = try parseUnary()
        while true {
            if case .andAnd = current.kind { advance() } else if !accept("and") { return lhs }
            lhs = .and(lhs, try parseUnary())
        }
    }

    private mutating func parseUnary() throws(FilterSyntaxError) -> FilterExpression {
        if case .bang = current.kind {
            advance()
            return .not(try parseUnary())
        }
        if accept("not") { return .not(try parseUnary()) }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(FilterSyntaxError) -> FilterExpression {
        switch current.kind {
        case .leftParen:
            let open = current
            advance()
            if case .rightParen = current.kind { throw error("expected a filter expression inside '()'") }
            let inner = try parseOr()
            guard case .rightParen = current.kind else {
                if case .end = current.kind { throw error("missing ')' for '(' at column \(open.column)") }
                throw error("expected ')', found \(current.display)")
            }
            advance()
            return inner
        case .word:
            if accept("any") { return .any }
            return .predicate(try parsePredicate())
        case .end:
            throw error("expected a filter expression")
        default:
            throw error("expected a filter expression, found \(current.display)")
        }
    }
}
