import NetsightModel

/// A compiled flow filter in nfdump's syntax (`src net 10.0.0.0/8 and port 443`).
///
/// Parsing builds a `FilterExpression`; compiling turns it into a tree of closures, each of
/// which reads one or two fixed fields of the record, so evaluating a record costs a few
/// indirect calls and integer compares: no AST walk, no dictionary or string work except
/// for the name-based primitives (`site`, `exporter`). See docs/filter-language.md.
public struct FlowFilter: Sendable, CustomStringConvertible {
    /// The parsed form; `.any` for an empty filter.
    public let expression: FilterExpression
    /// The columns the filter reads, so the store can skip the others.
    public let fields: FlowFieldSet
    private let test: @Sendable (FlowRecord) -> Bool

    /// A filter that matches every record.
    public static let matchAll = FlowFilter(.any)

    /// Compiles an already-built expression.
    public init(_ expression: FilterExpression) {
        self.expression = expression
        self.fields = FilterCompiler.fields(expression)
        self.test = FilterCompiler.compile(expression)
    }

    /// Parses filter text; empty (or whitespace/comment-only) text matches everything.
    ///
    /// - Throws: `FilterSyntaxError` naming the problem and its 1-based column.
    public static func parse(_ text: String) throws(FilterSyntaxError) -> FlowFilter {
        var parser = try FilterParser(text)
        return FlowFilter(try parser.parse())
    }

    /// True when the record passes the filter.
    @inline(__always)
    public func matches(_ record: FlowRecord) -> Bool { test(record) }

    /// True when the filter is `any` (callers can skip calling it).
    public var matchesEverything: Bool { expression == .any }

    /// The fully parenthesised canonical form.
    public var description: String { expression.description }
}
