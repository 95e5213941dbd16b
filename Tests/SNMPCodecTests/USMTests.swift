import Testing
@testable import SNMPCodec

/// Sealing and opening synthetic messages: every auth protocol with every privacy option.
@Suite struct USMTests {
    static let engineID: [UInt8] = [0x80, 0, 0x1F, 0x88, 0x80, 1, 2, 3, 4, 5, 6, 7, 8]
    static let combinations: [(AuthProtocol, PrivProtocol?)] = AuthProtocol.allCases.flatMap { auth in
        [(auth, nil), (auth, .des), (auth, .aes128)]
    }

    private func user(_ auth: AuthProtocol, _ privacy: PrivProtocol?) throws -> USMUser {
        try USMUser(name: "poller", authentication: auth, authPassword: "authentication", privacy: privacy, privPassword: privacy == nil ? nil : "privacypassword")
    }

    @Test(arguments: combinations)
    func sealThenOpenRoundTrips(auth: AuthProtocol, privacy: PrivProtocol?) throws {
        let keys = try user(auth, privacy).localizedKeys(engineID: USMTests.engineID)
        var engine = SNMPEngineState(engineID: USMTests.engineID, engineBoots: 2, engineTime: 77, now: 0, saltSeed: 99)
        let pdu = SNMPPDU.getBulkRequest(BulkPDU(requestID: 42, nonRepeaters: 0, maxRepetitions: 20, varBinds: [VarBind([1, 3, 6, 1, 2, 1, 2, 2, 1, 2])]))
        let bytes = try engine.seal(pdu, keys: keys, messageID: 7, now: 5_000)
        let opened = try USM.open(bytes, keys: keys)
        #expect(opened.plaintext?.pdu == pdu)
        #expect(opened.flags.securityLevel == keys.securityLevel)
        #expect(opened.securityParameters.authenticationParameters.count == auth.macLength)
        #expect(opened.securityParameters.privacyParameters.count == (privacy == nil ? 0 : 8))
        if privacy != nil {
            // The PDU is not visible in the datagram.
            let plain = ScopedPDU(contextEngineID: USMTests.engineID, pdu: pdu).encode()
            #expect(!bytes.contains(subsequence: Array(plain.suffix(20))))
        }
        // A second seal uses a new salt, so the ciphertext differs.
        let again = try engine.seal(pdu, keys: keys, messageID: 7, now: 5_000)
        #expect((again == bytes) == (privacy == nil))
    }

    @Test func noAuthNoPrivNeedsNoKeys() throws {
        let message = SNMPEngineState.discoveryRequest(messageID: 1, requestID: 1)
        let bytes = try USM.seal(message, keys: nil, salt: 0)
        #expect(bytes == message.encode())
        #expect(try USM.open(bytes, keys: nil) == message)
    }

    @Test func sealRefusesALevelTheKeysCannotGive() throws {
        let keys = try user(.sha1, nil).localizedKeys(engineID: USMTests.engineID)
        var message = SNMPEngineState(engineID: USMTests.engineID, engineBoots: 1, engineTime: 1, now: 0, saltSeed: 0)
            .request(.getRequest(PDU(requestID: 1, varBinds: [])), keys: keys, messageID: 1, now: 0)
        message.flags.insert(.encrypted)
        let error = #expect(throws: USMError.self) { try USM.seal(message, keys: keys, salt: 1) }
        #expect(error?.reason == .unsupportedSecurityLevel)
        #expect((#expect(throws: USMError.self) { try USM.seal(message, keys: nil, salt: 1) })?.reason == .unsupportedSecurityLevel)
    }

    @Test func openRefusesWhatTheKeysCannotCheck() throws {
        let full = try user(.sha1, .aes128).localizedKeys(engineID: USMTests.engineID)
        var engine = SNMPEngineState(engineID: USMTests.engineID, engineBoots: 1, engineTime: 1, now: 0, saltSeed: 0)
        let bytes = try engine.seal(.getRequest(PDU(requestID: 1, varBinds: [])), keys: full, messageID: 1, now: 0)
        let authOnly = USMLocalizedKeys(userName: "poller", engineID: USMTests.engineID, authentication: .sha1, authKey: full.authKey)
        #expect((#expect(throws: USMError.self) { try USM.open(bytes, keys: authOnly) })?.reason == .unsupportedSecurityLevel)
        let noAuth = USMLocalizedKeys(userName: "poller", engineID: USMTests.engineID)
        #expect((#expect(throws: USMError.self) { try USM.open(bytes, keys: noAuth) })?.reason == .unsupportedSecurityLevel)
        let otherProtocol = USMLocalizedKeys(
            userName: "poller", engineID: USMTests.engineID, authentication: .sha256, authKey: full.authKey, privacy: .aes128, privKey: full.privKey)
        let error = #expect(throws: USMError.self) { try USM.open(bytes, keys: otherProtocol) }
        #expect(error?.reason == .wrongDigest)
        #expect(error?.detail.contains("12 octets") == true)
    }

