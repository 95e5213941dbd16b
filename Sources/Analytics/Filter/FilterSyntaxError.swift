/// A filter that could not be parsed: what was expected, and where.
///
/// The description is meant to be shown to the person who typed the filter as is: the
/// message, the 1-based column, then the filter with a caret under the offending spot, so a
/// CLI or an HTTP 400 body needs no extra formatting.
public struct FilterSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, without the position ("expected a port number").
    public let reason: String
    /// 1-based column (in characters) of the offending token; `text.count + 1` at the end.
    public let column: Int
    /// The whole filter text as given.
    public let text: String

    public init(reason: String, column: Int, text: String) {
        self.reason = reason
        self.column = column
        self.text = text
    }

    /// "expected a port number at column 10", the filter, and a caret line.
    public var description: String {
        let caret = String(repeating: " ", count: max(0, column - 1)) + "^"
        return "\(reason) at column \(column)\n\(text)\n\(caret)"
    }
}
