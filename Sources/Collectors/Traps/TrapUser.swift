import SNMPCodec

/// One SNMPv3 user the trap receiver accepts, as configured (`traps.users`).
///
/// Passwords stay text here; `makeUSMUser()` derives the master keys (a megabyte of
/// hashing per password, so the listener does it once at start).
public struct TrapUser: Sendable, Equatable {
    public var name: String
    /// net-snmp's `-a` names (MD5, SHA, SHA-224 … SHA-512); nil for noAuthNoPriv.
    public var authProtocol: String?
    public var authPassword: String?
    /// net-snmp's `-x` names (AES, DES); nil for authNoPriv.
    public var privProtocol: String?
    public var privPassword: String?
    /// Engine IDs of the senders whose traps this user may sign (each sender is
    /// authoritative for its traps, so its keys are localised to its engine ID, like
    /// snmptrapd's `createUser -e`). Empty: any sender engine ID is accepted (the HMAC
    /// still proves the password); informs always use the receiver's own engine ID.
    public var engineIDs: [[UInt8]]

    public init(
        name: String, authProtocol: String? = nil, authPassword: String? = nil, privProtocol: String? = nil,
        privPassword: String? = nil, engineIDs: [[UInt8]] = []
    ) {
        self.name = name
        self.authProtocol = authProtocol
        self.authPassword = authPassword
        self.privProtocol = privProtocol
        self.privPassword = privPassword
        self.engineIDs = engineIDs
    }

    /// What is wrong with these settings, or nil: cheap checks (names, lengths), no hashing.
    public var problem: String? {
        if name.isEmpty { return "a user needs a name" }
        guard let authProtocol else {
            return privProtocol == nil ? nil : "privacy needs authentication (set auth_protocol)"
        }
        if AuthProtocol(name: authProtocol) == nil {
            return "unknown auth_protocol \"\(authProtocol)\" (MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512)"
        }
        if (authPassword ?? "").utf8.count < USMUser.minimumPasswordLength {
            return "auth_password must have at least \(USMUser.minimumPasswordLength) characters"
        }
        if let privProtocol {
            if PrivProtocol(name: privProtocol) == nil { return "unknown priv_protocol \"\(privProtocol)\" (AES, DES)" }
            if (privPassword ?? "").utf8.count < USMUser.minimumPasswordLength {
                return "priv_password must have at least \(USMUser.minimumPasswordLength) characters"
            }
        }
        return nil
    }

    /// The USM user with its master keys.
    /// - Throws: `USMError` `bad_credentials`, or `TrapConfigurationError` for unknown protocol names.
    public func makeUSMUser() throws -> USMUser {
        if let problem { throw TrapConfigurationError(message: "traps user \(name): \(problem)") }
        guard let authProtocol, let auth = AuthProtocol(name: authProtocol) else { return USMUser(name: name) }
        return try USMUser(
            name: name, authentication: auth, authPassword: authPassword ?? "",
            privacy: privProtocol.flatMap { PrivProtocol(name: $0) }, privPassword: privPassword)
    }
}

/// A trap receiver setting that cannot be used; the message names the user or key.
public struct TrapConfigurationError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
