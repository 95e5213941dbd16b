extension USM {
    /// Decodes a datagram for a known user (the poller's case): the message must name
    /// `keys.userName` and, when authenticated, `keys.engineID`, and anything but a Report
    /// must come at the user's full security level: otherwise anyone could answer an
    /// authPriv poll with a forged plaintext Response (RFC 3412 7.2 step 12: a response
    /// keeps its request's level; only Reports may be lower).
    /// - Throws: `SNMPDecodeError` for malformed bytes, `USMError` for security failures.
    public static func open(_ bytes: [UInt8], keys: USMLocalizedKeys?) throws -> SNMPv3Message {
        let message = try open(bytes) { (parameters: USMSecurityParameters) throws(USMError) -> USMLocalizedKeys? in
            guard let keys else { return nil }
            let user = parameters.userNameText
            guard parameters.userName == Array(keys.userName.utf8) else {
                throw USMError(.unknownUserName, userName: user, "expected a message for user \(keys.userName)")
            }
            guard parameters.engineID == keys.engineID else {
                throw USMError(.unknownEngineID, userName: user, "the message names another engine than the keys were localised for")
            }
            return keys
        }
        let level = message.flags.securityLevel
        if let keys, level < keys.securityLevel, message.plaintext?.pdu.type != .report {
            throw USMError(
                .unsupportedSecurityLevel, userName: keys.userName,
                "the answer came at \(level), below the user's \(keys.securityLevel); refusing it")
        }
        return message
    }

    /// Decodes a datagram, verifies its HMAC and decrypts it, as its msgFlags say.
    ///
    /// An unauthenticated message is returned as decoded (discovery Reports are; whether
    /// that level is acceptable is the caller's call). The HMAC comparison takes the same
    /// time wherever the first difference is.
    /// - Parameter keys: finds the keys for the message's user and engine (the trap
    ///   receiver has many); nil means the user is unknown.
    /// - Throws: `SNMPDecodeError` for malformed bytes, `USMError` for security failures.
    public static func open(
        _ bytes: [UInt8], keys lookup: (USMSecurityParameters) throws(USMError) -> USMLocalizedKeys?
    ) throws -> SNMPv3Message {
        let (message, range) = try SNMPv3Message.decodeLocatingAuthentication(bytes)
        guard message.flags.contains(.authenticated) else { return message }
        let parameters = message.securityParameters
        let user = parameters.userNameText
        guard let keys = try lookup(parameters) else {
            throw USMError(.unknownUserName, userName: user, "no credentials for this user")
        }
        guard let auth = keys.authentication else {
            throw USMError(.unsupportedSecurityLevel, userName: user, "the message is authenticated but the user has no authentication key")
        }
        let received = parameters.authenticationParameters
        guard received.count == auth.macLength else {
            throw USMError(.wrongDigest, userName: user, "msgAuthenticationParameters has \(received.count) octets, \(auth.rawValue) uses \(auth.macLength): check the authentication protocol")
        }
        var zeroed = bytes
        zeroed.replaceSubrange(range, with: repeatElement(0, count: range.count))
        guard constantTimeEqual(auth.mac(key: keys.authKey, message: zeroed), received) else {
            throw USMError(.wrongDigest, userName: user, "the HMAC does not verify: check the authentication password and protocol")
        }
        guard case .encrypted(let ciphertext) = message.scopedPDU else { return message }
        var opened = message
        opened.scopedPDU = .plaintext(try decrypt(ciphertext, parameters: parameters, keys: keys))
        return opened
    }

    private static func decrypt(_ ciphertext: [UInt8], parameters: USMSecurityParameters, keys: USMLocalizedKeys) throws(USMError) -> ScopedPDU {
        let user = parameters.userNameText
        guard let privacy = keys.privacy else {
            throw USMError(.unsupportedSecurityLevel, userName: user, "the message is encrypted but the user has no privacy key")
        }
        let salt = parameters.privacyParameters
        guard salt.count == 8 else {
            throw USMError(.decryptionError, userName: user, "msgPrivacyParameters has \(salt.count) octets, expected 8")
        }
        let plaintext: [UInt8]?
        switch privacy {
        case .aes128:
            plaintext = try? AESCFBCipher.decrypt(
                ciphertext, key: keys.privKey, boots: parameters.engineBoots, time: parameters.engineTime, salt: salt)
        case .des:
            plaintext = DESCBCCipher.decrypt(ciphertext, key: keys.privKey, salt: salt)
        }
        guard let plaintext else {
            throw USMError(.decryptionError, userName: user, "\(privacy.rawValue) could not decrypt \(ciphertext.count) octets")
        }
        do {
            // Trailing octets are cipher padding (RFC 3414 8.3.2); a wrong key yields garbage.
            return try ScopedPDU.decode(plaintext, allowPadding: true)
        } catch {
            throw USMError(.decryptionError, userName: user, "the decrypted data is not a scoped PDU (\(error.reason.rawValue)): check the privacy password and protocol")
        }
    }

    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
