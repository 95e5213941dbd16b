import Testing
@testable import SNMPCodec

/// SNMPv3 exchanges captured from net-snmp 5.9.3: discovery, then an authenticated (and
/// maybe encrypted) request and response, for every auth protocol and both ciphers.
@Suite struct FixtureV3Tests {
    /// Scenario and user of each exchange that succeeded.
    static let exchanges: [(String, String)] = [
        ("v3-sha-aes-get", "shaaes"), ("v3-md5-des-get", "md5des"), ("v3-sha224-authnopriv-get", "sha224"),
        ("v3-sha256-authnopriv-bulk", "sha256"), ("v3-sha384-authnopriv-get", "sha384"),
        ("v3-sha512-aes-get", "sha512aes"), ("v3-inform", "informuser"),
    ]
    static let scenarios = exchanges.map(\.0) + ["v3-unknown-user", "v3-wrong-auth-password"]

    @Test func everyV3ScenarioIsListed() throws {
        #expect(try SNMPFixtures.scenarios().filter { $0.hasPrefix("v3-") }.sorted() == FixtureV3Tests.scenarios.sorted())
    }

    private func keys(_ user: String, _ engineID: [UInt8]) throws -> USMLocalizedKeys {
        try #require(SNMPFixtures.users[user]).localizedKeys(engineID: engineID)
    }

    private func salt(_ parameters: USMSecurityParameters) -> UInt64 {
        parameters.privacyParameters.reduce(0) { $0 << 8 | UInt64($1) }
    }

    @Test(arguments: scenarios)
    func everyDatagramDecodesAndReencodes(scenario: String) throws {
        for datagram in try SNMPFixtures.datagrams(scenario) {
            let message = try SNMPv3Message.decode(datagram.bytes)
            #expect(message.encode() == datagram.bytes, "\(scenario)/\(datagram.name)")
            #expect(try SNMPMessage.version(of: datagram.bytes) == .v3)
        }
    }

