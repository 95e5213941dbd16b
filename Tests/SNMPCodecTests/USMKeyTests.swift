import Testing
@testable import SNMPCodec

/// Password-to-key and key localisation (RFC 3414 A.2/A.3, RFC 7860), and SHA-224.
@Suite struct USMKeyTests {
    static let engineID = [UInt8](hex: "000000000000000000000002")
    static let password = Array("maplesyrup".utf8)

    /// RFC 3414 A.3.1 and A.3.2 print MD5 and SHA-1; the SHA-2 rows are what net-snmp
    /// 5.9.3 stored for `createUser uNNN SHA-NNN "maplesyrup"` under that engine ID (and
    /// Python's hashlib computes the same).
    @Test(arguments: [
        (AuthProtocol.md5, "9faf3283884e92834ebc9847d8edd963", "526f5eed9fcce26f8964c2930787d82b"),
        (.sha1, "9fb5cc0381497b3793528939ff788d5d79145211", "6695febc9288e36282235fc7151f128497b38f3f"),
        (.sha224, "282a5867ee9aac639ad59df9572c7d3ac0fbc13a905b6df07dbbf00b",
         "0bd8827c6e29f8065e08e09237f177e410f69b90e1782be682075674"),
        (.sha256, "ab51014d1e077f6017df2b12bee5f5aa72993177e9bb569c4dff5a4ca0b4afac",
         "8982e0e549e866db361a6b625d84cccc11162d453ee8ce3a6445c2d6776f0f8b"),
        (.sha384, "e06eccdf2c68a06ed034723c9c26e0db3b669e1e2efed49150b55377a2e98f383c86fb836857444654b287c93f51ff64",
         "3b298f16164a11184279d5432bf169e2d2a48307de02b3d3f7e2b4f36eb6f0455a53689a3937eea07319a633d2ccba78"),
        (.sha512,
         "7e4396de5aadc77be853819b98c9406265b3a9c37cc3176569847a4e4f6fba63dd3a73d04924d31a63f95a601f9385af6be4ed1b37f87d040f7c6ed6f8d38a91",
         "22a5a36cedfcc085807a128d7bc6c2382167ad6c0dbc5fdff856740f3d84c099ad1ea87a8db096714d9788bd544047c9021e4229ce27e4c0a69250adfcffbb0b"),
    ])
    func passwordToKeyAndLocalisation(auth: AuthProtocol, ku: String, kul: String) {
        let master = auth.passwordToKey(USMKeyTests.password)
        #expect(master.hex == ku)
        #expect(master.count == auth.keyLength)
        #expect(auth.localize(master, engineID: USMKeyTests.engineID).hex == kul)
    }

    @Test func userLocalisesBothKeysWithTheAuthHash() throws {
        let user = try USMUser(name: "u", authentication: .sha1, authPassword: "maplesyrup", privacy: .des, privPassword: "maplesyrup")
        let keys = user.localizedKeys(engineID: USMKeyTests.engineID)
        #expect(keys.authKey.hex == "6695febc9288e36282235fc7151f128497b38f3f")
        #expect(keys.privKey == keys.authKey)  // same password, same hash
        #expect(keys.securityLevel == .authPriv)
        #expect(!"\(user) \(keys)".contains("6695"))  // descriptions never show keys
    }

    @Test func shortPasswordsAreRefused() {
        let error = #expect(throws: USMError.self) {
            try USMUser(name: "ops", authentication: .sha256, authPassword: "short")
        }
        #expect(error?.reason == .badCredentials)
        #expect(throws: USMError.self) {
            try USMUser(name: "ops", authentication: .sha256, authPassword: "longenough", privacy: .aes128, privPassword: nil)
        }
        #expect(AuthProtocol.md5.passwordToKey([]) == [])
    }

    @Test func macLengthsFollowRFC7860() {
        #expect(AuthProtocol.allCases.map(\.macLength) == [12, 12, 16, 24, 32, 48])
        for auth in AuthProtocol.allCases {
            #expect(auth.mac(key: [1, 2, 3], message: [4, 5, 6]).count == auth.macLength)
        }
    }

    @Test(arguments: [
        ("", "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f"),
        ("abc", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525"),
    ])
    func sha224KnownAnswers(input: String, digest: String) {
        #expect(AuthProtocol.sha224.digest(Array(input.utf8)).hex == digest)
    }

    @Test func sha224OverManyUpdates() {
        // FIPS 180-2 appendix: one million "a", fed in uneven pieces to cross block edges.
        var hasher = SHA224()
        let chunk = [UInt8](repeating: 0x61, count: 999)
        var fed = 0
        while fed < 1_000_000 {
            let n = min(chunk.count - fed % 7, 1_000_000 - fed)
            chunk.prefix(n).withUnsafeBytes { hasher.update(bufferPointer: $0) }
            fed += n
        }
        #expect(Array(hasher.finalize()).hex == "20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67")
    }

    @Test func hmacSHA224KnownAnswer() {
        let mac = AuthProtocol.sha224.mac(key: Array("key".utf8), message: Array("The quick brown fox jumps over the lazy dog".utf8))
        #expect(mac.hex == "88ff8b54675d39b8f72322e65ff945c5")  // first 16 of 88ff8b54...e69
    }

    @Test func protocolNamesAcceptNetSNMPSpellings() {
        #expect(AuthProtocol(name: "sha") == .sha1)
        #expect(AuthProtocol(name: "SHA1") == .sha1)
        #expect(AuthProtocol(name: "sha-512") == .sha512)
        #expect(AuthProtocol(name: "SHA256") == .sha256)
        #expect(AuthProtocol(name: "SHA-3") == nil)
        #expect(PrivProtocol(name: "aes") == .aes128)
        #expect(PrivProtocol(name: "DES") == .des)
        #expect(PrivProtocol(name: "AES-256") == nil)
    }
}
