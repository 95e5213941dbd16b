import CLibCrypto

/// usmDESPrivProtocol (RFC 3414 section 8): single DES in CBC mode, through the system
/// libcrypto because swift-crypto has no DES (docs/decisions/0007-snmp-privacy-ciphers.md).
///
/// The 16-octet localised key splits into the DES key (octets 0-7) and the pre-IV
/// (8-15); the IV is pre-IV XOR salt, and the salt is sent as msgPrivacyParameters.
/// DES is broken; it is here because old devices offer nothing else.
enum DESCBCCipher {
    /// Encrypts, padding the plaintext to a multiple of 8. RFC 3414 8.1.1.2 allows any
    /// padding (the receiver's BER decoder ignores it); like net-snmp, each pad octet holds
    /// the pad length, and none is added to a whole block, so sealed bytes equal its own.
    static func encrypt(_ plaintext: [UInt8], key: [UInt8], salt: [UInt8]) -> [UInt8] {
        var input = plaintext
        let pad = (8 - input.count % 8) % 8
        input += [UInt8](repeating: UInt8(pad), count: pad)
        return run(input, key: key, salt: salt, direction: DES_ENCRYPT)
    }

    /// Decrypts; nil when the ciphertext is not a whole number of blocks (RFC 3414
    /// 8.3.2 step 1: a decryption error) or the key or salt is short.
    static func decrypt(_ ciphertext: [UInt8], key: [UInt8], salt: [UInt8]) -> [UInt8]? {
        guard ciphertext.count % 8 == 0, key.count >= 16, salt.count == 8 else { return nil }
        return run(ciphertext, key: key, salt: salt, direction: DES_DECRYPT)
    }

    private static func run(_ input: [UInt8], key: [UInt8], salt: [UInt8], direction: Int32) -> [UInt8] {
        guard key.count >= 16, salt.count == 8, !input.isEmpty else { return [] }
        var schedule = DES_key_schedule()
        var desKey: DES_cblock = (0, 0, 0, 0, 0, 0, 0, 0)
        var iv: DES_cblock = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &desKey) { raw in
            for i in 0..<8 { raw[i] = key[i] }
        }
        withUnsafeMutableBytes(of: &iv) { raw in
            for i in 0..<8 { raw[i] = key[8 + i] ^ salt[i] }
        }
        DES_set_key_unchecked(&desKey, &schedule)
        var output = [UInt8](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                DES_ncbc_encrypt(source.baseAddress, target.baseAddress, input.count, &schedule, &iv, direction)
            }
        }
        return output
    }
}
