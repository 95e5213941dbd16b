/// A summary template that cannot be used, with what is wrong and where (character offset
/// from 0), so the rule loader can say "rule X summary: unknown variable $lables at 3".
public struct AlertTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var offset: Int

    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) at offset \(offset)" }
}
