/// A Response PDU's error-status (RFC 3416 section 3).
///
/// A struct rather than an enum so a value outside the RFC's list still decodes and
/// re-encodes unchanged; `name` is the RFC's spelling (net-snmp prints the same).
public struct ErrorStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let noError = ErrorStatus(rawValue: 0)
    public static let tooBig = ErrorStatus(rawValue: 1)
    /// SNMPv1 only: v2c/v3 agents use the noSuchObject/noSuchInstance exceptions.
    public static let noSuchName = ErrorStatus(rawValue: 2)
    public static let badValue = ErrorStatus(rawValue: 3)
    public static let readOnly = ErrorStatus(rawValue: 4)
    public static let genErr = ErrorStatus(rawValue: 5)
    public static let noAccess = ErrorStatus(rawValue: 6)
    public static let wrongType = ErrorStatus(rawValue: 7)
    public static let wrongLength = ErrorStatus(rawValue: 8)
    public static let wrongEncoding = ErrorStatus(rawValue: 9)
    public static let wrongValue = ErrorStatus(rawValue: 10)
    public static let noCreation = ErrorStatus(rawValue: 11)
    public static let inconsistentValue = ErrorStatus(rawValue: 12)
    public static let resourceUnavailable = ErrorStatus(rawValue: 13)
    public static let commitFailed = ErrorStatus(rawValue: 14)
    public static let undoFailed = ErrorStatus(rawValue: 15)
    public static let authorizationError = ErrorStatus(rawValue: 16)
    public static let notWritable = ErrorStatus(rawValue: 17)
    public static let inconsistentName = ErrorStatus(rawValue: 18)

    private static let names = [
        "noError", "tooBig", "noSuchName", "badValue", "readOnly", "genErr", "noAccess",
        "wrongType", "wrongLength", "wrongEncoding", "wrongValue", "noCreation",
        "inconsistentValue", "resourceUnavailable", "commitFailed", "undoFailed",
        "authorizationError", "notWritable", "inconsistentName",
    ]

    /// The RFC name, or "error(N)" for a value the RFC does not define.
    public var name: String {
        rawValue >= 0 && Int(rawValue) < ErrorStatus.names.count ? ErrorStatus.names[Int(rawValue)] : "error(\(rawValue))"
    }

    public var description: String { name }
}
