/// A query parameter that cannot be used, named so the CLI and the HTTP 400 body can say
/// which one and why: `by: unknown key "srcipp" (known: srcip, dstip, ...)`.
public struct FlowRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    public let parameter: String
    public let problem: String

    public init(parameter: String, problem: String) {
        self.parameter = parameter
        self.problem = problem
    }

    public var description: String { "\(parameter): \(problem)" }
}
