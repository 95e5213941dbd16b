import Testing
@testable import SNMPCodec

@Suite struct PDUTests {
    static let varBinds = [
        VarBind([1, 3, 6, 1, 2, 1, 1, 3, 0], .timeTicks(12345)),
        VarBind([1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6, 1], .counter64(UInt64.max)),
        VarBind([1, 3, 6, 1, 2, 1, 4, 20, 1, 1, 192, 0, 2, 1], .ipAddress(0xC000_0201)),
        VarBind([1, 3, 6, 1, 2, 1, 1, 99, 0], .noSuchObject),
    ]
    static let common = PDU(requestID: -5, errorStatus: .genErr, errorIndex: 2, varBinds: varBinds)

    static let all: [SNMPPDU] = [
        .getRequest(PDU(requestID: 1, varBinds: [VarBind([1, 3, 6, 1, 2, 1, 1, 5, 0])])),
        .getNextRequest(PDU(requestID: Int32.max, varBinds: [VarBind([1, 3, 6, 1, 2, 1, 2, 2, 1, 2])])),
        .getBulkRequest(BulkPDU(requestID: Int32.min, nonRepeaters: 1, maxRepetitions: 25, varBinds: varBinds)),
        .response(common),
        .setRequest(PDU(requestID: 7, varBinds: [VarBind([1, 3, 6, 1, 2, 1, 1, 6, 0], .octetString(Array("lab".utf8)))])),
        .trapV1(TrapV1PDU(enterprise: [1, 3, 6, 1, 4, 1, 8072, 3, 2, 10], agentAddress: 0x7F00_0001, genericTrap: 2,
                          specificTrap: 0, timestamp: 12345, varBinds: [VarBind([1, 3, 6, 1, 2, 1, 2, 2, 1, 1, 2], .integer(2))])),
        .snmpV2Trap(common),
        .informRequest(common),
        .report(PDU(requestID: 9, varBinds: [VarBind(USMStatistic.unknownEngineIDs.oid, .counter32(3))])),
    ]

    @Test(arguments: all)
    func everyPDURoundTrips(pdu: SNMPPDU) throws {
        var writer = BERWriter()
        pdu.write(to: &writer)
        #expect(writer.bytes.first == pdu.type.rawValue)
        var reader = BERReader(writer.bytes)
        #expect(try SNMPPDU.read(from: &reader) == pdu)
        #expect(reader.isAtEnd)
    }

    @Test func getRequestKnownBytes() {
        // snmpget -v2c -c public HOST .1.3.6.1.2.1.1.1.0 with request-id 0x01020304.
        let message = CommunityMessage(
            version: .v2c, community: "public",
            pdu: .getRequest(PDU(requestID: 0x0102_0304, varBinds: [VarBind(OID("1.3.6.1.2.1.1.1.0")!)])))
        #expect(message.encode().hex == "302902010104067075626c6963a01c020401020304020100020100300e300c06082b060102010101000500")
    }

    @Test func bulkFieldsSitWhereErrorFieldsAre() throws {
        let bulk = SNMPPDU.getBulkRequest(BulkPDU(requestID: 1, nonRepeaters: 2, maxRepetitions: 3, varBinds: []))
        var writer = BERWriter()
        bulk.write(to: &writer)
        #expect(writer.bytes.hex == "a50b0201010201020201033000")
    }

    @Test func v1TrapMapsToSNMPv2TrapOID() {
        func trap(_ generic: Int32, _ specific: Int32 = 0) -> TrapV1PDU {
            TrapV1PDU(enterprise: [1, 3, 6, 1, 4, 1, 9], agentAddress: 0, genericTrap: generic, specificTrap: specific, timestamp: 0, varBinds: [])
        }
        #expect(trap(0).snmpTrapOID == [1, 3, 6, 1, 6, 3, 1, 1, 5, 1])  // coldStart
        #expect(trap(2).snmpTrapOID == [1, 3, 6, 1, 6, 3, 1, 1, 5, 3])  // linkDown
        #expect(trap(3).snmpTrapOID == [1, 3, 6, 1, 6, 3, 1, 1, 5, 4])  // linkUp
        #expect(trap(6, 42).snmpTrapOID == [1, 3, 6, 1, 4, 1, 9, 0, 42])
    }

    @Test func accessorsAgree() {
        for pdu in PDUTests.all {
            #expect((pdu.requestID == nil) == (pdu.type == .trapV1))
            #expect(!pdu.varBinds.isEmpty || pdu.type == .getRequest || pdu.type == .getNextRequest)
            #expect((pdu.pdu == nil) == (pdu.type == .trapV1 || pdu.type == .getBulkRequest))
        }
        #expect(SNMPPDU.getBulkRequest(BulkPDU(requestID: 4, nonRepeaters: 0, maxRepetitions: 1, varBinds: [])).requestID == 4)
    }

    @Test func errorStatusNames() {
        #expect(ErrorStatus.noSuchName.name == "noSuchName")
        #expect(ErrorStatus.inconsistentName.name == "inconsistentName")
        #expect(ErrorStatus(rawValue: 99).name == "error(99)")
        #expect(ErrorStatus(rawValue: -1).name == "error(-1)")
    }

    @Test func communityMessageRejectsPDUsOfTheOtherVersion() {
        let bulk = CommunityMessage(version: .v1, community: "public", pdu: PDUTests.all[2]).encode()
        let error = #expect(throws: SNMPDecodeError.self) { try CommunityMessage.decode(bulk) }
        #expect(error?.reason == .unexpectedTag)
        let v1TrapInV2c = CommunityMessage(version: .v2c, community: "public", pdu: PDUTests.all[5]).encode()
        #expect(throws: SNMPDecodeError.self) { try CommunityMessage.decode(v1TrapInV2c) }
        let v2 = CommunityMessage(version: .v2c, community: "public", pdu: PDUTests.all[2]).encode()
        #expect((try? CommunityMessage.decode(v2))?.pdu == PDUTests.all[2])
    }

    @Test func versionsAreChecked() {
        var v2 = CommunityMessage(version: .v2c, community: "public", pdu: PDUTests.all[0]).encode()
        v2[4] = 2  // msgVersion 2 (SNMPv2u) was never deployed
        let error = #expect(throws: SNMPDecodeError.self) { try SNMPMessage.decode(v2) }
        #expect(error?.reason == .badVersion)
        v2[4] = 3
        #expect(throws: SNMPDecodeError.self) { try CommunityMessage.decode(v2) }
    }

    @Test func trailingBytesAfterMessageAreRejected() {
        let bytes = CommunityMessage(version: .v2c, community: "public", pdu: PDUTests.all[0]).encode() + [0]
        let error = #expect(throws: SNMPDecodeError.self) { try CommunityMessage.decode(bytes) }
        #expect(error?.reason == .trailingBytes)
    }
}
