/// A silence or maintenance window that cannot be accepted, naming the offending field in
/// the API's terms (`matchers[1].value`, `endsAt`) so a 400 answer tells the caller exactly
/// what to fix.
public struct AlertValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(field): \(problem)" }
}
