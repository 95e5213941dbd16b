/// The User-based Security Model's message processing (RFC 3414 section 3): adding and
/// checking the HMAC, encrypting and decrypting the scoped PDU.
///
/// Pure functions: the caller supplies the keys, the authoritative boots/time in the
/// message, and a fresh salt. Time-window checks need a clock and live in
/// `SNMPEngineState`.
public enum USM {
    /// Encodes `message` for the wire at the level its msgFlags ask for.
    ///
    /// Encrypted: the plaintext scoped PDU is encrypted and msgPrivacyParameters set from
    /// `salt` (AES: its 8 octets; DES: engine boots ‖ its low 32 bits, RFC 3414 8.1.1.1).
    /// Authenticated: msgAuthenticationParameters is zero-filled, the HMAC computed over
    /// the whole message and written in its place (RFC 3414 6.3.1 / 7.3.1).
    /// - Parameter salt: must not repeat for the same key and boots/time (AES IV reuse
    ///   leaks plaintext); `SNMPEngineState.nextSalt()` provides one.
    /// - Throws: `USMError` `unsupported_security_level` when `keys` cannot provide the
    ///   level, `decryption_error` if the cipher refuses the key.
    public static func seal(_ message: SNMPv3Message, keys: USMLocalizedKeys?, salt: UInt64) throws(USMError) -> [UInt8] {
        var message = message
        let level = message.flags.securityLevel
        let user = keys?.userName ?? message.securityParameters.userNameText
        if level == .noAuthNoPriv { return message.encode() }
        guard let keys, let auth = keys.authentication, level <= keys.securityLevel else {
            throw USMError(.unsupportedSecurityLevel, userName: user, "the user has no keys for \(level)")
        }
        if level == .authPriv, case .plaintext(let scoped) = message.scopedPDU, let privacy = keys.privacy {
            let plaintext = scoped.encode()
            let parameters = message.securityParameters
            let saltBytes: [UInt8]
            let ciphertext: [UInt8]
            switch privacy {
            case .aes128:
                saltBytes = AESCFBCipher.bigEndian(UInt32(truncatingIfNeeded: salt >> 32))
                    + AESCFBCipher.bigEndian(UInt32(truncatingIfNeeded: salt))
                do {
                    ciphertext = try AESCFBCipher.encrypt(
                        plaintext, key: keys.privKey, boots: parameters.engineBoots, time: parameters.engineTime, salt: saltBytes)
                } catch {
                    throw USMError(.decryptionError, userName: user, "AES refused the privacy key: \(error)")
                }
            case .des:
                saltBytes = AESCFBCipher.bigEndian(UInt32(bitPattern: parameters.engineBoots))
                    + AESCFBCipher.bigEndian(UInt32(truncatingIfNeeded: salt))
                ciphertext = DESCBCCipher.encrypt(plaintext, key: keys.privKey, salt: saltBytes)
            }
            message.securityParameters.privacyParameters = saltBytes
            message.scopedPDU = .encrypted(ciphertext)
        }
        message.securityParameters.authenticationParameters = [UInt8](repeating: 0, count: auth.macLength)
        var (bytes, range) = message.encodeLocatingAuthentication()
        bytes.replaceSubrange(range, with: auth.mac(key: keys.authKey, message: bytes))
        return bytes
    }
}
