import Testing
@testable import SNMPCodec

@Suite struct PrivacyCipherTests {
    /// NIST SP 800-38A F.3.13, CFB128-AES128.Encrypt. boots ‖ time ‖ salt is laid out so
    /// the RFC 3826 IV equals NIST's 000102...0f.
    @Test func aesCFB128KnownAnswer() throws {
        let key = [UInt8](hex: "2b7e151628aed2a6abf7158809cf4f3c")
        let plaintext = [UInt8](hex: "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51")
        let salt = [UInt8](hex: "08090a0b0c0d0e0f")
        #expect(AESCFBCipher.initializationVector(boots: 0x0001_0203, time: 0x0405_0607, salt: salt).hex == "000102030405060708090a0b0c0d0e0f")
        let ciphertext = try AESCFBCipher.encrypt(plaintext, key: key + [0xEE, 0xEE, 0xEE, 0xEE], boots: 0x0001_0203, time: 0x0405_0607, salt: salt)
        #expect(ciphertext.hex == "3b3fd92eb72dad20333449f8e83cfb4a" + "c8a64537a0b3a93fcde3cdad9f1ce58b")
        #expect(try AESCFBCipher.decrypt(ciphertext, key: key, boots: 0x0001_0203, time: 0x0405_0607, salt: salt) == plaintext)
    }

    @Test(arguments: [0, 1, 15, 16, 17, 100, 1500])
    func aesRoundTripsAnyLength(length: Int) throws {
        let key = (0..<16).map { UInt8($0 * 7) }
        let plaintext = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 31) }
        let salt = [UInt8](hex: "0102030405060708")
        let ciphertext = try AESCFBCipher.encrypt(plaintext, key: key, boots: 3, time: 1000, salt: salt)
        #expect(ciphertext.count == length)  // CFB: no padding
        if length > 0 { #expect(ciphertext != plaintext) }
        #expect(try AESCFBCipher.decrypt(ciphertext, key: key, boots: 3, time: 1000, salt: salt) == plaintext)
        if length > 0 {
            #expect(try AESCFBCipher.decrypt(ciphertext, key: key, boots: 3, time: 1001, salt: salt) != plaintext)
        }
    }

    /// FIPS 81 appendix C CBC example: key 0123456789abcdef, IV 1234567890abcdef,
    /// "Now is the time for all ". The USM IV is pre-IV XOR salt, so pre-IV = IV, salt 0.
    @Test func desCBCKnownAnswer() throws {
        let key = [UInt8](hex: "0123456789abcdef 1234567890abcdef")
        let plaintext = Array("Now is the time for all ".utf8)
        let salt = [UInt8](repeating: 0, count: 8)
        let ciphertext = DESCBCCipher.encrypt(plaintext, key: key, salt: salt)
        #expect(ciphertext.hex == "e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6")
        #expect(DESCBCCipher.decrypt(ciphertext, key: key, salt: salt) == plaintext)
        // Salt enters the IV: the same pre-IV with salt = IV and pre-IV 0 gives the same bytes.
        let swapped = [UInt8](hex: "0123456789abcdef 0000000000000000")
        #expect(DESCBCCipher.encrypt(plaintext, key: swapped, salt: [UInt8](hex: "1234567890abcdef")) == ciphertext)
    }

    @Test(arguments: [1, 7, 8, 9, 95, 96])
    func desPadsLikeNetSNMP(length: Int) throws {
        let key = (0..<16).map { UInt8($0 &* 13 &+ 1) }
        let salt = [UInt8](hex: "0000000100000002")
        let plaintext = [UInt8](repeating: 0x30, count: length)
        let ciphertext = DESCBCCipher.encrypt(plaintext, key: key, salt: salt)
        let pad = (8 - length % 8) % 8
        #expect(ciphertext.count == length + pad)
        let decrypted = try #require(DESCBCCipher.decrypt(ciphertext, key: key, salt: salt))
        #expect(Array(decrypted.prefix(length)) == plaintext)
        #expect(Array(decrypted.dropFirst(length)) == [UInt8](repeating: UInt8(pad), count: pad))
    }

    @Test func desRefusesPartialBlocks() {
        let key = [UInt8](repeating: 1, count: 16)
        #expect(DESCBCCipher.decrypt([1, 2, 3], key: key, salt: [UInt8](repeating: 0, count: 8)) == nil)
        #expect(DESCBCCipher.decrypt([UInt8](repeating: 0, count: 8), key: [1], salt: [UInt8](repeating: 0, count: 8)) == nil)
        #expect(DESCBCCipher.decrypt([UInt8](repeating: 0, count: 8), key: key, salt: [0]) == nil)
    }
}
