/// An SNMPv3 user as configured: name, protocols, and the password-derived master keys
/// (Ku, RFC 3414 A.2).
///
/// Creating one hashes a megabyte per password, so create it once per configured user
/// and call `localizedKeys(engineID:)` (cheap) for each device. `description` never
/// shows keys.
public struct USMUser: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public let authentication: AuthProtocol?
    public let privacy: PrivProtocol?
    let authMasterKey: [UInt8]
    let privMasterKey: [UInt8]

    /// RFC 3414 section 11.2 and net-snmp: passwords under 8 characters are refused.
    public static let minimumPasswordLength = 8

    /// A noAuthNoPriv user.
    public init(name: String) {
        self.name = name
        self.authentication = nil
        self.privacy = nil
        self.authMasterKey = []
        self.privMasterKey = []
    }

    /// An authNoPriv or authPriv user from passwords (net-snmp's -a/-A and -x/-X).
    /// The privacy key is derived with the authentication protocol's hash (RFC 3414 8.1.1.1,
    /// RFC 3826 3.1.2.1).
    /// - Throws: `USMError` `bad_credentials` for a password under 8 characters, or a
    ///   privacy protocol without a privacy password.
    public init(
        name: String, authentication: AuthProtocol, authPassword: String,
        privacy: PrivProtocol? = nil, privPassword: String? = nil
    ) throws(USMError) {
        guard authPassword.utf8.count >= USMUser.minimumPasswordLength else {
            throw USMError(.badCredentials, userName: name, "the authentication password is shorter than 8 characters")
        }
        self.name = name
        self.authentication = authentication
        self.authMasterKey = authentication.passwordToKey(Array(authPassword.utf8))
        if let privacy {
            guard let privPassword, privPassword.utf8.count >= USMUser.minimumPasswordLength else {
                throw USMError(.badCredentials, userName: name, "the privacy password is missing or shorter than 8 characters")
            }
            self.privacy = privacy
            self.privMasterKey = authentication.passwordToKey(Array(privPassword.utf8))
        } else {
            self.privacy = nil
            self.privMasterKey = []
        }
    }

    public var securityLevel: SecurityLevel {
        authentication == nil ? .noAuthNoPriv : (privacy == nil ? .authNoPriv : .authPriv)
    }

    /// The keys for one authoritative engine (RFC 3414 section 2.6).
    public func localizedKeys(engineID: [UInt8]) -> USMLocalizedKeys {
        guard let authentication else { return USMLocalizedKeys(userName: name, engineID: engineID) }
        let privKey = privacy == nil ? [] : authentication.localize(privMasterKey, engineID: engineID)
        return USMLocalizedKeys(
            userName: name, engineID: engineID, authentication: authentication,
            authKey: authentication.localize(authMasterKey, engineID: engineID),
            privacy: privacy, privKey: privKey)
    }

    public var description: String {
        "USMUser(\(name), \(authentication?.rawValue ?? "noAuth"), \(privacy?.rawValue ?? "noPriv"))"
    }
}
