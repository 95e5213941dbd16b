import Crypto
import _CryptoExtras
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// usmAesCfb128Protocol (RFC 3826): AES-128 in 128-bit CFB mode, no padding.
///
/// The IV is msgAuthoritativeEngineBoots ‖ msgAuthoritativeEngineTime ‖ salt (section
/// 3.1.2.1), so the same salt may never repeat under one boots/time: the sender keeps a
/// 64-bit counter (`SNMPEngineState.nextSalt`).
enum AESCFBCipher {
    /// - Parameters:
    ///   - key: the localised privacy key; its first 16 octets are the AES key.
    ///   - salt: the 8 octets sent as msgPrivacyParameters.
    static func encrypt(_ plaintext: [UInt8], key: [UInt8], boots: Int32, time: Int32, salt: [UInt8]) throws -> [UInt8] {
        let iv = try AES._CFB.IV(ivBytes: initializationVector(boots: boots, time: time, salt: salt))
        return Array(try AES._CFB.encrypt(plaintext, using: SymmetricKey(data: key.prefix(16)), iv: iv))
    }

    static func decrypt(_ ciphertext: [UInt8], key: [UInt8], boots: Int32, time: Int32, salt: [UInt8]) throws -> [UInt8] {
        let iv = try AES._CFB.IV(ivBytes: initializationVector(boots: boots, time: time, salt: salt))
        return Array(try AES._CFB.decrypt(ciphertext, using: SymmetricKey(data: key.prefix(16)), iv: iv))
    }

    static func initializationVector(boots: Int32, time: Int32, salt: [UInt8]) -> [UInt8] {
        bigEndian(UInt32(bitPattern: boots)) + bigEndian(UInt32(bitPattern: time)) + salt
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }
}
