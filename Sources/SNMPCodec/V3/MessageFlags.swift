/// msgFlags (RFC 3412 section 6.4): one octet saying whether the message is
/// authenticated, encrypted, and whether the receiver may answer with a Report.
public struct MessageFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let authenticated = MessageFlags(rawValue: 0x01)
    public static let encrypted = MessageFlags(rawValue: 0x02)
    public static let reportable = MessageFlags(rawValue: 0x04)

    /// The level these flags express (encryption implies authentication).
    public var securityLevel: SecurityLevel {
        contains(.encrypted) ? .authPriv : (contains(.authenticated) ? .authNoPriv : .noAuthNoPriv)
    }

    /// Flags for a message at `level`, plus `reportable` for confirmed-class PDUs.
    public init(level: SecurityLevel, reportable: Bool) {
        var flags: MessageFlags = reportable ? .reportable : []
        if level != .noAuthNoPriv { flags.insert(.authenticated) }
        if level == .authPriv { flags.insert(.encrypted) }
        self = flags
    }
}
