/// A configuration file that cannot be used. The message names the key path and the line,
/// so the engineer can go straight to it: `config.yaml:12: sites[0].prefixes[1]: not an IP prefix: "10.0.0/8"`.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int?
    public let key: String
    public let problem: String

    public init(file: String, line: Int?, key: String, problem: String) {
        self.file = file
        self.line = line
        self.key = key
        self.problem = problem
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return key.isEmpty ? "\(place): \(problem)" : "\(place): \(key): \(problem)"
    }
}
