/// The three SNMPv3 security levels (RFC 3411 section 3.4.3), in increasing order, with
/// net-snmp's `-l` spelling as raw values.
public enum SecurityLevel: String, Hashable, Sendable, CaseIterable, Codable, Comparable {
    case noAuthNoPriv
    case authNoPriv
    case authPriv

    private var rank: Int {
        switch self {
        case .noAuthNoPriv: 0
        case .authNoPriv: 1
        case .authPriv: 2
        }
    }

    public static func < (lhs: SecurityLevel, rhs: SecurityLevel) -> Bool { lhs.rank < rhs.rank }
}
