extension AuthProtocol {
    /// RFC 3414 A.2 password-to-key: the digest of 1,048,576 octets of the password
    /// repeated. Deliberately slow (1 MB hashed), so callers derive it once per password
    /// and localise the result per engine (`localize`), which is cheap.
    /// - Returns: Ku, `keyLength` octets; empty for an empty password (never valid: USM
    ///   requires at least 8 characters).
    public func passwordToKey(_ password: [UInt8]) -> [UInt8] {
        guard !password.isEmpty else { return [] }
        let total = 1_048_576
        var stream = password
        stream.reserveCapacity(total + password.count)
        while stream.count * 2 <= total { stream += stream }
        stream += stream.prefix(total - stream.count)
        return digest(stream)
    }

    /// RFC 3414 section 2.6 key localisation: Kul = H(Ku ‖ snmpEngineID ‖ Ku), a key that
    /// only works with one engine, so one device's key opens no other.
    public func localize(_ key: [UInt8], engineID: [UInt8]) -> [UInt8] {
        digest(key + engineID + key)
    }
}