    @Test(arguments: scenarios)
    func discoveryRequestEqualsNetSNMP(scenario: String) throws {
        let captured = try SNMPFixtures.bytes(scenario, "01-request.bin")
        let decoded = try SNMPv3Message.decode(captured)
        let requestID = try #require(decoded.plaintext?.pdu.requestID)
        var built = SNMPEngineState.discoveryRequest(messageID: decoded.messageID, requestID: requestID)
        if scenario == "v3-inform" {
            // snmpinform names its own engine as contextEngineID even when probing.
            built.scopedPDU = .plaintext(ScopedPDU(contextEngineID: try #require(decoded.plaintext).contextEngineID, pdu: try #require(built.plaintext).pdu))
            #expect(decoded.plaintext?.contextEngineID.isEmpty == false)
        }
        #expect(built.encode() == captured)
    }

    @Test(arguments: exchanges)
    func authenticatedDatagramsVerifyAndDecrypt(scenario: String, user: String) throws {
        let engineID = scenario == "v3-inform" ? SNMPFixtures.trapdEngineID : SNMPFixtures.agentEngineID
        let keys = try keys(user, engineID)
        let request = try USM.open(try SNMPFixtures.bytes(scenario, "03-request.bin"), keys: keys)
        let response = try USM.open(try SNMPFixtures.bytes(scenario, "04-response.bin"), keys: keys)
        #expect(request.flags.securityLevel == keys.securityLevel)
        #expect(response.flags.securityLevel == keys.securityLevel)
        let requestPDU = try #require(request.plaintext?.pdu)
        let responsePDU = try #require(response.plaintext?.pdu)
        #expect(responsePDU.type == .response)
        #expect(responsePDU.requestID == requestPDU.requestID)
        #expect(response.messageID == request.messageID)
        // The context is the request's: the agent's engine, or for an inform the sender's.
        #expect(response.plaintext?.contextEngineID == request.plaintext?.contextEngineID)
        if scenario != "v3-inform" { #expect(response.plaintext?.contextEngineID == engineID) }
        let names = responsePDU.varBinds.map(\.value)
        if scenario != "v3-sha256-authnopriv-bulk" {
            #expect(names.contains(.octetString(Array("fixture-agent".utf8))))
        }
    }

    /// Opening and sealing again with the captured salt reproduces net-snmp's bytes: the
    /// encryption, the padding and the HMAC are the same computation.
    @Test(arguments: exchanges)
    func resealingReproducesNetSNMPBytes(scenario: String, user: String) throws {
        let engineID = scenario == "v3-inform" ? SNMPFixtures.trapdEngineID : SNMPFixtures.agentEngineID
        let keys = try keys(user, engineID)
        for name in ["03-request.bin", "04-response.bin"] {
            let captured = try SNMPFixtures.bytes(scenario, name)
            let opened = try USM.open(captured, keys: keys)
            #expect(try USM.seal(opened, keys: keys, salt: salt(opened.securityParameters)) == captured, "\(scenario)/\(name)")
        }
    }

    /// The whole client path: discovery Report in, request out, equal to what snmpget sent.
    @Test(arguments: exchanges.filter { $0.0 != "v3-inform" })
    func engineStateProducesNetSNMPsRequest(scenario: String, user: String) throws {
        var engine = SNMPEngineState(saltSeed: 0)
        let report = try SNMPv3Message.decode(try SNMPFixtures.bytes(scenario, "02-response.bin"))
        #expect(engine.receive(report, userName: user, now: 50_000) == .retry(.discovered))
        #expect(engine.engineID == SNMPFixtures.agentEngineID)
        #expect(engine.engineBoots == report.securityParameters.engineBoots)

        let keys = try keys(user, engine.engineID)
        let captured = try SNMPFixtures.bytes(scenario, "03-request.bin")
        let sent = try USM.open(captured, keys: keys)
        let pdu = try #require(sent.plaintext?.pdu)
        let built = engine.request(pdu, keys: keys, messageID: sent.messageID, now: 50_400)
        #expect(try USM.seal(built, keys: keys, salt: salt(sent.securityParameters)) == captured)

        let response = try USM.open(try SNMPFixtures.bytes(scenario, "04-response.bin"), keys: keys)
        #expect(engine.receive(response, userName: user, now: 50_600) == .accepted)
    }

    @Test func wrongAuthPasswordFailsLocallyAndInTheAgentsReport() throws {
        let scenario = "v3-wrong-auth-password"
        let keys = try keys("shaaes", SNMPFixtures.agentEngineID)
        // snmpget sent with "not-the-password": our correct key must reject its HMAC.
        let error = #expect(throws: USMError.self) { try USM.open(try SNMPFixtures.bytes(scenario, "03-request.bin"), keys: keys) }
        #expect(error?.reason == .wrongDigest)
        #expect(error?.description == "authentication failed for user shaaes")
        // And the agent said so in a Report (unauthenticated, so open passes it through).
        let report = try USM.open(try SNMPFixtures.bytes(scenario, "04-response.bin"), keys: keys)
        var engine = SNMPEngineState(engineID: SNMPFixtures.agentEngineID, engineBoots: 1, engineTime: 6, now: 0, saltSeed: 1)
        guard case .failed(let reported) = engine.receive(report, userName: "shaaes", now: 0) else {
            Issue.record("a wrongDigests Report must fail the request")
            return
        }
        #expect(reported.reason == .wrongDigest)
        #expect(reported.description == "authentication failed for user shaaes")
        #expect(reported.detail.contains("1.3.6.1.6.3.15.1.1.5.0"))
    }

    @Test func unknownUserReport() throws {
        let report = try SNMPv3Message.decode(try SNMPFixtures.bytes("v3-unknown-user", "04-response.bin"))
        var engine = SNMPEngineState(engineID: SNMPFixtures.agentEngineID, engineBoots: 1, engineTime: 6, now: 0, saltSeed: 1)
        #expect(engine.receive(report, userName: "nobody", now: 0) == .failed(
            USMError(.unknownUserName, userName: "nobody", "the agent reported 1.3.6.1.6.3.15.1.1.3.0: the agent has no such user")))
    }

    @Test func wrongPrivacyPasswordIsADecryptionError() throws {
        for (scenario, user, privacy) in [("v3-sha-aes-get", "shaaes", PrivProtocol.aes128), ("v3-md5-des-get", "md5des", .des)] {
            let real = try #require(SNMPFixtures.users[user])
            let wrong = try USMUser(
                name: user, authentication: try #require(real.authentication),
                authPassword: user == "shaaes" ? "shaauthpass" : "md5authpass", privacy: privacy, privPassword: "wrongprivpass")
            let error = #expect(throws: USMError.self) {
                try USM.open(try SNMPFixtures.bytes(scenario, "04-response.bin"), keys: wrong.localizedKeys(engineID: SNMPFixtures.agentEngineID))
            }
            #expect(error?.reason == .decryptionError, "\(scenario)")
            #expect(error?.description == "decryption failed for user \(user)")
        }
    }

