/// The msgVersion field: 0 for SNMPv1, 1 for SNMPv2c, 3 for SNMPv3 (2 was SNMPv2u/v2*,
/// never deployed, and is rejected).
public enum SNMPVersion: Int32, Hashable, Sendable, CaseIterable, Codable {
    case v1 = 0
    case v2c = 1
    case v3 = 3
}
