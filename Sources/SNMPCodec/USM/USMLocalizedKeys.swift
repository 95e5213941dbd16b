/// A user's keys localised to one authoritative engine: what `USM.seal` and `USM.open`
/// need. Build from passwords with `USMUser.localizedKeys(engineID:)`, or directly from
/// localised keys (net-snmp's -3k/-3K). `description` never shows keys.
public struct USMLocalizedKeys: Hashable, Sendable, CustomStringConvertible {
    public let userName: String
    public let engineID: [UInt8]
    public let authentication: AuthProtocol?
    public let authKey: [UInt8]
    public let privacy: PrivProtocol?
    public let privKey: [UInt8]

    public init(
        userName: String, engineID: [UInt8], authentication: AuthProtocol? = nil, authKey: [UInt8] = [],
        privacy: PrivProtocol? = nil, privKey: [UInt8] = []
    ) {
        self.userName = userName
        self.engineID = engineID
        self.authentication = authentication
        self.authKey = authKey
        self.privacy = authentication == nil ? nil : privacy
        self.privKey = privKey
    }

    public var securityLevel: SecurityLevel {
        authentication == nil ? .noAuthNoPriv : (privacy == nil ? .authNoPriv : .authPriv)
    }

    public var description: String {
        "USMLocalizedKeys(\(userName), \(authentication?.rawValue ?? "noAuth"), \(privacy?.rawValue ?? "noPriv"))"
    }
}
