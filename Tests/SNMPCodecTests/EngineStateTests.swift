import Testing
@testable import SNMPCodec

@Suite struct EngineStateTests {
    static let engineID: [UInt8] = [0x80, 0, 0x1F, 0x88, 4, 1, 2, 3]

    private func report(_ statistic: USMStatistic, engineID: [UInt8] = engineID, boots: Int32, time: Int32, authenticated: Bool = false) -> SNMPv3Message {
        let request = SNMPEngineState.discoveryRequest(messageID: 1, requestID: 2)
        return SNMPv3Message.report(
            answering: request, statistic: statistic, count: 1, engineID: engineID, engineBoots: boots, engineTime: time,
            level: authenticated ? .authNoPriv : .noAuthNoPriv)
    }

    private func response(boots: Int32, time: Int32) -> SNMPv3Message {
        SNMPv3Message(
            messageID: 1, flags: .authenticated,
            securityParameters: USMSecurityParameters(engineID: EngineStateTests.engineID, engineBoots: boots, engineTime: time),
            scopedPDU: .plaintext(ScopedPDU(pdu: .response(PDU(requestID: 2, varBinds: [])))))
    }

    private func known(boots: Int32 = 5, time: Int32 = 1000, now: UInt64 = 0) -> SNMPEngineState {
        SNMPEngineState(engineID: EngineStateTests.engineID, engineBoots: boots, engineTime: time, now: now, saltSeed: 0)
    }

    @Test func discoveryLearnsEngineIDBootsAndTime() {
        var engine = SNMPEngineState(saltSeed: 7)
        #expect(!engine.isDiscovered)
        #expect(engine.receive(report(.unknownEngineIDs, boots: 3, time: 500), userName: "ops", now: 10_000) == .retry(.discovered))
        #expect(engine.isDiscovered)
        #expect(engine.engineID == EngineStateTests.engineID)
        #expect(engine.engineBoots == 3)
        #expect(engine.engineTime(now: 10_000) == 500)
        #expect(engine.engineTime(now: 70_999) == 560)
        // A second unknownEngineIDs for the same engine is a real failure, not a loop.
        guard case .failed(let error) = engine.receive(report(.unknownEngineIDs, boots: 3, time: 560), userName: "ops", now: 70_000) else {
            Issue.record("expected failure")
            return
        }
        #expect(error.reason == .unknownEngineID)
    }

    @Test func changedEngineIDIsRediscovered() {
        var engine = known()
        let other: [UInt8] = [0x80, 0, 0, 9, 9]
        #expect(engine.receive(report(.unknownEngineIDs, engineID: other, boots: 1, time: 1), userName: "ops", now: 0) == .retry(.discovered))
        #expect(engine.engineID == other)
    }

    @Test func notInTimeWindowResynchronisesOnce() {
        var engine = known(boots: 5, time: 1000)
        let outcome = engine.receive(report(.notInTimeWindows, boots: 6, time: 20, authenticated: true), userName: "ops", now: 1_000)
        #expect(outcome == .retry(.resynchronized))
        #expect(engine.engineBoots == 6)
        #expect(engine.engineTime(now: 1_000) == 20)
        // The same report again (our estimate already matches): retrying cannot help.
        guard case .failed(let error) = engine.receive(report(.notInTimeWindows, boots: 6, time: 20, authenticated: true), userName: "ops", now: 1_500) else {
            Issue.record("expected failure")
            return
        }
        #expect(error.reason == .notInTimeWindow)
        #expect(error.description == "message outside the time window for user ops")
    }

    @Test(arguments: [
        (Int32(5), Int32(1000), true, "same boots, same time"),
        (5, 851, true, "149 s behind is inside the window"),
        (5, 849, false, "151 s behind"),
        (4, 5000, false, "boots went back"),
        (6, 0, true, "new boots is adopted"),
        (5, 3000, true, "later time is adopted"),
    ])
    func timeWindow(boots: Int32, time: Int32, timely: Bool, why: String) {
        var engine = known(boots: 5, time: 1000)
        let result = engine.isTimely(boots: boots, time: time, now: 0)
        #expect(result == timely, "\(why)")
    }

