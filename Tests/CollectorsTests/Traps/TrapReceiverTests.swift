import Foundation
import NetsightModel
import SNMPCodec
import Testing

@testable import Collectors

@Suite struct TrapReceiverTests {
    static let source = IPAddress("127.0.0.1")!
    static let linkDown: OID = [1, 3, 6, 1, 6, 3, 1, 1, 5, 3]
    static let now: UInt64 = 1_800_000_000_000

    /// A receiver with the fixtures' snmptrapd engine, started `engineTime` seconds before `now`.
    func receiver(
        users: [(USMUser, engineIDs: [[UInt8]])] = [], communities: [String] = [], boots: Int32 = 1, engineTime: UInt64 = 6
    ) -> TrapReceiver {
        TrapReceiver(
            settings: .init(
                communities: Set(communities.map { Array($0.utf8) }), deviceNames: [Self.source: "lab-router"],
                engine: TrapLocalEngine(engineID: TrapFixtures.trapdEngineID, boots: boots, startMillis: Self.now - engineTime * 1000)),
            users: users, saltSeed: 42)
    }

    @Test func v1TrapFromNetSNMPBecomesLinkDownEvent() throws {
        // snmptrap -v1 … .1.3.6.1.4.1.8072.3.2.10 127.0.0.1 2 0 12345 ifIndex.2 i 2
        let r = receiver().receive(try TrapFixtures.bytes("v1-trap", "01-request.bin"), from: Self.source, now: Self.now)
        let e = try #require(r.event)
        #expect(r.error == nil && r.reply == nil)
        #expect(e.version == .v1 && e.kind == .trap && e.security == "public")
        #expect(e.trapOID == "1.3.6.1.6.3.1.1.5.3" && e.trapName == "linkDown")
        #expect(e.agentAddress == IPAddress("127.0.0.1") && e.uptime == 12345)
        #expect(e.ifIndex == 2 && e.deviceName == "lab-router" && e.timeMillis == Self.now)
        #expect(e.varBinds == ".1.3.6.1.2.1.2.2.1.1.2 = INTEGER: 2")
    }

    @Test func v2cTrapFromNetSNMPCarriesInterfaceFields() throws {
        let r = receiver().receive(try TrapFixtures.bytes("v2c-trap", "01-request.bin"), from: Self.source, now: Self.now)
        let e = try #require(r.event)
        #expect(e.version == .v2c && e.kind == .trap && e.trapName == "linkDown" && e.uptime == 12345)
        #expect(e.ifIndex == 2 && e.ifAdminStatus == 1 && e.ifOperStatus == 2)
        #expect(e.varBinds.contains(".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.6.3.1.1.5.3"))
    }

    @Test func v2cInformIsAcknowledgedWithItsRequestIDAndVarbinds() throws {
        let varBinds = [
            VarBind([1, 3, 6, 1, 2, 1, 1, 3, 0], .timeTicks(77)), VarBind([1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0], .objectIdentifier([1, 3, 6, 1, 6, 3, 1, 1, 5, 1])),
        ]
        let inform = CommunityMessage(version: .v2c, community: "public", pdu: .informRequest(PDU(requestID: -5, varBinds: varBinds)))
        let r = receiver().receive(inform.encode(), from: Self.source, now: Self.now)
        #expect(r.event?.kind == .inform && r.event?.trapName == "coldStart" && r.event?.uptime == 77)
        let reply = try #require(r.reply)
        #expect(reply.kind == .response)
        let expected = CommunityMessage(version: .v2c, community: "public", pdu: .response(PDU(requestID: -5, varBinds: varBinds)))
        #expect(reply.bytes == expected.encode())
    }

    @Test func v3InformDiscoveryReportEqualsSnmptrapds() throws {
        let r = receiver(users: [(try TrapFixtures.informUser(), [])])
            .receive(try TrapFixtures.bytes("v3-inform", "01-request.bin"), from: Self.source, now: Self.now)
        #expect(r.event == nil && r.error == nil)
        #expect(r.reply?.kind == .report)
        // Same engine ID, boots 1, time 6, counter 1 as snmptrapd's answer: same bytes.
        let snmptrapds = try TrapFixtures.bytes("v3-inform", "02-response.bin")
        #expect(r.reply?.bytes == snmptrapds)
    }

    @Test func v3InformIsAcceptedAndAcknowledgedLikeSnmptrapd() throws {
        let user = try TrapFixtures.informUser()
        let keys = user.localizedKeys(engineID: TrapFixtures.trapdEngineID)
        let captured = try TrapFixtures.bytes("v3-inform", "04-response.bin")
        let theirs = try USM.open(captured, keys: keys)
        let r = receiver(users: [(user, [])], engineTime: UInt64(theirs.securityParameters.engineTime))
            .receive(try TrapFixtures.bytes("v3-inform", "03-request.bin"), from: Self.source, now: Self.now)
        let e = try #require(r.event)
        #expect(e.version == .v3 && e.kind == .inform && e.security == "informuser" && e.trapName == "linkUp" && e.ifIndex == 2)
        #expect(e.varBinds.contains(".1.3.6.1.2.1.1.5.0 = STRING: \"fixture-agent\""))
        let reply = try #require(r.reply)
        #expect(reply.kind == .response)
        // Ours, re-sealed with snmptrapd's salt, is snmptrapd's acknowledgement byte for byte.
        let ours = try USM.open(reply.bytes, keys: keys)
        let salt = theirs.securityParameters.privacyParameters.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(try USM.seal(ours, keys: keys, salt: salt) == captured)
    }

