/// A numeric test such as `> 1023` or `= 6`; a bare number means equality, as in nfdump.
public struct FilterComparison: Sendable, Hashable, CustomStringConvertible {
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case equal = "="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
    }

    public var op: Operator
    public var value: UInt64

    public init(_ op: Operator, _ value: UInt64) {
        self.op = op
        self.value = value
    }

    @inlinable
    public func test(_ x: UInt64) -> Bool {
        switch op {
        case .equal: x == value
        case .notEqual: x != value
        case .less: x < value
        case .lessOrEqual: x <= value
        case .greater: x > value
        case .greaterOrEqual: x >= value
        }
    }

    public var description: String { op == .equal ? "\(value)" : "\(op.rawValue) \(value)" }
}