    @Test func wrongEngineIDOrUserIsNamed() throws {
        let bytes = try SNMPFixtures.bytes("v3-sha-aes-get", "04-response.bin")
        let otherEngine = try keys("shaaes", [0x80, 0, 0, 0, 1])
        #expect((#expect(throws: USMError.self) { try USM.open(bytes, keys: otherEngine) })?.reason == .unknownEngineID)
        let otherUser = try keys("sha512aes", SNMPFixtures.agentEngineID)
        #expect((#expect(throws: USMError.self) { try USM.open(bytes, keys: otherUser) })?.reason == .unknownUserName)
        #expect((#expect(throws: USMError.self) { try USM.open(bytes, keys: nil) })?.reason == .unknownUserName)
    }

    /// Every single-bit flip inside an authenticated message must fail: the HMAC covers
    /// all of it. Flips that break the BER first are decoding errors.
    @Test func everyBitFlipIsDetected() throws {
        let bytes = try SNMPFixtures.bytes("v3-sha256-authnopriv-bulk", "04-response.bin")
        let keys = try keys("sha256", SNMPFixtures.agentEngineID)
        for index in bytes.indices {
            var mutated = bytes
            mutated[index] ^= 0x10
            do {
                _ = try USM.open(mutated, keys: keys)
                Issue.record("flip at \(index) was accepted")
            } catch is USMError {
            } catch is SNMPDecodeError {
            }
        }
    }

    @Test func informIsAuthoritativeAtTheReceiver() throws {
        // snmpinform discovers snmptrapd's engine: the receiver is authoritative for informs.
        let report = try SNMPv3Message.decode(try SNMPFixtures.bytes("v3-inform", "02-response.bin"))
        #expect(report.securityParameters.engineID == SNMPFixtures.trapdEngineID)
        let keys = try keys("informuser", SNMPFixtures.trapdEngineID)
        let inform = try USM.open(try SNMPFixtures.bytes("v3-inform", "03-request.bin"), keys: keys)
        #expect(inform.plaintext?.pdu.type == .informRequest)
        #expect(inform.flags.contains(.reportable))
        let varBinds = try #require(inform.plaintext?.pdu.varBinds)
        #expect(varBinds[1].value == .objectIdentifier([1, 3, 6, 1, 6, 3, 1, 1, 5, 4]))  // linkUp
        // The receiver's lookup: keys found by user name and engine ID.
        let looked = try USM.open(try SNMPFixtures.bytes("v3-inform", "03-request.bin")) { parameters in
            parameters.userNameText == "informuser" && parameters.engineID == SNMPFixtures.trapdEngineID ? keys : nil
        }
        #expect(looked == inform)
    }
}