    @Test func windowMovesWithTheClock() {
        var engine = known(boots: 5, time: 1000, now: 0)
        // 200 s later the agent's clock says 1200; a message stamped 1000 is now too old.
        let stale = engine.isTimely(boots: 5, time: 1000, now: 200_000)
        let fresh = engine.isTimely(boots: 5, time: 1051, now: 200_000)
        #expect(!stale)
        #expect(fresh)
        #expect(engine.latestReceivedEngineTime == 1051)
    }

    @Test func latchedBootsRefuseEverything() {
        var engine = known(boots: Int32.max, time: 10)
        let result = engine.isTimely(boots: Int32.max, time: 10, now: 0)
        #expect(!result)
    }

    @Test func authenticatedResponsesAreCheckedUnauthenticatedAreNot() {
        var engine = known(boots: 5, time: 1000)
        #expect(engine.receive(response(boots: 5, time: 1001), userName: "ops", now: 0) == .accepted)
        guard case .failed(let error) = engine.receive(response(boots: 4, time: 1001), userName: "ops", now: 0) else {
            Issue.record("an older boots value must fail")
            return
        }
        #expect(error.reason == .notInTimeWindow)
        var plain = response(boots: 0, time: 0)
        plain.flags = []
        #expect(engine.receive(plain, userName: "ops", now: 0) == .accepted)
    }

    @Test func otherReportsMapToTheirErrors() {
        let cases: [(USMStatistic, USMError.Reason, String)] = [
            (.wrongDigests, .wrongDigest, "authentication failed for user ops"),
            (.unknownUserNames, .unknownUserName, "unknown user ops"),
            (.decryptionErrors, .decryptionError, "decryption failed for user ops"),
            (.unsupportedSecLevels, .unsupportedSecurityLevel, "security level not supported for user ops"),
            (.unknownContexts, .unknownContext, "unknown context for user ops"),
            (.unavailableContexts, .unavailableContext, "unavailable context for user ops"),
        ]
        for (statistic, reason, text) in cases {
            var engine = known()
            guard case .failed(let error) = engine.receive(report(statistic, boots: 5, time: 1000), userName: "ops", now: 0) else {
                Issue.record("\(statistic) must fail")
                continue
            }
            #expect(error.reason == reason)
            #expect(error.description == text)
            #expect(error.detail.contains(statistic.oid.description))
        }
    }

    @Test func unknownReportOID() {
        let report = PDU(requestID: 1, varBinds: [VarBind([1, 3, 6, 1, 6, 3, 11, 2, 1, 3, 0], .counter32(1))])
        let error = USMError(report: report, userName: "ops")
        #expect(error.reason == .unexpectedReport)
        #expect(error.detail.contains("1.3.6.1.6.3.11.2.1.3.0"))
        #expect(USMError(report: PDU(requestID: 1, varBinds: []), userName: "ops").reason == .unexpectedReport)
        #expect(USMStatistic(oid: [1, 3, 6, 1, 6, 3, 15, 1, 1, 5]) == .wrongDigests)  // without ".0"
    }

    @Test func saltsNeverRepeat() {
        var engine = SNMPEngineState(saltSeed: UInt64.max - 2)
        let salts = (0..<6).map { _ in engine.nextSalt() }
        #expect(Set(salts).count == 6)
        #expect(salts[2] == 0)  // wraps instead of trapping
    }

    @Test func requestsCarryLevelReportableAndEstimate() throws {
        let engine = known(boots: 5, time: 1000, now: 0)
        let user = try USMUser(name: "ops", authentication: .sha256, authPassword: "authpassword", privacy: .aes128, privPassword: "privpassword")
        let keys = user.localizedKeys(engineID: engine.engineID)
        let get = engine.request(.getRequest(PDU(requestID: 1, varBinds: [])), keys: keys, messageID: 9, now: 30_000)
        #expect(get.flags == [.authenticated, .encrypted, .reportable])
        #expect(get.securityParameters.engineTime == 1030)
        #expect(get.securityParameters.engineBoots == 5)
        #expect(get.securityParameters.userName == Array("ops".utf8))
        let trap = engine.request(.snmpV2Trap(PDU(requestID: 1, varBinds: [])), keys: keys, messageID: 9, now: 0)
        #expect(!trap.flags.contains(.reportable))
    }
}