    @Test func v3InformOutsideTheTimeWindowGetsAnAuthenticatedReport() throws {
        let user = try TrapFixtures.informUser()
        let r = receiver(users: [(user, [])], boots: 2)
            .receive(try TrapFixtures.bytes("v3-inform", "03-request.bin"), from: Self.source, now: Self.now)
        #expect(r.event == nil && r.error == "not_in_time_window")
        let report = try USM.open(try #require(r.reply).bytes, keys: user.localizedKeys(engineID: TrapFixtures.trapdEngineID))
        #expect(report.flags.securityLevel == .authNoPriv)
        #expect(report.securityParameters.engineBoots == 2)
        #expect(report.plaintext?.pdu.varBinds.first?.oid == USMStatistic.notInTimeWindows.oid)
    }

    @Test func v3InformWithWrongPasswordIsCountedAndReported() throws {
        let r = receiver(users: [(try TrapFixtures.informUser(authPassword: "not-the-password"), [])])
            .receive(try TrapFixtures.bytes("v3-inform", "03-request.bin"), from: Self.source, now: Self.now)
        #expect(r.event == nil && r.error == "wrong_digest")
        let report = try SNMPv3Message.decode(try #require(r.reply).bytes)
        #expect(report.plaintext?.pdu.varBinds.first?.oid == USMStatistic.wrongDigests.oid)
        let unknown = receiver().receive(try TrapFixtures.bytes("v3-inform", "03-request.bin"), from: Self.source, now: Self.now)
        #expect(unknown.error == "unknown_user_name")
    }

    /// A v3 trap as snmptrap -e ENGINE sends it: the sender is authoritative.
    func v3Trap(user: USMUser, engineID: [UInt8], level: SecurityLevel) throws -> [UInt8] {
        let keys = user.localizedKeys(engineID: engineID)
        let pdu = PDU(requestID: 9, varBinds: [
            VarBind([1, 3, 6, 1, 2, 1, 1, 3, 0], .timeTicks(500)),
            VarBind([1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0], .objectIdentifier(Self.linkDown)),
            VarBind([1, 3, 6, 1, 2, 1, 2, 2, 1, 1, 7], .integer(7)),
            VarBind([1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 7], .octetString(Array("ge-0/0/7".utf8))),
        ])
        let message = SNMPv3Message(
            messageID: 77, flags: MessageFlags(level: level, reportable: false),
            securityParameters: USMSecurityParameters(engineID: engineID, engineBoots: 3, engineTime: 999, userName: Array(user.name.utf8)),
            scopedPDU: .plaintext(ScopedPDU(contextEngineID: engineID, pdu: .snmpV2Trap(pdu))))
        return try USM.seal(message, keys: keys, salt: 1234)
    }

    @Test(arguments: [SecurityLevel.authNoPriv, .authPriv])
    func v3TrapFromAnySenderEngineUnlessRestricted(level: SecurityLevel) throws {
        let user = try USMUser(name: "trapper", authentication: .sha1, authPassword: "trapauthpass", privacy: .aes128, privPassword: "trapprivpass")
        let sender: [UInt8] = [0x80, 0, 0x1F, 0x88, 0x04] + Array("switch-7".utf8)
        let bytes = try v3Trap(user: user, engineID: sender, level: level)
        let r = receiver(users: [(user, [])]).receive(bytes, from: Self.source, now: Self.now)
        let e = try #require(r.event)
        #expect(r.reply == nil)
        #expect(e.version == .v3 && e.security == "trapper" && e.trapName == "linkDown")
        #expect(e.ifIndex == 7 && e.ifDescr == "ge-0/0/7" && e.uptime == 500)
        let restricted = receiver(users: [(user, [[0x80, 0, 0, 0, 4, 1]])]).receive(bytes, from: Self.source, now: Self.now)
        #expect(restricted.event == nil && restricted.error == "unknown_engine_id" && restricted.reply == nil)
        let allowed = receiver(users: [(user, [sender])]).receive(bytes, from: Self.source, now: Self.now)
        #expect(allowed.event != nil)
    }

    @Test func refusalsAreLabelledAndNeverThrow() throws {
        let r = receiver(communities: ["secret"])
        #expect(r.receive([0x30, 0x82, 0xFF], from: Self.source, now: Self.now).error == "truncated")
        #expect(r.receive([0x04, 0x00], from: Self.source, now: Self.now).error == "unexpected_tag")
        #expect(r.receive(try TrapFixtures.bytes("v2c-trap", "01-request.bin"), from: Self.source, now: Self.now).error == "unknown_community")
        let get = CommunityMessage(version: .v2c, community: "secret", pdu: .getRequest(PDU(requestID: 1, varBinds: [VarBind([1, 3, 6, 1, 2, 1, 1, 5, 0])])))
        #expect(r.receive(get.encode(), from: Self.source, now: Self.now).error == "unexpected_pdu")
        let noOID = CommunityMessage(version: .v2c, community: "secret", pdu: .snmpV2Trap(PDU(requestID: 1, varBinds: [])))
        #expect(r.receive(noOID.encode(), from: Self.source, now: Self.now).error == "missing_trap_oid")
        // Every prefix of a real trap: refused with a reason, never a crash.
        let trap = try TrapFixtures.bytes("v2c-trap", "01-request.bin")
        for n in 0..<trap.count {
            #expect(r.receive(Array(trap[..<n]), from: Self.source, now: Self.now).error != nil)
        }
    }
}
