/// An OBJECT IDENTIFIER: a sequence of unsigned 32-bit arcs (RFC 2578 caps SNMP
/// subidentifiers at 2^32-1 and their number at 128).
///
/// Ordered arc by arc, a prefix before its extensions: the order GetNext and walks use.
public struct OID: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByArrayLiteral {
    public var arcs: [UInt32]

    /// RFC 2578 section 3.5: at most 128 subidentifiers.
    public static let maxArcs = 128

    public init(_ arcs: [UInt32]) { self.arcs = arcs }

    public init(arrayLiteral elements: UInt32...) { self.arcs = elements }

    /// Parses dotted text such as "1.3.6.1.2.1.1.5.0" or net-snmp's ".1.3.6.1.2.1.1.5.0".
    /// Returns nil for empty text, an empty arc, a non-digit, or an arc above 2^32-1.
    public init?(_ text: some StringProtocol) {
        var body = Substring(text)
        if body.first == "." { body = body.dropFirst() }
        guard !body.isEmpty else { return nil }
        var arcs: [UInt32] = []
        for part in body.split(separator: ".", omittingEmptySubsequences: false) {
            guard !part.isEmpty, part.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let arc = UInt32(part) else {
                return nil
            }
            arcs.append(arc)
        }
        guard arcs.count <= OID.maxArcs else { return nil }
        self.arcs = arcs
    }

    /// Dotted text without a leading dot: "1.3.6.1.2.1.1.5.0".
    public var description: String { arcs.map(String.init).joined(separator: ".") }

    /// Whether `self` is `other` or an ancestor of it (walks stop when this turns false).
    public func isPrefix(of other: OID) -> Bool {
        arcs.count <= other.arcs.count && other.arcs.starts(with: arcs)
    }

    /// Whether `prefix` is `self` or an ancestor of it.
    public func hasPrefix(_ prefix: OID) -> Bool { prefix.isPrefix(of: self) }

    /// The arcs after `prefix` (a table row's index), or nil when `prefix` does not match.
    public func arcs(after prefix: OID) -> ArraySlice<UInt32>? {
        hasPrefix(prefix) ? arcs[prefix.arcs.count...] : nil
    }

    /// This OID with `more` arcs appended (a column plus an index, a scalar plus ".0").
    public func appending(_ more: UInt32...) -> OID { OID(arcs + more) }

    public static func < (lhs: OID, rhs: OID) -> Bool {
        lhs.arcs.lexicographicallyPrecedes(rhs.arcs)
    }
}
