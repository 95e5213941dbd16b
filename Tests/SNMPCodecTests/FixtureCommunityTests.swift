import Testing
@testable import SNMPCodec

/// SNMPv1/v2c datagrams captured from net-snmp 5.9.3 (snmpget, snmpbulkget, snmptrap).
@Suite struct FixtureCommunityTests {
    static let scenarios = [
        "v1-get", "v1-nosuchname", "v1-trap", "v2c-bulk-counter64", "v2c-bulk-interfaces", "v2c-end-of-mib",
        "v2c-exceptions", "v2c-get", "v2c-getnext", "v2c-trap",
    ]

    @Test func everyCommunityScenarioIsListed() throws {
        let onDisk = try SNMPFixtures.scenarios().filter { !$0.hasPrefix("v3-") }
        #expect(onDisk == FixtureCommunityTests.scenarios)
    }

    @Test(arguments: scenarios)
    func decodesAndReencodesByteForByte(scenario: String) throws {
        let datagrams = try SNMPFixtures.datagrams(scenario)
        #expect(!datagrams.isEmpty)
        for datagram in datagrams {
            let message = try CommunityMessage.decode(datagram.bytes)
            #expect(message.encode() == datagram.bytes, "\(scenario)/\(datagram.name)")
            #expect(message.community == Array("public".utf8))
            #expect(try SNMPMessage.decode(datagram.bytes) == .community(message))
        }
        // A response answers its request: same request ID.
        if datagrams.count == 2 {
            let request = try CommunityMessage.decode(datagrams[0].bytes)
            let response = try CommunityMessage.decode(datagrams[1].bytes)
            #expect(response.pdu.type == .response)
            #expect(response.pdu.requestID == request.pdu.requestID)
            #expect(response.version == request.version)
        }
    }

    @Test func v2cGetRequestBuiltFromScratchEqualsNetSNMP() throws {
        let captured = try SNMPFixtures.bytes("v2c-get", "01-request.bin")
        let requestID = try #require(try CommunityMessage.decode(captured).pdu.requestID)
        let oids = ["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.1.5.0"].map { OID($0)! }
        let built = CommunityMessage(
            version: .v2c, community: "public",
            pdu: .getRequest(PDU(requestID: requestID, varBinds: oids.map { VarBind($0) })))
        #expect(built.encode() == captured)
    }

    @Test func v2cBulkRequestBuiltFromScratchEqualsNetSNMP() throws {
        let captured = try SNMPFixtures.bytes("v2c-bulk-interfaces", "01-request.bin")
        let requestID = try #require(try CommunityMessage.decode(captured).pdu.requestID)
        let built = CommunityMessage(
            version: .v2c, community: "public",
            pdu: .getBulkRequest(BulkPDU(
                requestID: requestID, nonRepeaters: 1, maxRepetitions: 12,
                varBinds: [VarBind(OID("1.3.6.1.2.1.1.3.0")!), VarBind(OID("1.3.6.1.2.1.2.2.1")!)])))
        #expect(built.encode() == captured)
    }

    @Test func systemGroupValues() throws {
        let response = try CommunityMessage.decode(try SNMPFixtures.bytes("v2c-get", "02-response.bin"))
        let values = response.pdu.varBinds.map(\.value)
        guard case .octetString(let descr) = values[0] else {
            Issue.record("sysDescr is not a string: \(values[0])")
            return
        }
        #expect(String(decoding: descr, as: UTF8.self).hasPrefix("Linux "))
        #expect(values[1] == .objectIdentifier([1, 3, 6, 1, 4, 1, 8072, 3, 2, 10]))
        guard case .timeTicks = values[2] else {
            Issue.record("sysUpTime is not TimeTicks: \(values[2])")
            return
        }
        #expect(values[3] == .octetString(Array("fixture-agent".utf8)))
    }

    @Test func counter64AndIpAddressFromBulk() throws {
        let response = try CommunityMessage.decode(try SNMPFixtures.bytes("v2c-bulk-counter64", "02-response.bin"))
        let varBinds = response.pdu.varBinds
        #expect(varBinds.count == 12)  // 2 repeaters x 6 repetitions
        let ifHCInOctets: OID = [1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6]
        let counters = varBinds.filter { $0.oid.hasPrefix(ifHCInOctets) }
        #expect(counters.count == 4)
        #expect(counters.allSatisfy { if case .counter64 = $0.value { true } else { false } })
        // The capture's loopback had moved more than 2^32 octets: only a Counter64 holds it.
        #expect(counters.contains { if case .counter64(let v) = $0.value { v > UInt64(UInt32.max) } else { false } })
        let loopback = varBinds.first { $0.oid == OID("1.3.6.1.2.1.4.20.1.1.127.0.0.1")! }
        #expect(loopback?.value == .ipAddress(0x7F00_0001))
    }

    @Test func exceptionsFromARealAgent() throws {
        let exceptions = try CommunityMessage.decode(try SNMPFixtures.bytes("v2c-exceptions", "02-response.bin"))
        #expect(exceptions.pdu.varBinds.map(\.value.isException) == [true, true, false])
        #expect(exceptions.pdu.varBinds[0].value == .noSuchObject)
        #expect(exceptions.pdu.varBinds[1].value == .noSuchInstance)
        let end = try CommunityMessage.decode(try SNMPFixtures.bytes("v2c-end-of-mib", "02-response.bin"))
        #expect(end.pdu.varBinds == [VarBind([2, 1], .endOfMibView)])
    }

    @Test func v1ErrorStatus() throws {
        let response = try CommunityMessage.decode(try SNMPFixtures.bytes("v1-nosuchname", "02-response.bin"))
        let pdu = try #require(response.pdu.pdu)
        #expect(response.version == .v1)
        #expect(pdu.errorStatus == .noSuchName)
        #expect(pdu.errorIndex == 1)
    }

    @Test func v1Trap() throws {
        let message = try CommunityMessage.decode(try SNMPFixtures.bytes("v1-trap", "01-request.bin"))
        guard case .trapV1(let trap) = message.pdu else {
            Issue.record("not a v1 trap: \(message.pdu.type)")
            return
        }
        #expect(message.version == .v1)
        #expect(trap.enterprise == [1, 3, 6, 1, 4, 1, 8072, 3, 2, 10])
        #expect(trap.agentAddress == 0x7F00_0001)
        #expect(trap.genericTrap == 2)
        #expect(trap.specificTrap == 0)
        #expect(trap.timestamp == 12345)
        #expect(trap.snmpTrapOID == [1, 3, 6, 1, 6, 3, 1, 1, 5, 3])  // linkDown
        #expect(trap.varBinds == [VarBind([1, 3, 6, 1, 2, 1, 2, 2, 1, 1, 2], .integer(2))])
    }

    @Test func v2cTrap() throws {
        let message = try CommunityMessage.decode(try SNMPFixtures.bytes("v2c-trap", "01-request.bin"))
        #expect(message.pdu.type == .snmpV2Trap)
        let varBinds = message.pdu.varBinds
        #expect(varBinds[0] == VarBind([1, 3, 6, 1, 2, 1, 1, 3, 0], .timeTicks(12345)))  // sysUpTime.0
        #expect(varBinds[1] == VarBind([1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0], .objectIdentifier([1, 3, 6, 1, 6, 3, 1, 1, 5, 3])))
        #expect(varBinds.count == 5)
    }
}
