/// UsmSecurityParameters (RFC 3414 section 2.4), carried BER-encoded inside the
/// msgSecurityParameters OCTET STRING.
public struct USMSecurityParameters: Hashable, Sendable {
    /// The authoritative engine: the agent for requests, the sender for traps, the
    /// receiver for informs. Empty in a discovery request.
    public var engineID: [UInt8]
    public var engineBoots: Int32
    /// Seconds since the authoritative engine last booted.
    public var engineTime: Int32
    /// SnmpAdminString (UTF-8 octets), kept as bytes so messages re-encode unchanged.
    public var userName: [UInt8]
    /// The truncated HMAC, or empty when not authenticated.
    public var authenticationParameters: [UInt8]
    /// The 8-octet salt of an encrypted message, or empty.
    public var privacyParameters: [UInt8]

    public init(
        engineID: [UInt8] = [], engineBoots: Int32 = 0, engineTime: Int32 = 0, userName: [UInt8] = [],
        authenticationParameters: [UInt8] = [], privacyParameters: [UInt8] = []
    ) {
        self.engineID = engineID
        self.engineBoots = engineBoots
        self.engineTime = engineTime
        self.userName = userName
        self.authenticationParameters = authenticationParameters
        self.privacyParameters = privacyParameters
    }

    /// The user name as text (invalid UTF-8 repaired), for logs and errors.
    public var userNameText: String { String(decoding: userName, as: UTF8.self) }
}
