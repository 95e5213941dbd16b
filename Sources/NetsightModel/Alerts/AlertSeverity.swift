/// How bad an alert is. Ordered: `critical` is the worst. The raw values are the config's
/// and the `severity` label's.
public enum AlertSeverity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case info, warning, major, critical

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .major: 2
        case .critical: 3
        }
    }

    public static func < (lhs: AlertSeverity, rhs: AlertSeverity) -> Bool { lhs.rank < rhs.rank }
}