    @Test func plaintextAnswerToAnAuthPrivRequestIsRefused() throws {
        let keys = try user(.sha1, .aes128).localizedKeys(engineID: USMTests.engineID)
        let engine = SNMPEngineState(engineID: USMTests.engineID, engineBoots: 1, engineTime: 1, now: 0, saltSeed: 0)
        var forged = engine.request(.response(PDU(requestID: 1, varBinds: [VarBind([1, 3], .integer(1))])), keys: keys, messageID: 1, now: 0)
        forged.flags = []
        let error = #expect(throws: USMError.self) { try USM.open(forged.encode(), keys: keys) }
        #expect(error?.reason == .unsupportedSecurityLevel)
        // A Report may come lower (discovery, wrong digest): it is passed through.
        var report = forged
        report.scopedPDU = .plaintext(ScopedPDU(pdu: .report(PDU(requestID: 1, varBinds: [VarBind(USMStatistic.wrongDigests.oid, .counter32(1))]))))
        #expect(try USM.open(report.encode(), keys: keys).plaintext?.pdu.type == .report)
    }

    @Test func badPrivacyParametersAreDecryptionErrors() throws {
        let keys = try user(.md5, .des).localizedKeys(engineID: USMTests.engineID)
        var engine = SNMPEngineState(engineID: USMTests.engineID, engineBoots: 1, engineTime: 1, now: 0, saltSeed: 0)
        let bytes = try engine.seal(.getRequest(PDU(requestID: 1, varBinds: [])), keys: keys, messageID: 1, now: 0)
        // Re-sealing an already encrypted payload authenticates it again and keeps its salt.
        var message = try SNMPv3Message.decode(bytes)
        message.securityParameters.privacyParameters = [1, 2, 3]
        let shortSalt = try USM.seal(message, keys: keys, salt: 0)
        #expect((#expect(throws: USMError.self) { try USM.open(shortSalt, keys: keys) })?.reason == .decryptionError)
        message.securityParameters.privacyParameters = [9, 9, 9, 9, 9, 9, 9, 9]
        let wrongSalt = try USM.seal(message, keys: keys, salt: 0)
        #expect((#expect(throws: USMError.self) { try USM.open(wrongSalt, keys: keys) })?.reason == .decryptionError)
    }

    @Test func encryptedWithoutAuthenticatedIsMalformed() throws {
        var bytes = SNMPEngineState.discoveryRequest(messageID: 1, requestID: 1).encode()
        // msgFlags is the single octet after "04 01" in msgGlobalData.
        let at = try #require(bytes.firstRange(of: [0x04, 0x01, 0x04])).lowerBound + 2
        bytes[at] = 0x06
        let error = #expect(throws: SNMPDecodeError.self) { try SNMPv3Message.decode(bytes) }
        #expect(error?.reason == .badValue)
        bytes[at] = 0x01  // authenticated, but the payload is plaintext: fine for decode
        #expect((try? SNMPv3Message.decode(bytes))?.flags == .authenticated)
    }

    @Test func otherSecurityModelsAreRefused() throws {
        var bytes = SNMPEngineState.discoveryRequest(messageID: 1, requestID: 1).encode()
        let at = try #require(bytes.firstRange(of: [0x02, 0x01, 0x03, 0x04])).lowerBound + 2
        bytes[at] = 0x02
        let error = #expect(throws: SNMPDecodeError.self) { try SNMPv3Message.decode(bytes) }
        #expect(error?.reason == .unsupportedSecurityModel)
    }

    @Test func reportBuilderAnswersDiscovery() throws {
        let request = SNMPEngineState.discoveryRequest(messageID: 31, requestID: 32)
        let report = SNMPv3Message.report(
            answering: request, statistic: .unknownEngineIDs, count: 4, engineID: USMTests.engineID, engineBoots: 2, engineTime: 3)
        let decoded = try SNMPv3Message.decode(report.encode())
        #expect(decoded.messageID == 31)
        #expect(decoded.plaintext?.pdu.requestID == 32)
        #expect(decoded.plaintext?.pdu.varBinds == [VarBind(USMStatistic.unknownEngineIDs.oid, .counter32(4))])
        #expect(!decoded.flags.contains(.reportable))
        var engine = SNMPEngineState(saltSeed: 0)
        #expect(engine.receive(decoded, userName: "", now: 0) == .retry(.discovered))
    }
}

extension Array where Element: Equatable {
    func contains(subsequence: [Element]) -> Bool {
        guard !subsequence.isEmpty, subsequence.count <= count else { return subsequence.isEmpty }
        return (0...(count - subsequence.count)).contains { Array(self[$0..<($0 + subsequence.count)]) == subsequence }
    }
}
